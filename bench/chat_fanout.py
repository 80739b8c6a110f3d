"""Chat fan-out benchmark: real WebSockets through the ASGI server and Redis, next to raw Redis.

For each ASGI server (uvicorn, daphne) this script:

1. starts the server as a subprocess on a throwaway SQLite database and the Redis at REDIS_URL
   (a separate Redis database number, so nothing of the test suite is touched);
2. for each N in --subscribers, opens N authenticated sockets subscribed to one channel, sends
   M messages from one more socket, and measures delivery latency (send -> each subscriber)
   p50/p99 and deliveries per second; then does the same with raw Redis pub/sub (N
   subscriber connections, one publisher) in the same run and prints the ratio;
3. opens idle authenticated sockets until --idle (default 5,000) or the first failure, and
   reports server memory per open connection and handshakes per second.

The hub's database is a throwaway PostgreSQL database on the server at DATABASE_URL when that is
PostgreSQL (dropped afterwards), otherwise a temporary SQLite file.

Usage:  . .services/env && .venv/bin/python bench/chat_fanout.py            (about 2-3 minutes)
        .venv/bin/python bench/chat_fanout.py --subscribers 100,1000,2000 --messages 100
        .venv/bin/python bench/chat_fanout.py --servers uvicorn --idle 10000

Every subprocess is stopped and the temporary directory removed on exit, also on Ctrl-C.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
CHANNEL = "bench-fanout"
ORIGIN = "http://127.0.0.1"


def log(message: str) -> None:
    print(message, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_redis_url(url: str, db: int) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{db}"))


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def rss_kib(pid: int) -> int:
    """Resident memory of a process and its children (daphne/uvicorn run one process)."""
    total = 0
    pids = [pid]
    with contextlib.suppress(OSError):
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    for p in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total


# --- setting up a throwaway hub ---------------------------------------------------------


def throwaway_database(workdir: Path):
    """A new PostgreSQL database when DATABASE_URL is PostgreSQL (like production), else SQLite.

    Returns (url, drop) where drop() removes it.
    """
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{workdir / 'bench.sqlite3'}", lambda: None
    import psycopg

    name = f"chat_bench_{os.getpid()}"
    parts = urlsplit(url)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlunsplit(parts._replace(path=f"/{name}")), drop


def prepare_database(env: dict, users: int) -> list[str]:
    """Migrate a fresh SQLite database, create members and the channel; return session cookies."""
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    script = f"""
import django, json
django.setup()
from django.test import Client
from accounts.models import User, Profile
from hub.discussions.models import Channel
from hub.discussions.services import channel_create
cookies = []
first = None
for i in range({users}):
    user = User.objects.create_user(email=f"bench{{i}}@example.org", password=None)
    Profile.objects.update_or_create(user=user, defaults={{"handle": f"bench-{{i}}", "display_name": f"Bench {{i}}"}})
    first = first or user
    client = Client()
    client.force_login(user)
    cookies.append("sessionid=" + client.cookies["sessionid"].value)
if not Channel.objects.filter(slug="{CHANNEL}").exists():
    channel_create(name="Bench", slug="{CHANNEL}", created_by=first)
