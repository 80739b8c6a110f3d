"""The safe fetcher against a real server on 127.0.0.1 (no internet, nothing mocked but DNS)."""

import socket
import time

import pytest

from hub.core.safe_fetch import FetchError, address_is_allowed, fetch, fetch_stream


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)", "//x", ""]
)
def test_only_http_and_https_are_fetched(url):
    with pytest.raises(FetchError, match="only http and https") as caught:
        fetch(url)
    assert caught.value.code == "scheme"


def test_loopback_is_refused_unless_the_test_allows_it(loopback_server, settings):
    url = loopback_server.serve("/data.json", b"{}")
    settings.SAFE_FETCH_ALLOW_LOOPBACK = False
    with pytest.raises(FetchError, match="not a public address") as caught:
        fetch(url)
    assert caught.value.code == "address"
    with pytest.raises(FetchError, match="not a public address"):
        fetch(loopback_server.url("/data.json", host="localhost"))
    assert loopback_server.requests == []  # refused before connecting
    assert fetch(url, allow_loopback=True).content == b"{}"


@pytest.mark.parametrize(
    "host",
    [
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata (link-local)
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",  # noqa: S104
        "[::1]",
        "[::ffff:127.0.0.1]",
        "[::ffff:10.0.0.1]",
        "[fe80::1]",
        "[fc00::1]",
        "224.0.0.1",
    ],
)
def test_private_link_local_and_loopback_addresses_are_refused(host, settings):
    # Even with loopback allowed for tests, no other private range ever is.
    settings.SAFE_FETCH_ALLOW_LOOPBACK = "::1" not in host and "127.0.0.1" not in host
    with pytest.raises(FetchError, match="not a public address") as caught:
        fetch(f"http://{host}:8/x", timeout=2)
    assert caught.value.code == "address"


def test_address_policy():
    assert address_is_allowed("93.184.216.34")
    assert address_is_allowed("2606:2800:220:1:248:1893:25c8:1946")
    assert not address_is_allowed("127.0.0.1")
    assert address_is_allowed("127.0.0.1", allow_loopback=True)
    assert not address_is_allowed("10.0.0.1", allow_loopback=True)
    assert not address_is_allowed("::ffff:169.254.169.254", allow_loopback=True)


def test_a_rebinding_name_is_connected_at_the_address_that_was_checked(
    loopback_server, monkeypatch
):
    """The name answers a permitted address first and a forbidden one afterwards (DNS rebinding).
    The fetcher must resolve once and connect to what it checked; a check-then-connect fetcher
    would look the name up again and go to the forbidden address."""
    real_getaddrinfo = socket.getaddrinfo
    lookups = []

    def rebinding(host, port, *args, **kwargs):
        if host != "rebind.test":
            return real_getaddrinfo(host, port, *args, **kwargs)
        lookups.append(host)
        address = "127.0.0.1" if len(lookups) == 1 else "10.255.255.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    loopback_server.serve("/data.json", b'{"ok": true}')
    response = fetch(loopback_server.url("/data.json", host="rebind.test"), timeout=3)
    assert response.content == b'{"ok": true}'
    assert lookups == ["rebind.test"]
    # Virtual hosting still works: the Host header is the name, not the address.
    assert loopback_server.requests[-1]["host"] == f"rebind.test:{loopback_server.port}"


def test_a_name_with_any_forbidden_address_is_refused(loopback_server, monkeypatch):
    def mixed(host, port, *args, **kwargs):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", mixed)
    with pytest.raises(FetchError, match="not a public address"):
        fetch(loopback_server.url("/x", host="mixed.test"))
    assert loopback_server.requests == []


def test_unresolvable_names_are_a_clear_error(monkeypatch):
    def nowhere(host, port, *args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", nowhere)
    with pytest.raises(FetchError, match=r"could not resolve nowhere\.test") as caught:
        fetch("https://nowhere.test/data.json")
    assert caught.value.code == "dns"


@pytest.mark.parametrize(
    "location", ["http://10.0.0.1/admin", "http://169.254.169.254/latest/meta-data/"]
)
def test_a_redirect_to_a_private_address_is_refused(loopback_server, location):
    url = loopback_server.redirect("/go", location)
    with pytest.raises(FetchError, match="not a public address"):
        fetch(url, timeout=3)


@pytest.mark.parametrize("location", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x"])
def test_a_redirect_to_another_scheme_is_refused(loopback_server, location):
    url = loopback_server.redirect("/go", location)
    with pytest.raises(FetchError, match="only http and https"):
        fetch(url)


def test_redirects_are_followed_and_limited(loopback_server):
    loopback_server.serve("/real", b"here")
    loopback_server.redirect("/hop", "/real", status=301)
    response = fetch(loopback_server.url("/hop"))
    assert response.content == b"here" and response.url.endswith("/real")
    for i in range(5):
        loopback_server.redirect(f"/loop{i}", f"/loop{i + 1}")
    with pytest.raises(FetchError, match="more than 2 redirects") as caught:
        fetch(loopback_server.url("/loop0"), max_redirects=2)
    assert caught.value.code == "too_many_redirects"


def test_post_is_not_redirected_and_the_body_is_sent(loopback_server):
    url = loopback_server.redirect("/hook", "http://10.0.0.1/")
    response = fetch(url, method="POST", content=b'{"a": 1}', max_redirects=0)
    assert response.status_code == 302
    assert loopback_server.requests[-1]["body"] == b'{"a": 1}'


def test_a_declared_length_over_the_cap_is_refused_before_reading(loopback_server):
    url = loopback_server.serve("/big", b"x" * 5000)
    with pytest.raises(FetchError, match="larger than 1,000 bytes") as caught:
        fetch(url, max_bytes=1000)
    assert caught.value.code == "too_large"


def test_an_endless_body_is_cut_off_at_the_cap(loopback_server):
    url = loopback_server.serve_stream("/endless", b"x" * 65536, chunks=10_000)
    with pytest.raises(FetchError, match="larger than 1,000,000 bytes"):
        fetch(url, max_bytes=1_000_000)


def test_streaming_reads_within_the_cap(loopback_server):
    url = loopback_server.serve_stream("/chunks", b"y" * 1000, chunks=50)
    with fetch_stream(url, max_bytes=100_000) as response:
        assert response.status_code == 200
        assert sum(len(c) for c in response.iter_bytes()) == 50_000


def test_a_slow_drip_hits_the_overall_deadline(loopback_server):
    # Each chunk arrives well within any per-read timeout; only a whole-fetch deadline stops it.
    url = loopback_server.serve_stream("/slow", b"z", chunks=200, delay=0.05)
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out") as caught:
        fetch(url, timeout=1)
    assert caught.value.code == "timeout"
    assert time.monotonic() - started < 5  # 200 chunks would take 10 s


def test_errors_are_returned_as_statuses_not_raised(loopback_server):
    url = loopback_server.serve("/gone", b"nope", status=410)
    response = fetch(url)
    assert response.status_code == 410 and not response.is_success


def test_nothing_listening_is_a_connect_error(loopback_server):
    port = loopback_server.port
    loopback_server.stop()
    with pytest.raises(FetchError, match="could not connect") as caught:
        fetch(f"http://127.0.0.1:{port}/x", timeout=3)
    assert caught.value.code == "connect"
