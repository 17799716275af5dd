# Two commands on a fresh machine with Python 3.11+:  make run  |  make test
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test a11y install install-dev migrate messages prod-check worker beat bench lint check-deploy check-deploy-env backup restore clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Compiled catalogues are committed; recompile only where gettext is installed and a .po changed.
messages:
	@if command -v msgfmt >/dev/null 2>&1; then \
	  for po in $$(find locale -name '*.po'); do mo=$${po%.po}.mo; \
	    if [ ! -f $$mo ] || [ $$po -nt $$mo ]; then msgfmt --check-format -o $$mo.new $$po && \
	      if cmp -s $$mo.new $$mo; then rm $$mo.new; touch $$mo; else mv $$mo.new $$mo && echo "compiled $$mo"; fi; fi; done; \
	fi

# Beside runserver, the periodic tasks that are due (voucher expiry and refunds, reminders, the
# digest...) run in-process, as beat would send them (README, "Background work"); stopped with it.
run: install messages
	DEBUG=True $(PY) manage.py migrate --noinput -v 0
	DEBUG=True $(PY) manage.py seed_demo
	DEBUG=True $(PY) manage.py run_periodic_tasks & periodic=$$!; trap 'kill $$periodic 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	  DEBUG=True $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The database brought up to date (after a pull), without the demo data or a server.
migrate: install
	DEBUG=True $(PY) manage.py migrate --noinput

# Two processes (pytest-xdist), one a core: the suite takes about 1.4 times less on two cores.
# TEST_PROCESSES=0 runs it in one, e.g. to read a failure's output in order.
TEST_PROCESSES ?= 2
test: install-dev messages
	$(PY) -m pytest -n $(TEST_PROCESSES) $(PYTEST_ARGS)

# Accessibility (issue 18): axe-core on every page by role at 360 and 1280 px (tests/a11y), then
# Lighthouse (mobile) on four pages against a production-like gunicorn (.ci/lighthouse/run.py).
# Needs Chromium at /usr/bin/chromium and Node 20 (lighthouse 12.x; 13.x wants Node 22).
a11y: install-dev messages
	$(PY) -m pytest -q -m a11y tests/a11y $(PYTEST_ARGS)
	cd .ci/lighthouse && npm ci --no-audit --no-fund --loglevel=error
	$(PY) .ci/lighthouse/run.py

# Background work needs a broker (README, "Background work"): without CELERY_BROKER_URL, tasks
# already run in-process and there is nothing for a worker to do. Run one beat, never more.
WORKER_CONCURRENCY ?= 2
NEED_BROKER = @if [ -z "$$CELERY_BROKER_URL" ] && ! grep -qs '^CELERY_BROKER_URL=.' .env; then \
	  echo "Set CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0), in the environment or in .env." >&2; exit 1; fi

worker: install
	$(NEED_BROKER)
	$(VENV)/bin/celery -A friendlystreet worker -l info --concurrency=$(WORKER_CONCURRENCY)

beat: install
	$(NEED_BROKER)
	$(VENV)/bin/celery -A friendlystreet beat -l info --scheduler django_celery_beat.schedulers:DatabaseScheduler

lint: install-dev
	$(VENV)/bin/ruff check .

# CI's deploy check of the code, not of a server: production values made up on the command line,
# which win over .env (DEBUG=True or a placeholder key there go unseen). The code's default SMS
# backend is console (a server sets aliyun and its key), so its warning (sms.W001) is left out here only. A server: make check-deploy-env.
check-deploy: install
	DEBUG=False SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-enough-secret-key-for-the-check ALLOWED_HOSTS=friendlystreet.example \
	  TRUSTED_PROXY_COUNT=1 SILENCED_SYSTEM_CHECKS=sms.W001 $(PY) manage.py check --deploy --fail-level WARNING
	@# The production static pipeline (hashed, compressed) must build: a vendored file that
	@# names a missing source map fails here, not on the first deployment.
	static=$$(mktemp -d); trap 'rm -rf "$$static"' EXIT; \
	  DEBUG=False SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-enough-secret-key-for-the-check ALLOWED_HOSTS=friendlystreet.example \
	  STATIC_ROOT=$$static $(PY) manage.py collectstatic --noinput -v 0

# The deploy check of this machine's settings as they are: .env (on a server, the link to the env
# file) and nothing made up. Variables set in the shell still win over .env.
check-deploy-env: install
	$(PY) manage.py check --deploy --fail-level WARNING

# The production story end to end (.ci/prod-check, about 1.5 minutes): gunicorn with DEBUG off, PostgreSQL
# (database fs_prodcheck, recreated), its own Redis on port 6391, a Celery worker and beat; a rider from
# sign-up to deletion over HTTP, the worker stopped mid-batch, Redis stopped for ten seconds.
prod-check: install
	.ci/prod-check

bench: install-dev
	$(PY) bench/run.py

# Backups (deploy/README.md, "Backups"): the database (pg_dump -Fc, or a SQLite copy), the media and
# a manifest, in BACKUP_DIR/friendlystreet-<time>/. Restore only into a fresh, empty database and
# MEDIA_ROOT: `make restore BACKUP=data/backups/friendlystreet-…` checks every row count and balance after.
BACKUP_DIR ?= data/backups
backup: install
	$(PY) manage.py backup --dir $(BACKUP_DIR) $(if $(KEEP),--keep $(KEEP))

restore: install
	@test -n "$(BACKUP)" || { echo "make restore BACKUP=$(BACKUP_DIR)/friendlystreet-<time> (into a fresh, empty database)" >&2; exit 1; }
	$(PY) manage.py restore $(BACKUP)

clean:
	rm -rf $(VENV) data staticfiles