print(json.dumps(cookies))
"""
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


class Server:
    """One ASGI server subprocess (its own process group, so it is always cleaned up)."""

    def __init__(self, kind: str, env: dict, logdir: Path):
        self.kind = kind
        self.port = free_port()
        self.log = open(logdir / f"{kind}.log", "w")  # noqa: SIM115 - closed in stop()
        if kind == "uvicorn":
            cmd = [sys.executable, "-m", "uvicorn", "hub.asgi:application", "--host", "127.0.0.1",
                   "--port", str(self.port), "--log-level", "warning", "--no-access-log",
                   "--ws", "websockets", "--backlog", "4096", "--timeout-keep-alive", "60"]  # fmt: skip
        else:
            cmd = [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(self.port),
                   "-v", "0", "--websocket_connect_timeout", "60", "hub.asgi:application"]  # fmt: skip
        self.process = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{kind} exited; see {self.log.name}")
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), 0.2),
            ):
                break
            time.sleep(0.1)
        else:
            raise RuntimeError(f"{kind} did not start within 60 s")
        self.url = f"ws://127.0.0.1:{self.port}/ws/chat/"

    def problems(self) -> list[str]:
        """The distinct exception lines the server logged (empty when it ran clean)."""
        self.log.flush()
        text = Path(self.log.name).read_text(errors="replace")
        found = [
            line.strip()
            for line in text.splitlines()
            if ("Error" in line or "Exception" in line) and not line.startswith(" ")
        ]
        counts: dict[str, int] = {}
        for line in found:
            counts[line[:160]] = counts.get(line[:160], 0) + 1
        return [f"{n} x {line}" for line, n in sorted(counts.items(), key=lambda kv: -kv[1])[:5]]

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)
        self.log.close()


# --- WebSocket fan-out ------------------------------------------------------------------


async def open_socket(url: str, cookie: str):
    import websockets

    ws = await websockets.connect(
        url, additional_headers={"Cookie": cookie}, origin=ORIGIN, max_queue=None,
        open_timeout=60, ping_interval=None,
    )  # fmt: skip
    hello = json.loads(await ws.recv())
    if hello.get("type") != "hello":
        raise RuntimeError(f"unexpected first frame {hello}")
    return ws


async def subscribe(ws, frame_id: int = 1) -> int:
    await ws.send(
        json.dumps({"type": "subscribe", "id": frame_id, "channels": [{"channel": CHANNEL}]})
    )
    while True:
        frame = json.loads(await ws.recv())
        if frame.get("id") == frame_id:
            if frame["type"] != "ack":
                raise RuntimeError(f"subscribe failed: {frame}")
            return frame["channels"][0]["last_seq"]


async def ws_fanout(url: str, cookies: list[str], subscribers: int, messages: int) -> dict:
    sockets = []
    sem = asyncio.Semaphore(100)

    async def connect_one(i):
        async with sem:
            ws = await open_socket(url, cookies[i % len(cookies)])
            await subscribe(ws)
            sockets.append(ws)

    await asyncio.gather(*(connect_one(i) for i in range(subscribers)))
    sender = await open_socket(url, cookies[0])
    latencies: list[float] = []
    done = asyncio.Event()
    expected = subscribers * messages
    received = 0
    last_arrival = 0.0

    async def listen(ws):
        nonlocal received, last_arrival
        async for raw in ws:
            frame = json.loads(raw)
            if frame.get("type") != "message" or frame.get("replay"):
                continue
            now = time.perf_counter()
            sent_at = float(frame["message"]["body"].split(" ", 1)[0])
            latencies.append(now - sent_at)
            received += 1
            last_arrival = now
            if received >= expected:
                done.set()

    listeners = [asyncio.create_task(listen(ws)) for ws in sockets]
    # Let the presence announcements of all those joins drain before timing anything.
    await asyncio.sleep(2)
    start = time.perf_counter()
    for i in range(messages):
        # Sequential sends (each waits for its ack): the write path is part of what we measure.
        await sender.send(json.dumps({"type": "send", "id": i + 10, "channel": CHANNEL,
                                      "body": f"{time.perf_counter():.6f} message {i}"}))  # fmt: skip
        while True:
            frame = json.loads(await sender.recv())
            if frame.get("id") == i + 10:
                if frame["type"] != "ack":
                    raise RuntimeError(f"send failed: {frame}")
                break
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(done.wait(), timeout=60)
    elapsed = (last_arrival or time.perf_counter()) - start
    for task in listeners:
        task.cancel()
    await asyncio.gather(*(ws.close() for ws in [*sockets, sender]), return_exceptions=True)
    await asyncio.gather(*listeners, return_exceptions=True)
    return {
        "delivered": received,
        "expected": expected,
        "p50_ms": percentile(latencies, 50) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
        "per_s": received / elapsed if elapsed > 0 else float("nan"),
    }


async def redis_fanout(redis_url: str, subscribers: int, messages: int) -> dict:
    """The baseline: raw Redis pub/sub, one connection per subscriber, one publisher."""
    import redis.asyncio as redis

    topic = f"bench-baseline-{os.getpid()}"
    clients = [redis.from_url(redis_url) for _ in range(subscribers)]
    pubsubs = [c.pubsub() for c in clients]
    await asyncio.gather(*(p.subscribe(topic) for p in pubsubs))
    for p in pubsubs:  # consume the subscribe confirmations
        await p.get_message(timeout=5)
    publisher = redis.from_url(redis_url)
    latencies: list[float] = []
    expected = subscribers * messages
    done = asyncio.Event()
    last_arrival = 0.0

    async def listen(p):
        nonlocal last_arrival
        async for item in p.listen():
            if item["type"] != "message":
                continue
            now = time.perf_counter()
            latencies.append(now - float(item["data"].split(b" ", 1)[0]))
            last_arrival = now
            if len(latencies) >= expected:
                done.set()

    listeners = [asyncio.create_task(listen(p)) for p in pubsubs]
    start = time.perf_counter()
    for i in range(messages):
        await publisher.publish(topic, f"{time.perf_counter():.6f} message {i}")
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(done.wait(), timeout=60)
    elapsed = (last_arrival or time.perf_counter()) - start
    for task in listeners:
        task.cancel()
    await asyncio.gather(*listeners, return_exceptions=True)
    for p in pubsubs:
        await p.aclose()
    await asyncio.gather(*(c.aclose() for c in [*clients, publisher]))
    return {
        "delivered": len(latencies),
        "expected": expected,
        "p50_ms": percentile(latencies, 50) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
        "per_s": len(latencies) / elapsed if elapsed > 0 else float("nan"),
    }


async def idle_sockets(server: Server, cookies: list[str], target: int, budget: float) -> dict:
    """Open idle authenticated sockets until ``target``, the first failure or ``budget`` seconds."""
    base = rss_kib(server.process.pid)
    sockets = []
    failure = ""
    sem = asyncio.Semaphore(50)
    stop = asyncio.Event()

    async def one(i):
        nonlocal failure
        if stop.is_set():
            return
        async with sem:
            if stop.is_set():
                return
            if time.perf_counter() - start > budget:
                failure = failure or f"time budget of {budget:.0f} s (--idle-seconds)"
                stop.set()
                return
            try:
                sockets.append(await open_socket(server.url, cookies[i % len(cookies)]))
            except Exception as error:
                failure = failure or f"{type(error).__name__}: {error}"[:120]
                stop.set()
            if len(sockets) % 1000 == 0 and sockets:
                log(f"    {len(sockets)} idle sockets open")

    start = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(target)))
    elapsed = time.perf_counter() - start
    await asyncio.sleep(2)  # let the server settle before measuring memory
    opened = len(sockets)
    used = rss_kib(server.process.pid) - base
    await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)
    return {
        "opened": opened,
        "failure": failure,
        "handshakes_per_s": opened / elapsed if elapsed else float("nan"),
        "kib_per_conn": used / opened if opened else float("nan"),
        "base_rss_mib": base / 1024,
    }


# --- the run ----------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--subscribers",
        default="100,500,1000",
        help="comma-separated N values (default 100,500,1000)",
    )
    parser.add_argument("--messages", type=int, default=20, help="messages M per run (default 20)")
    parser.add_argument(
        "--servers", default="uvicorn,daphne", help="which ASGI servers (default uvicorn,daphne)"
    )
    parser.add_argument(
        "--idle", type=int, default=5000, help="idle sockets to open (0 to skip; default 5000)"
    )
    parser.add_argument(
        "--idle-seconds",
        type=float,
        default=45,
        help="time budget per server for the idle ramp (default 45)",
    )
    parser.add_argument(
        "--users", type=int, default=50, help="distinct signed-in members behind the sockets"
    )
    parser.add_argument(
        "--redis-db", type=int, default=14, help="Redis database number for the bench (default 14)"
    )
    parser.add_argument(
        "--layer",
        choices=["core", "pubsub"],
        default="core",
        help="channels_redis layer in the servers: core (RedisChannelLayer, the default) or pubsub",
    )
    args = parser.parse_args()

    redis_env = os.environ.get("REDIS_URL")
    if not redis_env:
        parser.error("REDIS_URL is not set (run `. .services/env` after scripts/services.sh up)")
    redis_url = bench_redis_url(redis_env, args.redis_db)
    sizes = [int(n) for n in args.subscribers.split(",") if n]
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, 65536)), hard))

    workdir = Path(tempfile.mkdtemp(prefix="chat-bench-"))
    database_url, drop_database = throwaway_database(workdir)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hub.settings.base",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "ELASTICSEARCH_URL": "",
        "DEBUG": "False",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
        # Persistent connections, as in production: a new PostgreSQL connection per query
        # would dominate every handshake.
        "CONN_MAX_AGE": "60",
        "DISCUSSIONS_SEND_RATE": "1000000/m",
        "PYTHONUNBUFFERED": "1",
        "CHANNEL_LAYER": args.layer,
    }
    results: dict[str, dict] = {}
    server = None
    try:
        log(f"Preparing a throwaway hub in {workdir} (migrate, {args.users} members)...")
        cookies = prepare_database(env, args.users)
        baselines = {}
        for n in sizes:
            log(f"Raw Redis pub/sub baseline: {n} subscribers x {args.messages} messages")
            baselines[n] = asyncio.run(redis_fanout(redis_url, n, args.messages))
        for kind in [s for s in args.servers.split(",") if s]:
            log(f"Starting {kind}...")
            server = Server(kind, env, workdir)
            results[kind] = {"fanout": {}, "idle": None}
            for n in sizes:
                log(f"  {kind}: {n} subscribers x {args.messages} messages")
                results[kind]["fanout"][n] = asyncio.run(
                    ws_fanout(server.url, cookies, n, args.messages)
                )
            if args.idle:
                log(f"  {kind}: opening up to {args.idle} idle sockets")
                results[kind]["idle"] = asyncio.run(
                    idle_sockets(server, cookies, args.idle, args.idle_seconds)
                )
            for problem in server.problems():
                log(f"  {kind} logged: {problem}")
            server.stop()
            server = None
    except KeyboardInterrupt:
        log("Interrupted; cleaning up.")
        return 130
    except Exception:
        for path in workdir.glob("*.log"):
            log(f"--- last lines of {path.name} ---")
            log("\n".join(path.read_text(errors="replace").splitlines()[-30:]))
        raise
    finally:
        if server is not None:
            server.stop()
        drop_database()
        shutil.rmtree(workdir, ignore_errors=True)

    log("")
    log(
        f"Fan-out: one channel, {args.messages} messages, latency send->deliver (client and servers on this machine)"
    )
    header = f"{'server':<8} {'N':>5} {'delivered':>11} {'p50 ms':>8} {'p99 ms':>8} {'msg/s':>9} | {'redis p50':>9} {'p99':>7} {'msg/s':>9} | {'ratio p50':>9} {'msg/s':>6}"
    log(header)
    log("-" * len(header))
    for kind, data in results.items():
        for n, r in data["fanout"].items():
            b = baselines[n]
            log(
                f"{kind:<8} {n:>5} {r['delivered']:>5}/{r['expected']:<5} {r['p50_ms']:>8.1f} {r['p99_ms']:>8.1f} "
                f"{r['per_s']:>9.0f} | {b['p50_ms']:>9.1f} {b['p99_ms']:>7.1f} {b['per_s']:>9.0f} | "
                f"{r['p50_ms'] / b['p50_ms']:>8.1f}x {b['per_s'] / r['per_s']:>5.1f}x"
            )
    if args.idle:
        log("")
        log("Idle authenticated sockets")
        log(
            f"{'server':<8} {'opened':>7} {'handshakes/s':>13} {'KiB/conn':>9} {'base MiB':>9}  stopped by"
        )
        for kind, data in results.items():
            i = data["idle"]
            log(
                f"{kind:<8} {i['opened']:>7} {i['handshakes_per_s']:>13.0f} {i['kib_per_conn']:>9.1f} "
                f"{i['base_rss_mib']:>9.1f}  {i['failure'] or 'target reached'}"
            )
    log("")
    log(
        "ratio p50 = WebSocket p50 / raw Redis p50; ratio msg/s = raw Redis msg/s / WebSocket msg/s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
