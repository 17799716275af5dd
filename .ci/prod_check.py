"""The production story over HTTP (issue #19), run by `.ci/prod-check` after it has made a fresh
database with the demo. This starts Redis (its own server), gunicorn with DEBUG off, a Celery
worker and one beat, then:

1. a rider signs up with an SMS code read from the outbox, staff verify them, the rider files a
   claim with a photo, a reviewer approves it (the SMS comes through the worker), the rider
   redeems a reward, the merchant confirms the voucher, the rider downloads their data and asks
   for deletion; every balance equals the sum of its ledger;
2. a batch of SMS notifications; the worker is stopped in the middle of it, twice (a warm
   shutdown, as systemd stops it, and a kill -9, as a crash), and started again: each SMS is
   in the outbox exactly once;
3. Redis is stopped for ten seconds: every page still answers (no 5xx), an action that
   notifies still succeeds, and its SMS goes out once Redis is back.

Every process is in its own process group, listed in $PRODCHECK_DIR/pids for the shell's trap.
Exits non-zero with the reason on the first failure.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import psycopg2
import requests
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv/bin/python")
WORK = Path(os.environ["PRODCHECK_DIR"])
PORT = int(os.environ["PRODCHECK_PORT"])
REDIS_PORT = int(os.environ["PRODCHECK_REDIS_PORT"])
BASE = f"http://127.0.0.1:{PORT}"
ORIGIN = f"https://127.0.0.1:{PORT}"  # what the browser sees: TLS ends at the proxy
DEMO_PASSWORD = "friendly-demo-2026"  # noqa: S105 - friendlystreet/accounts/demo.py
T0 = time.monotonic()


class CheckFailed(Exception):
    pass


def step(title: str) -> None:
    print(f"== [{time.monotonic() - T0:5.1f} s] {title}", flush=True)


def note(text: str) -> None:
    print(f"   {text}", flush=True)


def check(condition, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def wait_for(what: str, predicate, timeout: float, interval: float = 0.3):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise CheckFailed(f"waited {timeout:.0f} s for {what}")
        time.sleep(interval)


# --- processes -----------------------------------------------------------------------------


class Process:
    def __init__(self, name: str, args: list[str]) -> None:
        self.name, self.args, self.popen = name, args, None

    def start(self) -> Process:
        log = open(WORK / f"{self.name}.log", "ab")  # noqa: SIM115 - the child keeps it
        # PYTHONFAULTHANDLER: a process that hangs on stop writes its stacks as stop() aborts it.
        env = {**os.environ, "PYTHONFAULTHANDLER": "1"}
        self.popen = subprocess.Popen(self.args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)  # noqa: S603
        with open(WORK / "pids", "a") as pids:
            pids.write(f"{self.popen.pid}\n")
        return self

    def send(self, sig: int) -> None:
        """To the whole group: gunicorn's and Celery's children too."""
        if self.popen and self.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, sig)

    def stop(
        self, sig: int = signal.SIGTERM, timeout: float = 30, *, leader_only: bool = False, hang_ok: bool = False
    ) -> float | None:
        """Send `sig` (to the leader only: systemd's KillMode=mixed, as deploy/systemd's worker
        unit has it), wait for the leader to exit; the seconds it took. A leader still there
        after `timeout` fails the check, unless `hang_ok`: then it is killed, as systemd kills
        what outlives TimeoutStopSec, and the answer is None."""
        started = time.monotonic()
        if leader_only and self.popen and self.popen.poll() is None:
            self.popen.send_signal(sig)
        else:
            self.send(sig)
        if self.popen:
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                # SIGABRT first: a process started with PYTHONFAULTHANDLER=1 writes every
                # thread's stack to its log as it dies, which says what held it.
                with contextlib.suppress(ProcessLookupError):
                    self.popen.send_signal(signal.SIGABRT)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.popen.wait(3)
                self.send(signal.SIGKILL)
                self.popen.wait(5)
                if hang_ok:
                    return None
                raise CheckFailed(
                    f"{self.name} did not stop within {timeout:.0f} s of signal {sig} (its stacks: {self.name}.log)"
                ) from None
            # Whatever the leader left behind (a prefork child) goes with it.
            self.send(signal.SIGKILL)
        return time.monotonic() - started

    def alive(self) -> bool:
        return bool(self.popen) and self.popen.poll() is None


def redis() -> Process:
    return Process(
        "redis",
        [
            "redis-server",
            "--port",
            str(REDIS_PORT),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "no",
        ],
    )


def redis_up() -> bool:
    answer = subprocess.run(["redis-cli", "-p", str(REDIS_PORT), "ping"], capture_output=True, text=True)  # noqa: S603,S607
    return answer.stdout.strip() == "PONG"


def gunicorn() -> Process:
    # gunicorn.conf.py from the project's directory; WEB_CONCURRENCY=2 (the shell) makes 2 workers.
    # Its own control socket: gunicorn's default (~/.gunicorn/gunicorn.ctl) is shared by every
    # gunicorn of the user, the fuzzing's included.
    return Process(
        "gunicorn",
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "friendlystreet.wsgi",
            "-b",
            f"127.0.0.1:{PORT}",
            "--control-socket",
            str(WORK / "gunicorn.ctl"),
        ],
    )


def worker() -> Process:
    return Process(
        "worker",
        [str(ROOT / ".venv/bin/celery"), "-A", "friendlystreet", "worker", "-l", "info", "--concurrency=2", "-n", "prodcheck@%h"],
    )


def beat() -> Process:
    # The scheduler is django-celery-beat's (settings.CELERY_BEAT_SCHEDULER), as `make beat`.
    return Process(
        "beat",
        [str(ROOT / ".venv/bin/celery"), "-A", "friendlystreet", "beat", "-l", "info", "-s", str(WORK / "beat-schedule")],
    )


def stack_lines(log: Path) -> list[str]:
    """The stacks faulthandler wrote at the end of a log (after 'Fatal Python error')."""
    text = log.read_text(errors="replace")
    at = text.rfind("Fatal Python error")
    return text[at:].splitlines()[:60] if at >= 0 else ["(no stacks in the log)"]


def worker_ready(since: int) -> bool:
    log = (WORK / "worker.log").read_bytes()[since:]
    return b" ready." in log


def start_worker() -> Process:
    log = WORK / "worker.log"
    since = log.stat().st_size if log.exists() else 0
    proc = worker().start()
    wait_for("the Celery worker to be ready", lambda: worker_ready(since) or not proc.alive(), 30)
    check(proc.alive(), "the Celery worker exited at start (worker.log)")
    return proc


def django(code: str) -> str:
    """Run Python in `manage.py shell` against the check's database (only to read what the
    check asserts on, or to make a batch as a service call would); its printed output."""
    result = subprocess.run([PY, "manage.py", "shell", "-v", "0", "-c", code], cwd=ROOT, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise CheckFailed(f"manage.py shell failed:\n{result.stderr[-2000:]}")
    return result.stdout.strip()


def django_json(code: str):
    return json.loads(django(code).splitlines()[-1])


_db = None


def sql(query: str, *args) -> list[tuple]:
    """Read the check's database directly (a manage.py shell costs a second and a half): only
    to see what the check asserts on, never to change what the story does over HTTP."""
    global _db
    if _db is None:
        url = urlsplit(os.environ["DATABASE_URL"])
        _db = psycopg2.connect(
            dbname=url.path.lstrip("/"), user=url.username, password=url.password, host=url.hostname, port=url.port
        )
        _db.autocommit = True
    with _db.cursor() as cur:
        cur.execute(query, args)
        return cur.fetchall()


def sql_one(query: str, *args):
    rows = sql(query, *args)
    return rows[0][0] if rows else None


# --- a browser, as far as forms and cookies go -----------------------------------------------


class Form:
    def __init__(self, attrs: dict[str, str]) -> None:
        self.action = attrs.get("action") or ""
        self.method = (attrs.get("method") or "get").lower()
        self.enctype = attrs.get("enctype") or ""
        self.fields: list[tuple[str, str]] = []  # what the browser would send, in order
        self.names: set[str] = set()  # every named control, sent or not
        self.options: dict[str, list[str]] = {}

    def __repr__(self) -> str:
        return f"<form {self.method} {self.action!r} {sorted(self.names)}>"


class FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.current: Form | None = None
        self.select: str | None = None
        self.select_chosen = False
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self.current = Form(a)
            self.forms.append(self.current)
            return
        f = self.current
        if f is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            f.names.add(name)
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio"):
                f.options.setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a:
                    f.fields.append((name, a.get("value", "on")))
                return
            f.fields.append((name, a.get("value", "")))
        elif tag == "select" and name:
            f.names.add(name)
            self.select, self.select_chosen = name, False
            f.options[name] = []
        elif tag == "option" and self.select:
            value = a.get("value", "")
            f.options[self.select].append(value)
            if "selected" in a and not self.select_chosen:
                f.fields.append((self.select, value))
                self.select_chosen = True
        elif tag == "textarea" and name:
            f.names.add(name)
            self.textarea, self.text = name, ""
        elif tag == "button" and name:
            f.names.add(name)

    def handle_data(self, data):
        if self.textarea:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select" and self.select:
            options = self.current.options[self.select] if self.current else []
            if self.current and not self.select_chosen and options:
                self.current.fields.append((self.select, options[0]))  # as a browser shows it
            self.select = None
        elif tag == "textarea" and self.textarea and self.current:
            self.current.fields.append((self.textarea, self.text))
            self.textarea = None


def forms_of(html: str) -> list[Form]:
    parser = FormParser()
    parser.feed(html)
    return parser.forms


class Page:
    def __init__(self, client: Client, path: str, response: requests.Response) -> None:
        self.client, self.path, self.response = client, path, response
        self.status = response.status_code
        self.text = response.text

    def form(self, *, action: str | None = None, field: str | None = None) -> Form:
        """The page's form whose action contains `action` and that has a control `field`."""
        for f in forms_of(self.text):
            target = urljoin(self.path, f.action) if f.action else self.path
            if (action is None or action in target) and (field is None or field in f.names):
                f.action = target
                return f
        raise CheckFailed(f"no form (action ~ {action!r}, field {field!r}) on {self.path}: {forms_of(self.text)}")

    def submit(self, *, action: str | None = None, field: str | None = None, data=None, files=None, expect=(200, 302)) -> Page:
        """Fill the form as a browser would (its hidden inputs, CSRF token included, its defaults),
        override with `data`, and send it with this page as the Referer."""
        f = self.form(action=action, field=field)
        values = dict(data or {})
        sent = [(k, v) for k, v in f.fields if k not in values]
        for k, v in values.items():
            if isinstance(v, list | tuple):
                sent.extend((k, x) for x in v)
            elif v is not None:
                sent.append((k, v))
        return self.client.request(f.method.upper(), f.action, data=sent, files=files, referer=self.path, expect=expect)


