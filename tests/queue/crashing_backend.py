"""E-mail backend for the worker of the queue tests that kills its own process mid-send,
as the kernel's out-of-memory killer would: no exception, no cleanup, no acknowledgement.
Each call first leaves a file in QUEUE_TEST_MAIL_DIR, so a test counts the attempts."""

import os
import signal
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class KillWorkerBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        directory = Path(os.environ["QUEUE_TEST_MAIL_DIR"])
        directory.mkdir(parents=True, exist_ok=True)
        (directory / f"{uuid.uuid4().hex}.attempt").write_text(str(os.getpid()))
        os.kill(os.getpid(), signal.SIGKILL)
