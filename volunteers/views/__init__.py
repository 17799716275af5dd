"""Pages of the volunteers app: rider.py (riders and the public), staff.py (street-office staff)."""
