"""Settings of the benchmark server: production settings, plus the ceiling view.

run.py sets the environment (DEBUG=False, a SECRET_KEY, ALLOWED_HOSTS=127.0.0.1,
SECURE_SSL_REDIRECT=False, DATABASE_URL and REDIS_URL of the bench's own databases, and
where static files and uploads go) before this loads. The ceiling view lives in
bench/urls.py, which only this module names: it never exists in the production URLconf
(nor in the permission matrix's).
"""

import os
import tempfile
from pathlib import Path

from friendlystreet.settings import *  # noqa: F403

BENCH = True
ROOT_URLCONF = "bench.urls"
# collectstatic for the manifest storage goes here, not into the shared staticfiles/.
STATIC_ROOT = Path(os.environ.get("BENCH_STATIC_ROOT", Path(tempfile.gettempdir()) / "friendlystreet-bench-static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(os.environ.get("BENCH_MEDIA_ROOT", Path(tempfile.gettempdir()) / "friendlystreet-bench-media"))
# Quiet: gunicorn's workers would otherwise log every 4xx of the load.
LOGGING["root"]["level"] = "ERROR"  # noqa: F405