class Client:
    """requests without its cookie jar: the cookies are Secure (DEBUG off), and the jar would not
    send them over the plain HTTP that reaches gunicorn behind the stand-in for the proxy
    (X-Forwarded-Proto: https), so this keeps them itself. Redirects are followed by hand."""

    def __init__(self, who: str) -> None:
        self.who = who
        self.cookies: dict[str, str] = {}
        self.http = requests.Session()

    def _remember(self, response: requests.Response) -> None:
        for header in response.raw.headers.getlist("Set-Cookie"):
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or morsel.value == "" or "1970" in morsel["expires"]:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def request(
        self, method: str, path: str, *, data=None, files=None, referer: str | None = None, expect=(200,), follow=True, timeout=20
    ) -> Page:
        for _hop in range(10):
            headers = {"X-Forwarded-Proto": "https", "Accept-Language": "zh-hans"}
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            if method != "GET":
                headers["Referer"] = ORIGIN + (referer or path)
                headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            response = self.http.request(
                method, BASE + path, headers=headers, data=data, files=files, allow_redirects=False, timeout=timeout
            )
            self._remember(response)
            if follow and response.status_code in (301, 302, 303, 307, 308):
                location = response.headers["Location"]
                parts = urlsplit(urljoin(ORIGIN + path, location))
                check(parts.netloc == f"127.0.0.1:{PORT}", f"{self.who}: {method} {path} redirected off the site: {location}")
                check(parts.scheme == "https", f"{self.who}: {method} {path} redirected to {location}")
                referer, path = path, parts.path + (f"?{parts.query}" if parts.query else "")
                if response.status_code in (301, 302, 303):
                    method, data, files = "GET", None, None
                continue
            page = Page(self, path, response)
            if expect and page.status not in expect:
                raise CheckFailed(f"{self.who}: {method} {path} answered {page.status} (expected {expect}):\n{page.text[:1500]}")
            return page
        raise CheckFailed(f"{self.who}: too many redirects from {path}")

    def get(self, path: str, expect=(200,), **kw) -> Page:
        return self.request("GET", path, expect=expect, **kw)

    def sign_in(self, login: str, password: str = DEMO_PASSWORD) -> None:
        page = self.get("/accounts/login/").submit(field="password", data={"login": login, "password": password})
        check(page.path != "/accounts/login/", f"{self.who}: signing in as {login} stayed on the sign-in page")


