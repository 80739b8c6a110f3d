"""The baseline for bench/chat_fanout.py: a bare `websockets` server that speaks just enough of
the hub's chat protocol (hello, subscribe, send -> ack + one broadcast) for the same client code.

Each sent message is serialised once and written to every subscribed socket with
``websockets.asyncio.server.broadcast`` (no database, no authentication, no Django). It is what
one Python process can do at best on this machine, so the hub's figures are read against it.
Like the hub's server, it offers no per-message compression (with it, ``broadcast`` compresses
each frame once per socket and every client inflates it: not "encoded once"; the bench's runs
before 2026-12-04 13:00 used the library's default, compression on).

Usage: python bench/ws_broadcast_server.py PORT   (started and stopped by chat_fanout.py)
"""

import asyncio
import json
import sys

from websockets.asyncio.server import broadcast, serve

subscribers: set = set()
sequence = 0


async def handler(ws) -> None:
    global sequence
    await ws.send(json.dumps({"type": "hello", "user": {"id": 0, "handle": "", "name": ""}}))
    try:
        async for raw in ws:
            frame = json.loads(raw)
            if frame.get("type") == "subscribe":
                subscribers.add(ws)
                channels = [{"channel": c["channel"], "last_seq": sequence, "last_event": sequence}
                            for c in frame["channels"]]  # fmt: skip
                await ws.send(json.dumps({"type": "ack", "id": frame["id"], "channels": channels}))
            elif frame.get("type") == "send":
                sequence += 1
                message = {"seq": sequence, "event": sequence, "body": frame["body"]}
                text = json.dumps({"type": "message", "channel": frame["channel"],
                                   "seq": sequence, "event": sequence, "message": message})  # fmt: skip
                await ws.send(json.dumps({"type": "ack", "id": frame["id"], "seq": sequence}))
                broadcast(subscribers, text)
            else:
                await ws.send(json.dumps({"type": "ack", "id": frame.get("id")}))
    finally:
        subscribers.discard(ws)


async def main(port: int) -> None:
    async with serve(
        handler,
        "127.0.0.1",
        port,
        max_queue=None,
        ping_interval=None,
        backlog=4096,
        compression=None,
    ):
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
