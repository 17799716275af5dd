"""Neighbourhood reports (基层治理线索上报): services, selectors and errors."""