def png_photo() -> bytes:
    image = Image.new("RGB", (320, 240), (200, 120, 40))
    for x in range(0, 320, 16):
        for y in range(0, 240, 16):
            if (x + y) // 16 % 2:
                image.putpixel((x, y), (20, 60, 160))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def outbox(phone: str) -> list[str]:
    """The SMS kept for this number (friendlystreet/sms: OutboxMessage), oldest first."""
    return [text for (text,) in sql("SELECT text FROM sms_outboxmessage WHERE phone = %s ORDER BY id", phone)]


def code_in(text: str) -> str:
    match = re.search(r"\b(\d{6})\b", text)
    check(match, f"no six-digit code in the SMS {text!r}")
    return match.group(1)


def outbox_count(phone: str) -> int:
    return len(outbox(phone))


def ledger_adds_up() -> tuple[int, int]:
    """Every account's balance equals the sum of its ledger and its last row's balance_after."""
    bad = sql(
        "WITH sums AS (SELECT account_id, SUM(amount) AS total FROM points_ledgerentry GROUP BY account_id),"
        " last AS (SELECT DISTINCT ON (account_id) account_id, balance_after FROM points_ledgerentry"
        " ORDER BY account_id, id DESC)"
        " SELECT a.rider_id, a.balance, COALESCE(s.total, 0), l.balance_after FROM points_account a"
        " LEFT JOIN sums s ON s.account_id = a.rider_id LEFT JOIN last l ON l.account_id = a.rider_id"
        " WHERE a.balance <> COALESCE(s.total, 0) OR a.balance <> COALESCE(l.balance_after, 0)"
    )
    check(not bad, f"balances that are not their ledger's sum [account, balance, sum, last balance_after]: {bad}")
    return sql_one("SELECT COUNT(*) FROM points_account"), sql_one("SELECT COUNT(*) FROM points_ledgerentry")


