"""E-mail backend for the worker of the queue tests: one file per message in a directory."""

import os
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class DirectoryBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        directory = Path(os.environ["QUEUE_TEST_MAIL_DIR"])
        directory.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            target = directory / f"{uuid.uuid4().hex}.eml"
            target.write_bytes(message.message().as_bytes())
        return len(email_messages)
