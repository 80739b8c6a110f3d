"""The GOV.UK Notify email backend, against a loopback server that checks what Notify checks:
the JWT signed with the key's secret, the template and the personalisation."""

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from django.core.mail import EmailMultiAlternatives, get_connection

SERVICE_ID = str(uuid.uuid4())
SECRET = str(uuid.uuid4())
API_KEY = f"hub_test-{SERVICE_ID}-{SECRET}"
TEMPLATE_ID = str(uuid.uuid4())


@pytest.fixture
def fake_notify():
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            token = self.headers["Authorization"].removeprefix("Bearer ")
            claims = jwt.decode(token, SECRET, algorithms=["HS256"])
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            received.append({"path": self.path, "iss": claims["iss"], "body": body})
            reply = json.dumps({"id": str(uuid.uuid4())}).encode()
            self.send_response(201)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", received
    server.shutdown()
    server.server_close()


def test_notify_backend_sends_through_the_template_with_one_click_unsubscribe(
    fake_notify, settings
):
    base_url, received = fake_notify
    settings.GOVUK_NOTIFY_API_KEY = API_KEY
    settings.GOVUK_NOTIFY_TEMPLATE_ID = TEMPLATE_ID
    settings.GOVUK_NOTIFY_BASE_URL = base_url
    message = EmailMultiAlternatives(
        subject="[LocalGov Hub] Someone replied",
        body="Someone replied to your comment\nhttps://hub.example.org/x",
        to=["person@example.org"],
        headers={"List-Unsubscribe": "<https://hub.example.org/notifications/unsubscribe/t/>"},
    )
    message.attach_alternative("<p>html</p>", "text/html")
    connection = get_connection("hub.core.email_backends.GovukNotifyBackend")
    assert connection.send_messages([message]) == 1
    [call] = received
    assert call["path"] == "/v2/notifications/email" and call["iss"] == SERVICE_ID
    assert call["body"]["email_address"] == "person@example.org"
    assert call["body"]["template_id"] == TEMPLATE_ID
    assert call["body"]["personalisation"] == {
        "subject": "[LocalGov Hub] Someone replied",
        "body": "Someone replied to your comment\nhttps://hub.example.org/x",
    }
    assert (
        call["body"]["one_click_unsubscribe_url"]
        == "https://hub.example.org/notifications/unsubscribe/t/"
    )


def test_notify_backend_says_what_is_missing(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.GOVUK_NOTIFY_API_KEY = ""
    with pytest.raises(ImproperlyConfigured, match="GOVUK_NOTIFY_API_KEY"):
        get_connection("hub.core.email_backends.GovukNotifyBackend")
