"""The production web server, declared once: uvicorn serving ``hub.asgi`` (decision 0111).

    python -m hub.serve [--host 0.0.0.0] [--port 8000] [--proxy-headers] [--no-access-log]
    python -m hub.serve --help

The Dockerfile's CMD, scripts/check_production_build.sh, bench/soak.py, bench/chat_fanout.py and
the tests' server processes all start it with these options, so what is measured and tested is
what runs. One process per core or so; several behind one port as docs/realtime.md shows.
"""

import argparse

# uvloop and httptools; the sans-I/O ``websockets`` protocol (no task of its own per socket,
# and its ``send`` waits while the socket's write buffer is full, so a reader that stalls fills
# its own bounded queue and no one else's; aborted, not closed, on the ping timeout:
# hub/core/websocket_protocol.py); no per-message compression (a zlib context per
# socket, and daphne offered none). The HTTP protocol is httptools' with the hub's 414/431
# limits (hub/core/http_limits.py, decision 0102). hub.asgi has no lifespan handler.
OPTIONS = {
    "loop": "uvloop",
    "http": "hub.core.http_limits:HttpToolsProtocol",
    "ws": "hub.core.websocket_protocol:WebSocketProtocol",  # websockets-sansio, drops stalled peers
    "ws_per_message_deflate": False,
    "ws_max_size": 1024 * 1024,  # the chat's largest frame is ~20 KB (protocol.max_frame_chars)
    "ws_ping_interval": 20.0,
    "ws_ping_timeout": 30.0,
    "lifespan": "off",
    "backlog": 4096,
    # Idle keep-alive connections are kept longer than a client or proxy keeps them (nginx's
    # upstream keepalive_timeout is 60 s): with uvicorn's 5 s default the server closed them as
    # clients reused them, and the soak saw ReadErrors (5 of 4,347 requests, 200 members).
    "timeout_keep_alive": 75,
    "server_header": False,
}

APPLICATION = "hub.asgi:application"

# Objects allocated between two young collections (CPython's default is 700). Every event
# offered to 1,000 sockets allocates tens of thousands of short-lived objects; a larger first
# generation collects them in fewer passes.
GC_YOUNG_THRESHOLD = 50_000


def settle_garbage_collector() -> None:
    """Keep the collector's passes out of the way once the application is loaded.

    A full collection walks every tracked object, and right after start-up most of them are the
    code itself (Django, the hub's modules, their classes and functions), which lives as long as
    the process: ``gc.freeze()`` moves them out of the collector's sight. Measured with 1,000
    open sockets (bench/chat_fanout.py, decision 0112): without this, full passes of 250-340 ms
    ran several times a minute, and each held every socket's next frame (p99 at N = 1,000: 355-375
    ms against the bare server's 82); with it, no full pass in the run, and passes of the middle
    generation took over 5 ms twice in 100 s (225-240 ms each; p99 66-111 ms).
    """
    import gc

    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(GC_YOUNG_THRESHOLD, middle, old)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m hub.serve",
        description="Serve the hub (pages and /ws/ sockets) with uvicorn, as production does.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to bind (default 8000)")
    parser.add_argument(
        "--proxy-headers",
        action="store_true",
        help="trust X-Forwarded-Proto/-For from any address (the TLS proxy in front; the port "
        "must not be reachable except through it)",
    )
    parser.add_argument("--no-access-log", action="store_true", help="no line per request")
    parser.add_argument("--log-level", default="info", help="uvicorn's log level (default info)")
    parser.add_argument(
        "--application", default=APPLICATION, help=f"ASGI application (default {APPLICATION})"
    )
    args = parser.parse_args(argv)

    import uvicorn
    from uvicorn.importer import import_from_string

    application = import_from_string(args.application)
    settle_garbage_collector()
    uvicorn.run(
        application,
        host=args.host,
        port=args.port,
        proxy_headers=args.proxy_headers,
        forwarded_allow_ips="*" if args.proxy_headers else None,
        access_log=not args.no_access_log,
        log_level=args.log_level,
        **OPTIONS,
    )


if __name__ == "__main__":
    main()
