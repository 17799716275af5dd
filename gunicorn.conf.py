"""gunicorn's settings for production, read by `gunicorn friendlystreet.wsgi` from this
directory and by `make bench`, so that the benchmark measures the server as it is deployed.

Workers: gunicorn's documented starting point, (2 × cores) + 1. A sync worker waits idle
for every round trip to PostgreSQL and Redis; with one worker per core, a core sits idle
whenever its worker waits. WEB_CONCURRENCY overrides the count (gunicorn's own variable).
"""

import os

workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1) + 1)
