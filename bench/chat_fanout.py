"""Chat fan-out benchmark: the hub's live channels next to raw Redis and a bare WebSocket server.

All in one run, with the same client code (issue 11):

1. raw Redis pub/sub (N subscriber connections, one publisher): the floor for "Redis between
   processes";
2. a bare ``websockets`` server (bench/ws_broadcast_server.py, a subprocess) that serialises each
   message once and writes it to every socket with ``broadcast``: the floor for "one Python
   process writing to N sockets";
3. the hub on one daphne process (a throwaway database, the Redis at REDIS_URL under its own
   pub/sub prefix), for each N in --subscribers;
4. the hub on two daphne processes with --pair sockets on each (2 x 1,000 by default), the
   sender on the first, so every message crosses Redis to the second;
5. slow consumers: N = the largest size on one process, one set of sockets, phases alternating
   normal / 10% stalled / normal / 10% stalled / normal (stalled sockets have 4 KiB receive
   buffers, so their TCP windows fill after a few frames); the same 90% are measured in every
   phase, and their p99 in the stalled phases is compared with the normal phases';
6. idle authenticated sockets (up to --idle): memory per open socket, measured after 100
   warm-up sockets (the marginal cost of one more socket).

Each fan-out run opens N authenticated sockets subscribed to one channel, sends M messages from
one more socket (each waits for its ack), and measures send -> deliver latency p50/p99,
deliveries per second, and how many arrived live within the window (60 s after the last send).
It then prints the issue's targets as ratios within this run, each MET or NOT MET.

The hub's database is a throwaway PostgreSQL database on the server at DATABASE_URL when that is
PostgreSQL (dropped afterwards), otherwise a temporary SQLite file.

Usage:  . .services/env && .venv/bin/python bench/chat_fanout.py            (about 5 minutes)
        .venv/bin/python bench/chat_fanout.py --subscribers 100,1000 --pair 1000 --messages 20
        .venv/bin/python bench/chat_fanout.py --idle 0 --no-slow        (fan-out only)

Every subprocess is stopped and the temporary directory removed on exit, also on Ctrl-C.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
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
WINDOW = 60.0  # seconds after the last send within which a delivery counts as live
WARMUP_SENDS = 5  # untimed sends before each fan-out run


def log(message: str) -> None:
    print(message, flush=True)


def settle_client() -> None:
    """Once this client's sockets are open: their objects (and the bench's own) leave the
    collector's sight until ``gc.unfreeze()``, so a full collection in the measuring client
    (100-190 ms with 1,000 sockets) never lands in a timed part. The same for every system."""
    gc.collect()
    gc.freeze()


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
    """One ASGI server subprocess (its own process group, so it is always cleaned up).

    ``kind``: ``bare`` (bench/ws_broadcast_server.py), ``hub`` (hub.asgi) or ``baseline``
    (bench/idle_asgi.py); ``server``: ``uvicorn`` or ``daphne`` for the last two.
    """

    def __init__(self, kind: str, env: dict, logdir: Path, server: str = "uvicorn"):
        self.kind = kind if kind == "bare" else f"{kind}-{server}"
        self.port = free_port()
        self.log = open(logdir / f"{self.kind}-{self.port}.log", "w")  # noqa: SIM115 - closed in stop()
        app = "bench.idle_asgi:application" if kind == "baseline" else "hub.asgi:application"
        if kind == "bare":
            cmd = [sys.executable, str(ROOT / "bench" / "ws_broadcast_server.py"), str(self.port)]
        elif server == "uvicorn":  # as production runs it (hub/serve.py, decision 0111)
            cmd = [sys.executable, "-m", "hub.serve", "--port", str(self.port), "--application",
                   app, "--no-access-log", "--log-level", "warning"]  # fmt: skip
        else:
            cmd = [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(self.port),
                   "-v", "0", "--websocket_connect_timeout", "60", app]  # fmt: skip
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


async def open_socket(url: str, cookie: str, *, reading: bool = True):
    import websockets

    origin = "http://" + urlsplit(url).netloc  # the page's own origin, as a browser sends it
    extra = {}
    if not reading:
        # A socket that will stop reading gets a tiny incoming queue, so the client library
        # stops reading from TCP too, and a 4 KiB receive buffer, so the server's writes back up
        # after a few frames (not after megabytes of loopback buffers), as with a stalled tab.
        raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        raw.setblocking(False)
        parts = urlsplit(url)
        await asyncio.get_running_loop().sock_connect(raw, (parts.hostname, parts.port))
        extra["sock"] = raw
    ws = await websockets.connect(
        url, additional_headers={"Cookie": cookie}, origin=origin,
        max_queue=None if reading else 1, open_timeout=60, ping_interval=None, **extra,
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


async def ws_fanout(
    urls: list[str], cookies: list[str], subscribers: int, messages: int, *, slow: float = 0.0
) -> dict:
    """N sockets spread over ``urls``; the sender on the first. ``slow``: the fraction of
    sockets that never read (not counted; the others' latency is what is measured)."""
    sockets: list[tuple[object, bool]] = []
    sem = asyncio.Semaphore(100)
    stalled = round(subscribers * slow)

    async def connect_one(i):
        async with sem:
            reading = i >= stalled
            ws = await open_socket(urls[i % len(urls)], cookies[i % len(cookies)], reading=reading)
            await subscribe(ws)
            sockets.append((ws, reading))

    await asyncio.gather(*(connect_one(i) for i in range(subscribers)))
    sender = await open_socket(urls[0], cookies[0])
    settle_client()
    latencies: list[float] = []
    done = asyncio.Event()
    readers = [ws for ws, reading in sockets if reading]
    expected = len(readers) * messages
    received = 0
    last_arrival = 0.0
    started = asyncio.Event()

    async def listen(ws):
        nonlocal received, last_arrival
        async for raw in ws:
            if not started.is_set():
                continue  # presence and other frames from before the timed part
            frame = json.loads(raw)
            # A socket that fell behind gets the rest from the database (replay frames): they
            # count, as the client sees them live, once.
            if frame.get("type") != "message" or " warm-up " in frame["message"]["body"]:
                continue
            now = time.perf_counter()
            sent_at = float(frame["message"]["body"].split(" ", 1)[0])
            latencies.append(now - sent_at)
            received += 1
            last_arrival = now
            if received >= expected:
                done.set()

    listeners = [asyncio.create_task(listen(ws)) for ws in readers]
    # Warm-up, not timed, the same for every system: a fresh server's first sends open its
    # database connections (one per pool thread) and load its templates.
    for i in range(WARMUP_SENDS):
        await sender.send(json.dumps({"type": "send", "id": f"w{i}", "channel": CHANNEL,
                                      "body": f"{time.perf_counter():.6f} warm-up {i}"}))  # fmt: skip
        while json.loads(await sender.recv()).get("id") != f"w{i}":
            pass
    # Let the presence announcements of all those joins drain before timing anything.
    await asyncio.sleep(3)
    started.set()
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
        await asyncio.wait_for(done.wait(), timeout=WINDOW)
    elapsed = (last_arrival or time.perf_counter()) - start
    for task in listeners:
        task.cancel()
    everyone = [ws for ws, _ in sockets] + [sender]
    await asyncio.gather(*listeners, return_exceptions=True)
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(
            asyncio.gather(*(ws.close() for ws in everyone), return_exceptions=True), 30
        )
    gc.unfreeze()
    return {
        "delivered": received,
        "expected": expected,
        "p50_ms": percentile(latencies, 50) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
        "per_s": received / elapsed if elapsed > 0 else float("nan"),
    }


async def slow_phases(url: str, cookies: list[str], n: int, messages: int, rounds: int = 2) -> dict:
    """Slow consumers, interleaved: one set of sockets, alternating phases of ``messages`` sends.

    The same 90% of ``n`` sockets always read and are the ones measured. In a *normal* phase the
    other 10% read too; in a *slow* phase a fresh 10% (4 KiB receive buffers) never read; after
    it their connections are dropped (a closed tab, or the server's ping timeout) and replaced by
    reading ones. Phases run normal, slow, normal, slow, normal..., so load drifting on a shared
    machine hits both kinds alike; the result compares the p99 of all slow phases with that of
    all normal phases.
    """
    sem = asyncio.Semaphore(100)
    stalled_n = round(n * 0.1)

    async def connect(reading: bool, i: int):
        async with sem:
            ws = await open_socket(url, cookies[i % len(cookies)], reading=reading)
            await subscribe(ws)
            return ws

    fast = await asyncio.gather(*(connect(True, i) for i in range(n - stalled_n)))
    sender = await open_socket(url, cookies[0])
    settle_client()
    latencies = {"normal": [], "slow": []}
    phase = {"name": "", "expected": 0, "got": 0, "done": asyncio.Event()}

    async def listen(ws, measured: bool):
        async for raw in ws:
            frame = json.loads(raw)
            if not measured or frame.get("type") != "message" or not phase["name"]:
                continue
            sent_at = float(frame["message"]["body"].split(" ", 1)[0])
            latencies[phase["name"]].append(time.perf_counter() - sent_at)
            phase["got"] += 1
            if phase["got"] >= phase["expected"]:
                phase["done"].set()

    tasks = [asyncio.create_task(listen(ws, True)) for ws in fast]
    frame_id = 1000

    async def run_phase(name: str) -> None:
        nonlocal frame_id
        phase.update(name=name, expected=len(fast) * messages, got=0, done=asyncio.Event())
        for i in range(messages):
            frame_id += 1
            await sender.send(json.dumps({"type": "send", "id": frame_id, "channel": CHANNEL,
                                          "body": f"{time.perf_counter():.6f} {name} {i}"}))  # fmt: skip
            while json.loads(await sender.recv()).get("id") != frame_id:
                pass
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(phase["done"].wait(), timeout=WINDOW)
        phase["name"] = ""
        await asyncio.sleep(1)  # stragglers of this phase are not counted in the next

    delivered = {"normal": 0, "slow": 0}
    expected = {"normal": 0, "slow": 0}
    others: list = []
    for round_ in range(rounds * 2 + 1):
        name = "slow" if round_ % 2 else "normal"
        if name == "normal":  # after a slow phase: its stalled readers go, as a closed tab does
            for ws in others:
                ws.transport.abort()  # no closing handshake: they would never read its answer
        else:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    asyncio.gather(*(ws.close() for ws in others), return_exceptions=True), 30
                )
        others = await asyncio.gather(*(connect(name == "normal", i) for i in range(stalled_n)))
        extra = (
            [asyncio.create_task(listen(ws, False)) for ws in others] if name == "normal" else []
        )
        await asyncio.sleep(2)  # presence of the newcomers drains first
        await run_phase(name)
        delivered[name] += phase["got"]
        expected[name] += phase["expected"]
        for task in extra:
            task.cancel()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(
            asyncio.gather(
                *(ws.close() for ws in [*fast, *others, sender]), return_exceptions=True
            ),
            30,
        )
    gc.unfreeze()
    return {
        name: {
            "delivered": delivered[name],
            "expected": expected[name],
            "p50_ms": percentile(latencies[name], 50) * 1000,
            "p99_ms": percentile(latencies[name], 99) * 1000,
            "per_s": float("nan"),
        }
        for name in ("normal", "slow")
    }


