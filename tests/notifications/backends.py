"""Real SMS and e-mail backends for tests, selected by dotted path
(`settings.SMS_BACKEND = "tests.notifications.backends.FailTwiceThenSend"`, or the
SMS_BACKEND environment variable of a worker). They behave like a flaky or broken
provider; what they do send lands in the SMS outbox table / django.core.mail.outbox."""

from __future__ import annotations

import smtplib
from collections import Counter

from django.core.mail.backends.locmem import EmailBackend as LocmemEmailBackend

from friendlystreet.sms.backends import BaseBackend, OutboxBackend, SmsError


class FailTwiceThenSend(OutboxBackend):
    """A provider that times out twice for each number, then delivers."""

    failures: Counter = Counter()  # per process: phone -> failures so far

    def send(self, phone: str, text: str) -> None:
        if self.failures[phone] < 2:
            self.failures[phone] += 1
            raise SmsError("provider timed out", transient=True)
        super().send(phone, text)


class AlwaysDown(BaseBackend):
    """A provider that never answers."""

    def send(self, phone: str, text: str) -> None:
        raise SmsError("provider unreachable", transient=True)


class RejectsNumber(BaseBackend):
    """A provider that refuses the number: trying again cannot help."""

    def send(self, phone: str, text: str) -> None:
        raise SmsError("number is not a mobile number", transient=False)


class Unreachable(BaseBackend):
    """A provider whose host refuses connections (a plain socket error)."""

    def send(self, phone: str, text: str) -> None:
        raise ConnectionRefusedError(111, "Connection refused")


class SmtpDisconnectsTwice(LocmemEmailBackend):
    """A mail server that drops the connection twice per recipient, then accepts."""

    failures: Counter = Counter()

    def send_messages(self, messages):
        for message in messages:
            for address in message.recipients():
                if self.failures[address] < 2:
                    self.failures[address] += 1
                    raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


class SmtpNoSuchMailbox(LocmemEmailBackend):
    """A mail server that refuses the recipient for good (550)."""

    def send_messages(self, messages):
        recipients = {a: (550, b"5.1.1 no such mailbox") for m in messages for a in m.recipients()}
        raise smtplib.SMTPRecipientsRefused(recipients)


class SlowOutbox(OutboxBackend):
    """A provider that takes half a second: long enough for a second worker to arrive."""

    def send(self, phone: str, text: str) -> None:
        import time

        time.sleep(0.5)
        super().send(phone, text)
