"""A real SMS gateway for the tests: Kannel's bearerbox and smsbox (HTTP ``sendsms``), with
kannel-extras' fake SMSC standing in for the operator's network.

The fake SMSC writes every message it receives to its log; ``KannelGateway.messages()``
reads them back (long texts reassembled from their segments, UCS-2 decoded), so a test
sees what a phone would have received. Each gateway runs on free loopback ports with its
own kannel.conf in a temporary directory. ``make test`` installs the Debian packages
``kannel`` and ``kannel-extras``: a missing binary fails the test (it is not skipped).
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

BEARERBOX = shutil.which("bearerbox") or "/usr/sbin/bearerbox"
SMSBOX = shutil.which("smsbox") or "/usr/sbin/smsbox"
FAKESMSC = "/usr/lib/kannel/test/fakesmsc"
USERNAME, PASSWORD, SENDER = "ess", "sendsms-secret", "ESSMaroc"
LINE = re.compile(r"Got message \d+: <(.*)>$")
KINDS = {"text", "ucs-2", "udh", "data"}

CONF = """\
group = core
admin-port = {admin}
admin-password = {password}
smsbox-port = {smsbox}
box-allow-ip = 127.0.0.1
log-level = 1
log-file = "{dir}/bearerbox.log"

group = smsc
smsc = fake
smsc-id = FAKE
port = {smsc}
connect-allow-ip = 127.0.0.1

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = {smsbox}
sendsms-port = {sendsms}
log-level = 1
log-file = "{dir}/smsbox.log"

group = sendsms-user
username = {username}
password = {password}
concatenation = true
max-messages = 10

group = sms-service
keyword = default
text = "No service"
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class SMS:
    sender: str
    to: str
    text: str


def _decode(payload):
    data = urllib.parse.unquote_to_bytes(payload.replace("+", "%20"))
    if b"\x00" in data:
        return data.decode("utf-16-be")
    try:
        return data.decode()
    except UnicodeDecodeError:
        return data.decode("latin-1")


def parse_log(text):
    """Every SMS in a fake SMSC log, segments joined, in order of arrival.

    The fake SMSC's protocol is a line per message: a plain text's newline makes it log
    the rest as "messages" of their own, which are put back together here.
    """
    messages, parts = [], {}
    for line in text.splitlines():
        match = LINE.search(line)
        if not match:
            continue
        fields = match.group(1).split(" ", 3)
        if len(fields) < 4 or fields[2] not in KINDS:
            if messages:  # the next line of a plain text
                messages[-1].text += "\n" + match.group(1)
            continue
        sender, to, kind, rest = fields
        if kind == "text":
            messages.append(SMS(sender, to, rest))
        elif kind in ("ucs-2", "data"):
            messages.append(SMS(sender, to, _decode(rest)))
        else:
            udh, _data, payload = rest.split(" ", 2)
            header = urllib.parse.unquote_to_bytes(udh)
            ref, total, seq = header[-3], header[-2], header[-1]
            segments = parts.setdefault((sender, to, ref), {})
            segments[seq] = payload
            if len(segments) == total:
                raw = "".join(segments[i] for i in range(1, total + 1))
                messages.append(SMS(sender, to, _decode(raw)))
                del parts[(sender, to, ref)]
    return messages


class KannelGateway:
    def __init__(self, directory):
        self.dir = Path(directory)
        self.ports = {name: free_port() for name in ("admin", "smsbox", "smsc", "sendsms")}
        self.conf = self.dir / "kannel.conf"
        self.conf.write_text(CONF.format(dir=self.dir, username=USERNAME, password=PASSWORD,
                                         **self.ports))
        self.smsc_log = self.dir / "fakesmsc.log"
        self.processes = []

    @property
    def url(self):
        return f"http://127.0.0.1:{self.ports['sendsms']}/cgi-bin/sendsms"

    def _spawn(self, args, log):
        with open(self.dir / log, "ab") as out:
            process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT,
                                       cwd=self.dir, start_new_session=True)
        self.processes.append(process)
        return process

    def _status(self):
        url = (f"http://127.0.0.1:{self.ports['admin']}/status.txt?"
               + urllib.parse.urlencode({"password": PASSWORD}))
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode()

    def start(self, timeout=20):
        for binary in (BEARERBOX, SMSBOX, FAKESMSC):
            if not os.access(binary, os.X_OK):
                pytest.fail(f"{binary} is missing: install the Debian packages kannel and "
                            "kannel-extras (make test does)")
        self._spawn([BEARERBOX, "-v", "1", str(self.conf)], "bearerbox.out")
        self._wait(lambda: "running" in self._status(),
                   timeout, "bearerbox")
        # -m 0: send nothing, only receive (and log) what the gateway sends.
        self._spawn([FAKESMSC, "-H", "127.0.0.1", "-r", str(self.ports["smsc"]), "-m", "0",
                     f"{SENDER} 0 text unused"], "fakesmsc.log")
        self._spawn([SMSBOX, "-v", "1", str(self.conf)], "smsbox.out")
        self._wait(lambda: "(online" in self._status() and "smsbox:" in self._status()
                   and self._sendsms_open(), timeout, "the fake SMSC and smsbox")
        return self

    def _sendsms_open(self):
        with socket.socket() as sock:
            return sock.connect_ex(("127.0.0.1", self.ports["sendsms"])) == 0

    def _wait(self, ready, timeout, what):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if ready():
                    return
            except OSError:
                pass
            if any(p.poll() is not None for p in self.processes):
                break
            time.sleep(0.05)
        logs = "\n".join(f"--- {path.name}\n{path.read_text(errors='replace')[-1500:]}"
                         for path in sorted(self.dir.glob("*.out")))
        self.stop()
        pytest.fail(f"Kannel did not start ({what}):\n{logs}")

    def stop(self):
        """Stop the gateway (bearerbox first: the others follow it down)."""
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes = []

    def messages(self):
        if not self.smsc_log.exists():
            return []
        return parse_log(self.smsc_log.read_text(errors="replace"))

    def wait_for_messages(self, count, *, after=0, timeout=10):
        """The messages received after the first ``after``, once there are ``count``."""
        deadline = time.monotonic() + timeout
        while True:
            received = self.messages()[after:]
            if len(received) >= count or time.monotonic() > deadline:
                return received
            time.sleep(0.05)


@pytest.fixture(scope="module")
def kannel(tmp_path_factory):
    if not sys.platform.startswith("linux"):
        pytest.skip("Kannel's Debian packages run on Linux")
    gateway = KannelGateway(tmp_path_factory.mktemp("kannel")).start()
    yield gateway
    gateway.stop()


@pytest.fixture
def sms_gateway(kannel, settings):
    """The site's SMS channel pointed at the running gateway; ``sms_gateway.received()``
    lists what it delivered since the test started."""
    settings.SMS_GATEWAY_URL = kannel.url
    settings.SMS_GATEWAY_USERNAME = USERNAME
    settings.SMS_GATEWAY_PASSWORD = PASSWORD
    settings.SMS_SENDER = SENDER
    settings.SMS_GATEWAY_TIMEOUT = 5
    settings.NOTIFICATION_CHANNELS = ["inapp", "email", "sms"]
    kannel.mark = len(kannel.messages())
    kannel.received = lambda count=1, timeout=10: kannel.wait_for_messages(
        count, after=kannel.mark, timeout=timeout)
    return kannel