# --- 1. the story ------------------------------------------------------------------------------


def story() -> None:
    run = f"{int(time.time()) % 10**8:08d}"
    phone = "139" + run  # a fresh number each run
    e164 = f"+86{phone}"
    password = f"Prodcheck-{run}-pass"
    rider = Client("the new rider")

    step("a rider signs up with an SMS code read from the outbox")
    page = rider.get("/accounts/signup/").submit(
        field="phone",
        data={
            "phone": phone,
            "display_name": "检查骑手",
            "platform": "美团",
            "password1": password,
            "password2": password,
            "privacy_consent": "on",
        },
    )
    check(page.path == "/accounts/phone/verify/", f"sign-up went to {page.path}, not the code page")
    code = code_in(wait_for("the sign-up code in the outbox", lambda: outbox(e164), 10)[-1])
    page = page.submit(field="code", data={"code": code})
    check(page.path == "/home/", f"the code led to {page.path}, not the rider's home")
    rider_id = sql_one("SELECT id FROM accounts_user WHERE phone = %s", e164)
    page = rider.get("/points/claims/new/")
    check("claim-form" not in page.text, "an unverified rider was shown the claim form")
    note(f"rider #{rider_id} signed up; the code proved {e164}")

    step("staff verify the rider")
    staff = Client("the street admin")
    staff.sign_in("admin")
    queue = staff.get("/staff/riders/")
    check(f"/staff/riders/{rider_id}/decide/" in queue.text, "the new rider is not in the verification queue")
    staff.get(f"/staff/riders/{rider_id}/decide/").submit(action="/decide/", field="decision", data={"decision": "verify"})
    page = rider.get("/points/claims/new/")
    check("claim-form" in page.text, "the verified rider still has no claim form")

    step("the rider files a claim with a photo")
    rule = re.search(r'<option value="(\d+)"[^>]*>[^<]*拾金不昧', page.text)
    check(rule, "no rule 拾金不昧 (50 points, photo) on the claim form")
    when = time.strftime("%Y-%m-%dT%H:%M", time.gmtime(time.time() + 8 * 3600 - 3600))  # an hour ago, Asia/Shanghai
    page = page.submit(
        field="rule",
        data={
            "rule": rule.group(1),
            "quantity": "2",
            "occurred_at": when,
            "description": "交还了顾客遗失的钱包",
            "location": "成龙路",
        },
        files=[("photos", ("wallet.jpg", png_photo(), "image/jpeg"))],
    )
    claim = re.fullmatch(r"/points/claims/(\d+)/", page.path)
    check(claim, f"the claim form went to {page.path}:\n{page.text[:1500]}")
    claim_id = int(claim.group(1))
    photo = re.search(r"(/points/photos/\d+/)", page.text)
    check(photo, "the claim page shows no photo")
    check(rider.get(photo.group(1)).response.headers["Content-Type"].startswith("image/"), "the photo is not an image")
    Client("a stranger").get(photo.group(1), expect=(302, 403, 404), follow=False)  # never public
    note(f"claim #{claim_id}, 2 × 50 points, with its photo")

    step("a reviewer approves it; the SMS comes through the worker")
    before = outbox_count(e164)
    reviewer = Client("the reviewer")
    reviewer.sign_in("reviewer")
    reviewer.get(f"/staff/claims/{claim_id}/").submit(action=f"/staff/claims/{claim_id}/approve/")
    texts = wait_for("the approval SMS in the outbox", lambda: outbox(e164)[before:], 30)
    note(f"SMS: {texts[-1]}")
    passbook = rider.get("/points/")
    check("100" in passbook.text, "the passbook does not show the 100 points")

    step("the rider redeems a reward; the merchant confirms the voucher")
    catalogue = rider.get("/rewards/")
    # The link whose card (up to the next reward's link) names the barber's free quick cut.
    cards = re.split(r'(?=href="/rewards/\d+/")', catalogue.text)
    reward = next(
        (re.match(r'href="(/rewards/\d+/)"', c).group(1) for c in cards if c.startswith('href="/rewards/') and "免费快剪" in c),
        None,
    )
    check(reward, "no 免费快剪一次 (80 points, the barber's) in the catalogue")
    page = rider.get(reward).submit(action="/redeem/")
    voucher = re.fullmatch(r"/vouchers/([^/]+)/", page.path)
    check(voucher, f"redeeming went to {page.path}")
    code = voucher.group(1)
    barber = Client("the barber")
    barber.sign_in("barber")
    page = barber.get("/redeem/").submit(action="/redeem/lookup/", data={"code": code})
    page = page.submit(action="/redeem/confirm/")
    status = sql_one("SELECT status FROM points_voucher WHERE code = %s", code)
    check(status == "redeemed", f"the voucher is {status!r} after the merchant confirmed it")
    again = barber.get("/redeem/").submit(action="/redeem/lookup/", data={"code": code}, expect=(409,))
    check('data-result="already_redeemed"' in again.text, "a used voucher is not answered 'already redeemed'")
    note(f"voucher {code} redeemed at the barber's")

    step("the rider downloads their data")
    page = rider.get("/profile/data/").submit(action="/profile/data/")

    def export_ready():
        link = re.search(r'href="(/profile/data/\d+/download/)"', rider.get("/profile/data/").text)
        return link and link.group(1)

    link = wait_for("the data export to be ready", export_ready, 60, interval=1)
    download = rider.get(link)
    archive = zipfile.ZipFile(io.BytesIO(download.response.content))
    names = archive.namelist()
    check("data.json" in names, f"the ZIP holds {names}")
    data = archive.read("data.json").decode()
    check(phone[-4:] in data and "交还了顾客遗失的钱包" in data, "data.json lacks the rider's phone or claim")
    check(any(n.endswith((".jpg", ".jpeg", ".png", ".webp")) for n in names), f"the ZIP has no photo: {names}")
    note(f"ZIP of {len(download.response.content)} bytes: {', '.join(names[:5])}")

    step("the rider asks for deletion (SMS code)")
    before = outbox_count(e164)
    page = rider.get("/profile/delete/").submit(action="/profile/delete/", data={"action": "send_code"})
    code = code_in(wait_for("the deletion code in the outbox", lambda: outbox(e164)[before:], 30)[-1])
    page = page.submit(field="code", data={"code": code, "action": "confirm"})
    check(page.path == "/", f"confirming the deletion went to {page.path}, not the landing page (signed out)")
    pending = sql_one("SELECT COUNT(*) FROM privacy_deletionrequest WHERE rider_id = %s AND cancelled_at IS NULL", rider_id)
    check(pending == 1, f"{pending} pending deletion requests after the code")
    # The cooling-off period is days: run the periodic task as if they were over.
    done = django(
        "from datetime import timedelta; from django.utils import timezone\n"
        "from friendlystreet.privacy.services import deletions_run_due\n"
        "print(deletions_run_due(now=timezone.now() + timedelta(days=60)))"
    )
    check(done.isdigit() and int(done) >= 1, f"the due deletions ran on {done!r} riders")
    check(not sql("SELECT 1 FROM accounts_user WHERE phone = %s", e164), "the deleted rider's phone is still on an account")
    check(rider.get("/home/").path.startswith("/accounts/login/"), "the deleted rider is still signed in")

    step("the ledger adds up")
    accounts, entries = ledger_adds_up()
    balance = sql_one("SELECT balance FROM points_account WHERE rider_id = %s", rider_id)
    check(balance == 20, f"the rider's account holds {balance}, not 100 earned − 80 redeemed")
    note(f"{accounts} accounts, {entries} ledger rows: every balance is its ledger's sum; the rider's is 20")


