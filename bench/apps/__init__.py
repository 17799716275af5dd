"""Per-app seeding and scenarios for `make bench` (see bench/scenarios.py)."""