async def redis_fanout(redis_url: str, subscribers: int, messages: int) -> dict:
    """The baseline: raw Redis pub/sub, one connection per subscriber, one publisher."""
    import redis.asyncio as redis

    topic = f"bench-baseline-{os.getpid()}"
    clients = [redis.from_url(redis_url, socket_connect_timeout=60) for _ in range(subscribers)]
    pubsubs = [c.pubsub() for c in clients]
    sem = asyncio.Semaphore(50)  # 1,000 simultaneous connects time out on a loaded machine

    async def subscribe_one(p):
        async with sem:
            await p.subscribe(topic)

    await asyncio.gather(*(subscribe_one(p) for p in pubsubs))
    for p in pubsubs:  # consume the subscribe confirmations
        await p.get_message(timeout=5)
    publisher = redis.from_url(redis_url)
    settle_client()
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
    gc.unfreeze()
    return {
        "delivered": len(latencies),
        "expected": expected,
        "p50_ms": percentile(latencies, 50) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
        "per_s": len(latencies) / elapsed if elapsed > 0 else float("nan"),
    }


WARM_SOCKETS = 100


async def idle_sockets(server: Server, cookies: list[str], target: int, budget: float) -> dict:
    """Open idle authenticated sockets until ``target``, the first failure or ``budget`` seconds.

    Memory per socket is the marginal cost: the baseline is taken after ``WARM_SOCKETS`` sockets
    are open, so the process's one-off costs (database connections and threads of its pool, the
    Redis connections, imported code, caches) are not spread over the sockets counted.
    """
    warm = [await open_socket(server.url, cookies[i % len(cookies)]) for i in range(WARM_SOCKETS)]
    await asyncio.sleep(2)
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
    await asyncio.gather(*(ws.close() for ws in [*warm, *sockets]), return_exceptions=True)
    return {
        "opened": opened,
        "failure": failure,
        "handshakes_per_s": opened / elapsed if elapsed else float("nan"),
        "kib_per_conn": used / opened if opened else float("nan"),
        "base_rss_mib": base / 1024,
        "warm": len(warm),
    }