# --- 2. the worker stopped in the middle of a batch ----------------------------------------------

BATCH = 40


def make_batch(tag: str) -> None:
    """BATCH SMS notifications at once, as when staff cancel a busy activity: notify() for the
    demo riders, in one transaction; each SMS text carries its own number."""
    django(
        "from django.db import transaction\n"
        "from friendlystreet.accounts.models import User\n"
        "from friendlystreet.notifications.services import notify\n"
        "riders = list(User.objects.filter(username__startswith='rider138').order_by('pk'))\n"
        "with transaction.atomic():\n"
        f"    for i in range({BATCH}):\n"
        "        notify(riders[i % len(riders)], 'volunteers_activity_cancelled',\n"
        f"               {{'when': '明天 10:00', 'title': '{tag}-' + str(i) + '号', 'reason': '天气'}})\n"
    )


def batch_counts(tag: str) -> tuple[list[int], dict[str, int]]:
    """How many times each SMS of the batch is in the outbox; the batch's deliveries by status."""
    counts = [0] * BATCH
    for (text,) in sql("SELECT text FROM sms_outboxmessage WHERE text LIKE %s", f"%“{tag}-%"):
        match = re.search(rf"“{tag}-(\d+)号", text)
        if match:
            counts[int(match.group(1))] += 1
    statuses = dict(
        sql(
            "SELECT d.status, COUNT(*) FROM notifications_delivery d JOIN notifications_notification n"
            " ON n.id = d.notification_id WHERE n.title LIKE %s OR n.body LIKE %s GROUP BY d.status",
            f"%{tag}-%",
            f"%{tag}-%",
        )
    )
    return counts, statuses


