"""A live daphne server for the API's end-to-end tests (the fuzzer and the done-when script).

Like ``tests/browser/fixtures.py``'s, but with the API-wide rate limit raised: the fuzzer
sends hundreds of requests a minute from one address, and the limiter itself is tested in
``test_api.py``. The apps' own limits (posting, commenting, chat) stay as they are.
"""

import tempfile
from functools import partial

import pytest
from daphne.testing import DaphneProcess

from tests.browser.fixtures import _make_application, _server_setup


def _setup(mail_dir: str) -> None:
    from django.conf import settings

    _server_setup(mail_dir)
    settings.API_RATE_LIMITS = {"read": "100000/m", "write": "100000/m"}


@pytest.fixture(scope="module")
def api_server(django_db_setup, django_db_blocker):
    process = DaphneProcess(
        "127.0.0.1", _make_application, setup=partial(_setup, tempfile.mkdtemp(prefix="hub-api-"))
    )
    with django_db_blocker.unblock():
        process.start()
    if not process.ready.wait(timeout=60):
        process.terminate()
        raise RuntimeError("daphne did not start within 60 s; see the output above")
    yield f"http://127.0.0.1:{process.port.value}"
    process.terminate()
    process.join(timeout=10)
