"""A signed-out browser: the server closes the chat socket with 4401 and the client gives up."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_signed_out_socket_closes_with_4401_and_the_client_stops(live_server_asgi, page):
    page.goto(f"{live_server_asgi.url}/")
    statuses = page.evaluate(
        """async () => {
            const { ChatConnection } = await import("/static/js/discussions/chat.mjs");
            const seen = [];
            const closed = new Promise((resolve) => {
                const chat = new ChatConnection({
                    url: "/ws/chat/", minDelay: 10, maxDelay: 20, onFrame: () => {},
                    onStatus: (status, detail) => {
                        seen.push(status);
                        if (status === "closed") resolve();
                    },
                });
                const raw = new WebSocket(`ws://${location.host}/ws/chat/`);
                raw.onclose = (e) => seen.push(`raw:${e.code}`);
                chat.connect();
            });
            // Fails fast (no "closed") rather than hanging if the client keeps retrying.
            await Promise.race([closed, new Promise((r) => setTimeout(r, 5000))]);
            // Long enough for several reconnects at a 10-20 ms back-off, had it retried.
            await new Promise((r) => setTimeout(r, 500));
            return seen;
        }"""
    )
    assert "raw:4401" in statuses
    assert "closed" in statuses and "reconnecting" not in statuses
    assert statuses.count("connecting") == 1