def stop_mid_batch(procs: dict[str, Process], tag: str, sig: int, how: str) -> None:
    make_batch(tag)
    wait_for("the first SMS of the batch", lambda: sum(batch_counts(tag)[0]) >= 6, 30, interval=0.05)
    # Celery's warm shutdown has been seen, once in many runs, to finish its tasks and then not
    # exit (the main process stuck after "Warm shutdown"; kombu and billiard, not our tasks).
    # systemd kills such a worker after TimeoutStopSec (150 s in deploy/systemd); the check
    # does the same after 30 s, says so with the stacks in worker.log, and goes on to what it
    # is for: every SMS sent exactly once.
    took = procs["worker"].stop(sig, timeout=30, leader_only=sig == signal.SIGTERM, hang_ok=sig == signal.SIGTERM)
    sent = sum(batch_counts(tag)[0])
    check(sent < BATCH, f"the whole batch went out before the worker was stopped ({sent}); the check proved nothing")
    if took is None:
        note(f"WARNING {how}: the worker did not exit within 30 s; killed as systemd would (stacks in worker.log)")
        for line in stack_lines(WORK / "worker.log"):
            note("  " + line)
    else:
        note(f"{how}: the worker stopped in {took:.1f} s with {sent} of {BATCH} SMS sent")
    procs["worker"] = start_worker()
    restarted = time.monotonic()

    def all_sent():
        counts, statuses = batch_counts(tag)
        return statuses.get("sent") == BATCH and all(c >= 1 for c in counts) and (counts, statuses)

    counts, statuses = wait_for(f"all {BATCH} SMS of the batch after the restart", all_sent, 60, interval=0.5)
    note(f"the rest went out within {time.monotonic() - restarted:.0f} s of the restart")
    time.sleep(2)  # anything handed over twice would show now
    counts, statuses = batch_counts(tag)
    twice = [i for i, c in enumerate(counts) if c != 1]
    check(not twice, f"SMS not sent exactly once after the worker was stopped ({how}): {[(i, counts[i]) for i in twice]}")
    note(f"every one of the {BATCH} SMS is in the outbox exactly once; deliveries: {statuses}")


