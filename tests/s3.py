"""An S3-compatible server on loopback for the tests: moto in server mode, in a thread.

``s3_server`` starts it once per session on a free port; ``s3_bucket`` gives each test a
new bucket and the environment that points the platform at it (ess_platform/kernel/storage.py).
A plugin of tests/conftest.py; moto is imported only when a test asks for the server.
"""

import uuid

import pytest

ACCESS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
          "AWS_DEFAULT_REGION": "us-east-1"}


@pytest.fixture(scope="session")
def s3_server():
    """The endpoint URL of a moto S3 server on 127.0.0.1 (a free port)."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def client(endpoint):
    import boto3

    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id="testing", aws_secret_access_key="testing")


@pytest.fixture
def s3_bucket(s3_server, monkeypatch):
    """A fresh bucket; returns the environment variables that select it."""
    name = f"ess-test-{uuid.uuid4().hex[:12]}"
    client(s3_server).create_bucket(Bucket=name)
    for key, value in ACCESS.items():
        monkeypatch.setenv(key, value)
    return {
        **ACCESS,
        "AWS_STORAGE_BUCKET_NAME": name,
        "AWS_S3_ENDPOINT_URL": s3_server,
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_S3_ADDRESSING_STYLE": "path",
    }
