"""`make bench`: load tests of the rider pages under production-like settings (see run.py)."""