# --- 3. Redis down for ten seconds ----------------------------------------------------------------

PUBLIC_PAGES = [
    "/",
    "/venues/",
    "/compounds/",
    "/activities/",
    "/rewards/",
    "/points/how-to-earn/",
    "/privacy/",
    "/accounts/login/",
]
RIDER_PAGES = ["/home/", "/points/", "/points/claims/", "/vouchers/", "/notifications/", "/profile/", "/activities/", "/reports/"]
STAFF_PAGES = ["/staff/", "/staff/claims/", "/staff/riders/", "/staff/activities/"]
MERCHANT_PAGES = ["/redeem/", "/redeem/history/"]


def every_page_answers(clients: dict[str, tuple[Client, list[str]]]) -> dict[str, int]:
    """GET each page as each persona: never a 5xx; a page either shows or asks to sign in."""
    seen: dict[str, int] = {}
    for who, (client, paths) in clients.items():
        for path in paths:
            started = time.monotonic()
            page = client.get(path, expect=None)
            took = time.monotonic() - started
            check(page.status < 500, f"{who}: GET {path} answered {page.status} with Redis down")
            check(page.status in (200, 403) or page.path.startswith("/accounts/login/"), f"{who}: GET {path} → {page.status}")
            check(took < 5, f"{who}: GET {path} took {took:.1f} s with Redis down")
            key = (
                "signed out"
                if page.path.startswith("/accounts/login/") and not path.startswith("/accounts/")
                else str(page.status)
            )
            seen[key] = seen.get(key, 0) + 1
    return seen


