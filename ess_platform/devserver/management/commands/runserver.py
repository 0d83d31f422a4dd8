import socket

from django.core.servers.basehttp import WSGIServer
from whitenoise.runserver_nostatic.management.commands.runserver import (
    Command as RunserverCommand,
)


class CrowdWSGIServer(WSGIServer):
    """Django's server with the longest queue of pending connections the system allows.

    Django's queue holds 10: when more people press a button at the same moment, the
    kernel resets the connections beyond it ("connection reset" in the browser) while the
    server's threads would have answered them in a moment.
    """

    request_queue_size = socket.SOMAXCONN


class Command(RunserverCommand):
    server_cls = CrowdWSGIServer
