"""Real-browser fixtures (registered for the whole suite by tests/conftest.py): the production
server (uvicorn with hub.serve's options, tests/asgi_server.py) + Playwright.

The server runs in a forked process that shares the test database, so browser tests use
``transactional_db`` (their writes are committed, then flushed after each test). Email sent by
the server is written to a folder the test reads, because the server is another process.
"""

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from functools import partial
from pathlib import Path

import pytest
from django.conf import settings

from tests.asgi_server import UvicornProcess

CHROMIUM = os.environ.get("PLAYWRIGHT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


# Playwright's sync API keeps an event loop running in this thread, which makes Django refuse
# ORM calls from the test body; the test body is ordinary synchronous code, so this is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _server_setup(mail_dir: str) -> None:
    """Runs inside the forked server: write mail to files and accept the test host."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = mail_dir
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    settings.DEBUG = False
    # A fork copies asgiref's shared single-thread executor but not its thread: if an async
    # test ran earlier in the session, sync_to_async calls in the server would wait forever.
    from concurrent.futures import ThreadPoolExecutor

    from asgiref.sync import SyncToAsync

    SyncToAsync.single_thread_executor = ThreadPoolExecutor(max_workers=1)


def _make_application():
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    from hub.asgi import application

    served = ASGIStaticFilesHandler(application)

    async def fresh_content_types(scope, receive, send):
        # The server lives for the whole session, but transactional tests flush the database,
        # and flushing re-creates content types under new ids: forget the ids this process
        # cached, or a tag saved through taggit names a content type that no longer exists.
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()
        return await served(scope, receive, send)

    return fresh_content_types


class LiveServer:
    def __init__(self, url: str, mail_dir: Path):
        self.url = url
        self.ws_url = url.replace("http://", "ws://")
        self.mail_dir = mail_dir

    def sent_emails(self) -> list[Message]:
        """Every email the server has sent so far, oldest first."""
        messages: list[Message] = []
        for path in sorted(self.mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime):
            raw = path.read_bytes()
            for chunk in raw.split(b"-" * 79):
                if chunk.strip():
                    messages.append(message_from_bytes(chunk.strip()))
        return messages

    def clear_emails(self) -> None:
        for path in self.mail_dir.glob("*.log"):
            path.unlink()


@pytest.fixture(scope="session")
def live_server_asgi(django_db_setup, django_db_blocker) -> Iterator[LiveServer]:
    """uvicorn serving hub.asgi (with static files) on a free port for the whole session."""
    mail_dir = Path(tempfile.mkdtemp(prefix="hub-mail-"))
    process = UvicornProcess(
        "127.0.0.1", _make_application, setup=partial(_server_setup, str(mail_dir))
    )
    # The fork inherits pytest-django's database blocker; start it unblocked so it can serve.
    with django_db_blocker.unblock():
        process.start()
    if not process.ready.wait(timeout=60):
        process.terminate()
        raise RuntimeError("the server did not start within 60 s; see the output above")
    server = LiveServer(f"http://127.0.0.1:{process.port.value}", mail_dir)
    yield server
    process.terminate()
    process.join(timeout=10)
    shutil.rmtree(mail_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def playwright_browser(live_server_asgi):
    # Started after the server so the fork above happens before Playwright's threads exist.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_context_factory(playwright_browser):
    """New isolated browser contexts (separate cookies): one per person in a test."""
    contexts = []

    def make():
        context = playwright_browser.new_context()
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(browser_context_factory, live_server_asgi):
    """A page in a fresh context; dialogs (alert/confirm) are recorded as test failures."""
    context = browser_context_factory()
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    return page


def axe_serious_violations(page) -> list[dict]:
    """Run axe-core in the page; return the serious and critical violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations = results.response.get("violations", [])
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in violations
        if v.get("impact") in {"serious", "critical"}
    ]  # fmt: skip


def sign_in(page, server: LiveServer, email: str, password: str) -> None:
    """Sign in through the real form."""
    page.goto(f"{server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()


def dump(value) -> str:
    return json.dumps(value, indent=2)