# --- the run ----------------------------------------------------------------------------


def row(name: str, n: str, r: dict, extra: str = "") -> str:
    live = f"{r['delivered']:,}/{r['expected']:,}"
    return (
        f"{name:<22} {n:>7} {live:>15} {r['p50_ms']:>9.1f} {r['p99_ms']:>9.1f} "
        f"{r['per_s']:>11,.0f}  {extra}"
    )


def verdict(label: str, ok: bool, detail: str) -> str:
    return f"{'MET    ' if ok else 'NOT MET'} {label}: {detail}"


def normal_p99(results: dict, n: int) -> float:
    """The others' p99 without stalled readers: the interleaved normal phases' (the same
    sockets, the same process, alternating with the slow phases)."""
    return results.get("phases_normal", results["hub"][n])["p99_ms"]


def targets(results: dict, sizes: list[int], pair: int, idle: dict | None) -> list[str]:
    """The issue's targets, as ratios within this run."""
    lines = []
    big, small = max(sizes), min(sizes)
    hub, bare, redis = results["hub"], results["bare"], results["redis"]
    if big in hub and big in bare:
        h, b = hub[big], bare[big]
        full = h["delivered"] == h["expected"]
        r50, r99 = h["p50_ms"] / b["p50_ms"], h["p99_ms"] / b["p99_ms"]
        lines.append(verdict(
            f"N = {big:,}, one process: 100% live, p50 and p99 <= 2x bare websockets",
            full and r50 <= 2 and r99 <= 2,
            f"{h['delivered']:,}/{h['expected']:,} live, p50 {r50:.2f}x, p99 {r99:.2f}x",
        ))  # fmt: skip
    if small in hub and small in redis:
        r = hub[small]["p50_ms"] / redis[small]["p50_ms"]
        lines.append(verdict(f"N = {small:,}: p50 <= 3x raw Redis", r <= 3, f"{r:.2f}x"))
    if "pair" in results and big in bare:
        h = results["pair"]
        r99 = h["p99_ms"] / bare[big]["p99_ms"]
        lines.append(verdict(
            f"2 x {pair:,} on two processes: 100% live, p99 <= 3x bare websockets at N = {big:,}",
            h["delivered"] == h["expected"] and r99 <= 3,
            f"{h['delivered']:,}/{h['expected']:,} live, p99 {r99:.2f}x",
        ))  # fmt: skip
    if "slow" in results and big in hub:
        change = results["slow"]["p99_ms"] / normal_p99(results, big) - 1
        lines.append(verdict(
            "10% slow consumers change the others' p99 by <= 20% (interleaved phases)",
            change <= 0.20 and results["slow"]["delivered"] == results["slow"]["expected"],
            f"{change:+.0%} ({results['slow']['delivered']:,}/{results['slow']['expected']:,} live)",
        ))  # fmt: skip
    if idle:
        lines.append(verdict(
            "idle sockets <= 40 KiB each", idle["kib_per_conn"] <= 40,
            f"{idle['kib_per_conn']:.1f} KiB over {idle['opened']:,} sockets",
        ))  # fmt: skip
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--subscribers", default="100,1000", help="comma-separated N values (default 100,1000)"
    )
    parser.add_argument("--messages", type=int, default=20, help="messages M per run (default 20)")
    parser.add_argument(
        "--pair",
        type=int,
        default=1000,
        help="sockets per process in the two-process run (0 skips)",
    )
    parser.add_argument("--no-slow", action="store_true", help="skip the slow-consumer run")
    parser.add_argument(
        "--only-idle", action="store_true", help="skip every fan-out run (idle ramps only)"
    )
    parser.add_argument(
        "--idle", type=int, default=3000, help="idle sockets to open (0 to skip; default 3000)"
    )
    parser.add_argument(
        "--idle-seconds", type=float, default=60, help="time budget for the idle ramp (default 60)"
    )
    parser.add_argument(
        "--users", type=int, default=50, help="distinct signed-in members behind the sockets"
    )
    parser.add_argument(
        "--server",
        choices=["uvicorn", "daphne"],
        default="uvicorn",
        help="the hub's ASGI server (default uvicorn, as in production; decision 0111)",
    )
    parser.add_argument(
        "--redis-db", type=int, default=14, help="Redis database number for the bench (default 14)"
    )
    args = parser.parse_args()

    redis_env = os.environ.get("REDIS_URL")
    if not redis_env:
        parser.error("REDIS_URL is not set (run `. .services/env` after scripts/services.sh up)")
    redis_url = bench_redis_url(redis_env, args.redis_db)
    gc.set_threshold(50_000, *gc.get_threshold()[1:])  # as the hub's server (hub/serve.py)
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
        # Pub/sub names are global to a Redis server: this run's never meet anyone else's.
        "DISCUSSIONS_PUBSUB_PREFIX": f"bench.{os.getpid()}.",
        "ELASTICSEARCH_URL": "",
        # As in production (compose.yaml's search-worker), the web process does not drain the
        # search outbox after each commit; the rows wait for a worker this bench does not run.
        "SEARCH_INLINE": "false",
        "DEBUG": "False",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
        # Persistent connections, as in production: a new PostgreSQL connection per query
        # would dominate every handshake.
        "CONN_MAX_AGE": "60",
        "DISCUSSIONS_SEND_RATE": "1000000/m",
        "PYTHONUNBUFFERED": "1",
    }
    results: dict = {"redis": {}, "bare": {}, "hub": {}}
    idle = None
    servers: list[Server] = []

    def start(kind: str) -> Server:
        server = Server(kind, env, workdir, args.server)
        servers.append(server)
        return server

    def stop_all() -> None:
        while servers:
            server = servers.pop()
            for problem in server.problems():
                log(f"  {server.kind} logged: {problem}")
            server.stop()

    try:
        log(f"Preparing a throwaway hub in {workdir} (migrate, {args.users} members)...")
        cookies = prepare_database(env, args.users)
        if not args.only_idle:
            for n in sizes:
                log(f"Raw Redis pub/sub: {n} subscribers x {args.messages} messages")
                results["redis"][n] = asyncio.run(redis_fanout(redis_url, n, args.messages))
                log("  " + row("raw Redis pub/sub", f"{n:,}", results["redis"][n]))
            bare = start("bare")
            for n in sizes:
                log(f"Bare websockets broadcast server: {n} subscribers x {args.messages} messages")
                results["bare"][n] = asyncio.run(ws_fanout([bare.url], cookies, n, args.messages))
                log("  " + row("bare websockets", f"{n:,}", results["bare"][n]))
            stop_all()
            hub = start("hub")
            for n in sizes:
                log(f"Hub, one {args.server} process: {n} subscribers x {args.messages} messages")
                results["hub"][n] = asyncio.run(ws_fanout([hub.url], cookies, n, args.messages))
                log("  " + row("hub, 1 process", f"{n:,}", results["hub"][n]))
            if not args.no_slow:
                n = max(sizes)
                log(
                    f"Hub, one process, {n} subscribers: normal and 10%-stalled phases, interleaved"
                )
                phases = asyncio.run(slow_phases(hub.url, cookies, n, args.messages))
                results["slow"], results["phases_normal"] = phases["slow"], phases["normal"]
                log("  " + row("hub, phases all reading", f"{n:,}", phases["normal"]))
                log("  " + row("hub, phases 10% stalled", f"{n:,}", phases["slow"]))
            if args.pair:
                second = start("hub")
                log(
                    f"Hub, two {args.server} processes: 2 x {args.pair} subscribers x "
                    f"{args.messages} messages"
                )
                results["pair"] = asyncio.run(
                    ws_fanout([hub.url, second.url], cookies, 2 * args.pair, args.messages)
                )
                log("  " + row("hub, 2 processes", f"2x{args.pair:,}", results["pair"]))
            stop_all()
        if args.idle:
            baseline = start("baseline")
            log(f"Baseline (same stack, a consumer that only says hello): up to {args.idle}")
            idle_base = asyncio.run(idle_sockets(baseline, cookies, args.idle, args.idle_seconds))
            stop_all()
            hub = start("hub")
            log(f"Hub: opening up to {args.idle} idle sockets")
            idle = asyncio.run(idle_sockets(hub, cookies, args.idle, args.idle_seconds))
            idle["baseline"] = idle_base
        stop_all()
    except KeyboardInterrupt:
        log("Interrupted; cleaning up.")
        return 130
    except Exception:
        for path in workdir.glob("*.log"):
            log(f"--- last lines of {path.name} ---")
            log("\n".join(path.read_text(errors="replace").splitlines()[-30:]))
        raise
    finally:
        stop_all()
        drop_database()
        shutil.rmtree(workdir, ignore_errors=True)

    log("")
    log(f"Fan-out: one channel, {args.messages} messages, send -> deliver, "
        f"clients and servers on this machine; hub on {args.server}; "
        f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    header = (
        f"{'system':<22} {'N':>7} {'delivered live':>15} {'p50 ms':>9} {'p99 ms':>9} "
        f"{'deliveries/s':>11}  vs bare p50 / p99, vs Redis p50"
    )
    log(header)
    log("-" * len(header))
    for n in sizes if results["hub"] else []:
        log(row("raw Redis pub/sub", f"{n:,}", results["redis"][n]))
    for n in sizes if results["hub"] else []:
        log(row("bare websockets", f"{n:,}", results["bare"][n]))
    for n in sizes if results["hub"] else []:
        h, b, r = results["hub"][n], results["bare"][n], results["redis"][n]
        extra = (
            f"{h['p50_ms'] / b['p50_ms']:.2f}x / {h['p99_ms'] / b['p99_ms']:.2f}x, "
            f"{h['p50_ms'] / r['p50_ms']:.2f}x"
        )
        log(row("hub, 1 process", f"{n:,}", h, extra))
    big = max(sizes)
    if "slow" in results:
        log(row("hub, phases all reading", f"{big:,}", results["phases_normal"],
                "the 90% always reading, in the normal phases"))  # fmt: skip
        s = results["slow"]
        log(row("hub, phases 10% stalled", f"{big:,}", s,
                f"the same 90%: p99 {s['p99_ms'] / normal_p99(results, big):.2f}x"))  # fmt: skip
    if "pair" in results:
        p, b = results["pair"], results["bare"][big]
        log(row("hub, 2 processes", f"2x{args.pair:,}", p,
                f"{p['p50_ms'] / b['p50_ms']:.2f}x / {p['p99_ms'] / b['p99_ms']:.2f}x"))  # fmt: skip
    if idle:
        log("")
        log(
            f"Idle authenticated sockets (hub, one {args.server} process): {idle['opened']:,} opened, "
            f"{idle['handshakes_per_s']:.0f} handshakes/s, {idle['kib_per_conn']:.1f} KiB each, "
            f"server RSS {idle['base_rss_mib']:.0f} MiB with {idle['warm']} warm-up sockets open "
            "before them; stopped by "
            f"{idle['failure'] or 'target reached'}"
        )
        base = idle["baseline"]
        log(
            f"Baseline ({args.server}, Origin check, session auth, routing, a hello-only consumer): "
            f"{base['opened']:,} opened, {base['kib_per_conn']:.1f} KiB each; the chat consumer's "
            f"own share: {idle['kib_per_conn'] - base['kib_per_conn']:.1f} KiB per socket"
        )
    log("")
    log("Targets (issue 11), as ratios within this run:")
    for line in targets(results, sizes, args.pair, idle):
        log("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
