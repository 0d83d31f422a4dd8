"""An e-mail backend whose SMTP server always refuses, for the failure path."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend

CALLS = []


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        CALLS.append(len(email_messages))
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