def redis_outage(procs: dict[str, Process]) -> None:
    run = f"{int(time.time()) % 10**6:06d}"
    rider, staff, barber, anonymous = (
        Client("a demo rider"),
        Client("the street admin"),
        Client("the barber"),
        Client("anonymous"),
    )
    rider.sign_in("13800000002")
    staff.sign_in("admin")
    barber.sign_in("barber")
    # A claim waiting for review, to approve while Redis is down.
    page = rider.get("/points/claims/new/")
    rule = re.search(r'<option value="(\d+)"[^>]*>[^<]*文明劝导', page.text)
    check(rule, "no rule 文明劝导 (no photo) on the claim form")
    when = time.strftime("%Y-%m-%dT%H:%M", time.gmtime(time.time() + 8 * 3600 - 7200))
    page = page.submit(
        field="rule", data={"rule": rule.group(1), "quantity": "1", "occurred_at": when, "description": f"劝导 {run}"}
    )
    claim = re.fullmatch(r"/points/claims/(\d+)/", page.path)
    check(claim, f"the claim form went to {page.path}")
    claim_id = int(claim.group(1))
    phone = "+8613800000002"
    before = outbox_count(phone)

    took = procs["redis"].stop(signal.SIGTERM, timeout=10)
    down_at = time.monotonic()
    check(not redis_up(), "Redis still answers after it was stopped")
    note(f"Redis stopped ({took:.1f} s); pages as anonymous, a rider, staff and a merchant:")
    personas = {
        "anonymous": (anonymous, PUBLIC_PAGES),
        "the rider": (rider, RIDER_PAGES),
        "the street admin": (staff, STAFF_PAGES),
        "the barber": (barber, MERCHANT_PAGES),
    }
    seen = every_page_answers(personas)
    note(f"no 5xx: {seen}")
    # Signing in works too (the rate limits let it through), and an action that notifies succeeds.
    Client("a rider signing in").sign_in("13800000003")
    reviewer = Client("the reviewer")
    reviewer.sign_in("reviewer")
    started = time.monotonic()
    reviewer.get(f"/staff/claims/{claim_id}/").submit(action=f"/staff/claims/{claim_id}/approve/")
    check(time.monotonic() - started < 10, "approving a claim hung on the broker")
    status = sql_one("SELECT status FROM points_claim WHERE id = %s", claim_id)
    check(status == "approved", f"the claim approved with Redis down is {status!r}")
    queued = sql_one(
        "SELECT d.status FROM notifications_delivery d JOIN notifications_notification n ON n.id = d.notification_id"
        " WHERE n.recipient_id = (SELECT id FROM accounts_user WHERE phone = %s) AND n.kind = 'points_claim_approved'"
        " ORDER BY d.id DESC LIMIT 1",
        phone,
    )
    check(queued == "queued", f"the approval's SMS delivery is {queued!r} with Redis down, not queued")
    note("sign-in, and a reviewer's approval: done; its SMS waits as a queued delivery")
    while time.monotonic() - down_at < 10:
        every_page_answers({"the rider": (rider, RIDER_PAGES[:2])})
        time.sleep(0.5)

    procs["redis"] = redis().start()
    wait_for("Redis to come back", redis_up, 10, interval=0.1)
    back_at = time.monotonic()
    note(f"Redis back after {back_at - down_at:.0f} s (empty: no persistence)")
    texts = wait_for("the approval SMS after Redis came back", lambda: outbox(phone)[before:], 60, interval=0.5)
    note(f"the SMS went out {time.monotonic() - back_at:.0f} s later (the sweep): {texts[-1]}")
    time.sleep(3)
    texts = outbox(phone)[before:]
    check(len(texts) == 1, f"{len(texts)} SMS to the rider after the outage, not 1: {texts}")
    check(procs["worker"].alive() and procs["beat"].alive(), "the worker or beat did not survive the outage")
    seen = every_page_answers(personas)
    note(f"after the outage, every page again: {seen}")
    ledger_adds_up()


# --- the run -------------------------------------------------------------------------------------


def main() -> int:
    # Stopped from outside (the shell's trap, CI giving up): the finally below stops everything.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    procs: dict[str, Process] = {}
    try:
        step(f"starting Redis (its own, port {REDIS_PORT}), gunicorn (2 workers, DEBUG off), a Celery worker and beat")
        procs["redis"] = redis().start()
        wait_for("Redis", redis_up, 10, interval=0.1)
        procs["gunicorn"] = gunicorn().start()
        procs["worker"] = start_worker()
        procs["beat"] = beat().start()

        def site_up():
            try:
                return requests.get(BASE + "/", headers={"X-Forwarded-Proto": "https"}, timeout=2).status_code == 200
            except requests.RequestException:
                return False

        wait_for("gunicorn to answer", site_up, 30)
        plain = requests.get(BASE + "/", allow_redirects=False, timeout=5)
        check(
            plain.status_code == 301 and plain.headers["Location"].startswith("https://"), "plain HTTP is not redirected to HTTPS"
        )
        check(
            "Strict-Transport-Security" in requests.get(BASE + "/", headers={"X-Forwarded-Proto": "https"}, timeout=5).headers,
            "no HSTS",
        )
        story()
        tag = f"PC{int(time.time()) % 10**6:06d}"
        step(f"a batch of {BATCH} SMS; the worker stopped in the middle (SIGTERM to its main process, as systemd), started again")
        stop_mid_batch(procs, tag + "T", signal.SIGTERM, "SIGTERM")
        step(f"a batch of {BATCH} SMS; the worker killed in the middle (kill -9 of its process group), then started")
        stop_mid_batch(procs, tag + "K", signal.SIGKILL, "kill -9")
        step("Redis stopped for ten seconds")
        redis_outage(procs)
        step("the ledger adds up")
        accounts, entries = ledger_adds_up()
        note(f"{accounts} accounts, {entries} ledger rows")
    except CheckFailed as exc:
        print(f"prod-check: FAILED: {exc}", file=sys.stderr, flush=True)
        return 1
    finally:
        for proc in reversed(procs.values()):
            try:
                proc.stop(timeout=15)
            except CheckFailed as exc:
                print(f"   {exc}", file=sys.stderr)
    print(f"prod-check: every step passed ({time.monotonic() - T0:.0f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
