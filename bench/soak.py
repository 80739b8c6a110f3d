"""Soak test: many members browsing, searching, commenting, chatting and saving profiles at once.

Two stacks (``--stack``):

- ``production``: PostgreSQL, Redis, Elasticsearch (from DATABASE_URL, REDIS_URL,
  ELASTICSEARCH_URL), two server processes as the image runs them (``python -m hub.serve``:
  uvicorn, decision 0111) behind a client-side round robin and one
  ``search_worker``, with ``bench.soak_settings`` (production settings minus TLS). The soak gets
  its own database (``hub_soak_<name>``, dropped afterwards), Elasticsearch prefix
  (``soak<name>``, dropped), Redis database (``--redis-db``) and cache/queue prefixes, so the
  shared services' other users are not disturbed. Default 200 members for 10 minutes.
- ``sqlite``: what ``make run`` serves (``hub.settings.local``: SQLite, in-memory channel layer,
  database search, ``manage.py runserver``), on a throwaway SQLite file. Default 20 members.

Each member is an asyncio task with its own session and WebSocket, looping until the deadline:
think for a random while (``--think`` seconds on average), then browse a page, search, comment on
a post, chat in a channel or save their profile. Every write the client was told succeeded
(302 after a comment or profile save, ``ack`` for a chat message) is remembered with a unique
token. Afterwards the script drains the search outbox and checks that every one of them is in
the database and in the search index, and that the index has no drift from the database.

Prints requests, p50/p95 per kind, 4xx/5xx, WebSocket errors, lost writes and search drift,
and exits 1 when a target is missed (0 5xx, 0 lost, 0 drift). WebSocket errors (failed
handshakes, ack timeouts, error frames) are reported beside them.

Usage:  . .services/env && .venv/bin/python bench/soak.py                     (10 minutes)
        .venv/bin/python bench/soak.py --minutes 2 --members 50
        .venv/bin/python bench/soak.py --stack sqlite --members 20 --minutes 5
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CHANNEL = "soak-lounge"
WORDS = ["bins", "parking", "council tax", "planning", "libraries", "potholes", "forms", "rota"]
# Weights of what a member does next.
ACTIONS = {"browse": 45, "search": 20, "comment": 10, "chat": 15, "profile": 10}


def log(message: str) -> None:
    print(message, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]


def token() -> str:
    return "".join(secrets.choice(string.ascii_lowercase) for _ in range(12))


# --- the stack ---------------------------------------------------------------------------


def stack_env(args, workdir: Path) -> dict[str, str]:
    """The environment every process of the soak gets (and this one, for seeding and checks)."""
    keep = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    env = {
        **keep,
        "PYTHONPATH": str(ROOT),
        "SECRET_KEY": "soak-" + secrets.token_hex(24),
        "MEDIA_ROOT": str(workdir / "media"),
        "EMAIL_URL": f"filemail:///{workdir / 'mail'}",
        "LOG_LEVEL": "WARNING",
    }
    if args.stack == "sqlite":
        env.update(
            DJANGO_SETTINGS_MODULE="hub.settings.local",
            DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
            JOBS_SQLITE_PATH=str(workdir / "jobs.sqlite3"),
        )
        return env
    for name in ("DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL"):
        if not os.environ.get(name):
            sys.exit(f"{name} is not set: run `. .services/env` first (or use --stack sqlite)")
    database = urlsplit(os.environ["DATABASE_URL"])
    if database.scheme not in {"postgres", "postgresql"}:
        sys.exit("DATABASE_URL must be PostgreSQL for --stack production")
    redis = urlsplit(os.environ["REDIS_URL"])
    env.update(
        DJANGO_SETTINGS_MODULE="bench.soak_settings",
        DATABASE_URL=urlunsplit(database._replace(path=f"/hub_soak_{args.name}")),
        REDIS_URL=urlunsplit(redis._replace(path=f"/{args.redis_db}")),
        ELASTICSEARCH_URL=os.environ["ELASTICSEARCH_URL"],
        SEARCH_INDEX_PREFIX=f"soak{args.name}",
        CACHE_KEY_PREFIX=f"soak{args.name}",
        JOBS_QUEUE_NAME=f"soak{args.name}",
        ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    return env


# The server's own DATABASE_URL, read before this process takes on the soak's environment:
# creating and dropping the soak's database is done from the maintenance database "postgres"
# (PostgreSQL cannot drop the database a session is connected to).
ADMIN_DATABASE_URL = os.environ.get("DATABASE_URL", "")


def admin_sql(statement: str) -> None:
    import psycopg

    admin = urlunsplit(urlsplit(ADMIN_DATABASE_URL)._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(statement)


def manage(env: dict, *command: str) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *command],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")


def start(env: dict, command: list[str], logfile: Path) -> subprocess.Popen:
    return subprocess.Popen(
        command,
        env=env,
        cwd=ROOT,
        stdout=logfile.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_until_up(url: str, process: subprocess.Popen, logfile: Path) -> None:
    import httpx

    deadline = time.monotonic() + 90
    while True:
        try:
            httpx.get(url + "/healthz", timeout=5)
            return
        except httpx.TransportError:
            if process.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"{url} did not start:\n{logfile.read_text()[-3000:]}")
            time.sleep(0.3)


def seed(members: int) -> dict:
    """Members with sessions, a public channel and a post to comment on (in this process)."""
    from django.test import Client

    from accounts.models import Profile, User
    from hub.blog import services as blog
    from hub.blog.models import Post
    from hub.discussions import services as chat
    from search.outbox import index_later

    people = []
    for n in range(members):
        user = User.objects.create_user(email=f"soak{n}@example.org")
        profile, _ = Profile.objects.update_or_create(
            user=user, defaults={"handle": f"soak-{n}", "display_name": f"Soak member {n}"}
        )
        index_later(profile)
        client = Client()
        client.force_login(user)
        people.append(
            {"id": user.pk, "handle": f"soak-{n}", "session": client.cookies["sessionid"].value}
        )
    author = User.objects.get(pk=people[0]["id"])
    chat.channel_create(name="Soak lounge", slug=CHANNEL, created_by=author, topic="Soak test")
    post = blog.post_create(
        author=author,
        title="How we run bin rounds",
        body="Our bin rounds, parking and planning pages, and the rota behind them.",
        status=Post.Status.PUBLISHED,
    )
    return {"members": people, "post_url": post.get_absolute_url()}


# --- the members -------------------------------------------------------------------------


@dataclass
class Results:
    latency: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    status: dict[str, dict[int, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    ws_errors: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)  # acknowledged tokens
    messages: list[str] = field(default_factory=list)
    bios: dict[int, list[str]] = field(default_factory=dict)  # member id -> acked tokens
    bios_tried: dict[int, list[str]] = field(default_factory=dict)
    connect_times: list[float] = field(default_factory=list)  # handshake + subscribe, seconds
    connect_failures: list[tuple[str, float]] = field(default_factory=list)  # (error, seconds)


class Member:
    def __init__(self, person: dict, base: str, world: dict, results: Results, think: float):
        self.person, self.base, self.world, self.results, self.think = (
            person, base, world, results, think,
        )  # fmt: skip
        self.csrf = secrets.token_hex(16)  # a 32-character secret: cookie and form field agree
        self.cookies = f"sessionid={person['session']}; csrftoken={self.csrf}"
        self.ws = None
        self.pending: dict[int, asyncio.Future] = {}
        self.frame_id = 0

    async def run(self, deadline: float) -> None:
        import httpx

        async with httpx.AsyncClient(
            base_url=self.base, headers={"Cookie": self.cookies}, timeout=60
        ) as self.http:
            reader = None
            try:
                await self.connect()
                reader = asyncio.create_task(self.read_frames())
                await asyncio.sleep(random.uniform(0, self.think))
                while time.monotonic() < deadline:
                    kind = random.choices(list(ACTIONS), weights=list(ACTIONS.values()))[0]
                    await getattr(self, kind)()
                    await asyncio.sleep(random.expovariate(1 / self.think))
            finally:
                if reader:
                    reader.cancel()
                if self.ws is not None:
                    with contextlib.suppress(Exception):
                        await self.ws.close()

    async def request(self, kind: str, method: str, path: str, **kwargs):
        started = time.perf_counter()
        try:
            response = await self.http.request(method, path, **kwargs)
        except Exception as error:  # timeouts, resets: reported, never hidden
            self.results.errors[kind].append(f"{type(error).__name__}: {error}")
            return None
        self.results.latency[kind].append(time.perf_counter() - started)
        self.results.status[kind][response.status_code] += 1
        return response

    async def browse(self) -> None:
        path = random.choice(
            [
                "/", "/blog/", self.world["post_url"], "/channels/", f"/channels/{CHANNEL}/",
                "/people/", f"/people/{random.choice(self.world['members'])['handle']}/",
                "/groups/",
            ]
        )  # fmt: skip
        await self.request("browse", "GET", path)

    async def search(self) -> None:
        await self.request("search", "GET", "/search/", params={"q": random.choice(WORDS)})

    async def comment(self) -> None:
        mark = token()
        response = await self.request(
            "comment",
            "POST",
            self.world["post_url"] + "comments/",
            data={"csrfmiddlewaretoken": self.csrf, "body": f"Soak comment {mark} about bins."},
        )
        if response is not None and response.status_code == 302:
            self.results.comments.append(mark)

    async def profile(self) -> None:
        mark = token()
        member = self.person["id"]
        self.results.bios_tried.setdefault(member, []).append(mark)
        response = await self.request(
            "profile",
            "POST",
            "/profile/edit/",
            data={
                "csrfmiddlewaretoken": self.csrf,
                # A new name on the first save: everything the member wrote is reindexed.
                "display_name": f"{self.person['handle']} (soak)",
                "handle": self.person["handle"],
                "bio": f"Soak bio {mark}",
                "interests": "bins, soak",
            },
        )
        if response is not None and response.status_code == 302:
            self.results.bios.setdefault(member, []).append(mark)

    # WebSocket: one socket per member, subscribed to the lounge; acks matched by frame id.
    async def connect(self) -> None:
        import websockets

        url = self.base.replace("http://", "ws://") + "/ws/chat/"
        started = time.perf_counter()
        try:
            self.ws = await websockets.connect(
                url,
                additional_headers={"Cookie": self.cookies},
                origin=self.base,
                open_timeout=60,
                max_size=2**22,
            )
            hello = json.loads(await asyncio.wait_for(self.ws.recv(), 60))
            assert hello["type"] == "hello", hello
            reply = await self.frame(
                {"type": "subscribe", "channels": [{"channel": CHANNEL}]}, reader=True
            )
            assert reply.get("type") == "ack", reply
        except Exception as error:
            elapsed = time.perf_counter() - started
            self.results.ws_errors.append(
                f"connect: {type(error).__name__}: {error} (after {elapsed:.1f} s)"
            )
            self.results.connect_failures.append((type(error).__name__, elapsed))
            self.ws = None
        else:
            self.results.connect_times.append(time.perf_counter() - started)

    async def frame(self, frame: dict, *, reader: bool = False) -> dict:
        """Send a frame and wait for its ack/error (read here until the reader task runs)."""
        self.frame_id += 1
        frame["id"] = self.frame_id
        await self.ws.send(json.dumps(frame))
        if reader:
            while True:
                reply = json.loads(await asyncio.wait_for(self.ws.recv(), 60))
                if reply.get("id") == frame["id"]:
                    return reply
        future = asyncio.get_running_loop().create_future()
        self.pending[frame["id"]] = future
        return await asyncio.wait_for(future, 60)

    async def read_frames(self) -> None:
        if self.ws is None:
            return
        try:
            async for raw in self.ws:
                reply = json.loads(raw)
                future = self.pending.pop(reply.get("id"), None) if "id" in reply else None
                if future and not future.done():
                    future.set_result(reply)
        except asyncio.CancelledError:
            raise
        except Exception as error:
            self.results.ws_errors.append(f"read: {type(error).__name__}: {error}")
            self.ws = None

    async def chat(self) -> None:
        if self.ws is None:
            await self.connect()
            if self.ws is None:
                return
            asyncio.create_task(self.read_frames())  # noqa: RUF006 - ends with the socket
        mark = token()
        started = time.perf_counter()
        try:
            reply = await self.frame(
                {"type": "send", "channel": CHANNEL, "body": f"Soak chat {mark}"}
            )
        except Exception as error:
            self.results.ws_errors.append(f"send: {type(error).__name__}: {error}")
            return
        self.results.latency["chat"].append(time.perf_counter() - started)
        if reply.get("type") == "ack":
            self.results.messages.append(mark)
            self.results.status["chat"][200] += 1
        else:
            self.results.ws_errors.append(f"send answered {reply}")
            self.results.status["chat"][0] += 1


async def soak(bases: list[str], world: dict, args) -> Results:
    results = Results()
    deadline = time.monotonic() + args.minutes * 60
    members = [
        Member(person, bases[n % len(bases)], world, results, args.think)
        for n, person in enumerate(world["members"])
    ]
    progress = asyncio.create_task(report_progress(results, deadline))
    await asyncio.gather(*(m.run(deadline) for m in members))
    progress.cancel()
    return results


async def report_progress(results: Results, deadline: float) -> None:
    while True:
        await asyncio.sleep(60)
        done = sum(len(v) for v in results.latency.values())
        left = max(0, deadline - time.monotonic())
        log(f"  ... {done} requests so far, {left / 60:.1f} min left")


# --- checks ------------------------------------------------------------------------------


def verify(results: Results, production: bool) -> dict:
    """Every acknowledged write in the database and in search; drift between the two."""
    from accounts.models import Profile
    from hub.blog.models import Comment
    from hub.discussions.models import Message
    from search.backends import get_backend
    from search.indexing import check, drain
    from search.models import OutboxEntry

    backend = get_backend()
    deadline = time.monotonic() + 300
    while OutboxEntry.objects.exists():  # the worker drains it (production) or did on commit
        if time.monotonic() > deadline:
            break
        if not production:
            drain(backend, include_waiting=True)
        time.sleep(0.5)
    backend.refresh()
    comments = {
        c.body.split()[2]: c.pk for c in Comment.objects.filter(body__startswith="Soak comment ")
    }
    messages = {
        m.body.split()[2]: m.pk for m in Message.objects.filter(body__startswith="Soak chat ")
    }
    lost_comments = [t for t in results.comments if t not in comments]
    lost_messages = [t for t in results.messages if t not in messages]
    lost_profiles = []
    for member, acked in results.bios.items():
        bio = Profile.objects.get(user_id=member).bio
        tried = results.bios_tried[member]
        # The database holds the last acknowledged save, or a later one whose answer was lost.
        if bio.removeprefix("Soak bio ") not in tried[tried.index(acked[-1]) :]:
            lost_profiles.append(member)
    indexed = backend.indexed_fingerprints()
    unindexed = [f"comment:{comments[t]}" for t in results.comments if t in comments]
    unindexed += [f"message:{messages[t]}" for t in results.messages if t in messages]
    unindexed = [doc for doc in unindexed if doc not in indexed]
    drift = check(backend)
    return {
        "lost_db": len(lost_comments) + len(lost_messages) + len(lost_profiles),
        "lost_detail": (lost_comments[:5], lost_messages[:5], lost_profiles[:5]),
        "lost_search": len(unindexed),
        "lost_search_detail": unindexed[:5],
        "drift": len(drift.missing) + len(drift.stale) + len(drift.orphaned),
        "drift_detail": (drift.missing[:5], drift.stale[:5], drift.orphaned[:5]),
        "outbox_left": OutboxEntry.objects.count(),
        "comments": len(results.comments),
        "messages": len(results.messages),
        "profiles": sum(len(v) for v in results.bios.values()),
    }


# The sqlite stack's runserver is daphne (the production stack's uvicorn has no such limit, so
# there every connect failure counts as "other"). daphne's default --websocket_connect_timeout:
# autobahn drops (TCP reset) a socket whose opening
# handshake the application has not accepted by then — the client sees InvalidMessage, "did not
# receive a valid HTTP response" — or daphne's own periodic check answers 403 (InvalidStatus).
# autobahn's timer (txaio's batched timer) rounds its deadline down to a whole second, so the
# reset comes 4-5 s after the server took the connection. Such failures mean the server was too
# busy to accept in time.
HANDSHAKE_TIMEOUT_SECONDS = 5.0
_TIMEOUT_ERRORS = {"InvalidMessage", "InvalidStatus"}


def websocket_breakdown(results: Results) -> str:
    """WebSocket errors by phase, and which connect failures were daphne's handshake timeout."""
    phases: dict[str, int] = defaultdict(int)
    for error in results.ws_errors:
        phase, _, rest = error.partition(":")
        kind = rest.strip().split(":", 1)[0].split(" ", 1)[0] if rest.strip() else ""
        phases[f"{phase}/{kind}" if kind else phase] += 1
    seconds: dict[str, list[float]] = defaultdict(list)
    for name, elapsed in results.connect_failures:
        seconds[name].append(elapsed)
    spans = "; ".join(
        f"{name} after {min(values):.1f}-{max(values):.1f} s" for name, values in seconds.items()
    )
    timed_out = sum(
        1
        for name, seconds in results.connect_failures
        if name in _TIMEOUT_ERRORS and seconds >= HANDSHAKE_TIMEOUT_SECONDS - 1
    )
    other = len(results.connect_failures) - timed_out
    ok = results.connect_times
    return (
        "WebSocket errors by phase: "
        + (", ".join(f"{phase} {n}" for phase, n in sorted(phases.items())) or "none")
        + f"; connect failures that were daphne's {HANDSHAKE_TIMEOUT_SECONDS:g} s handshake "
        f"timeout (reset or 403 after >= {HANDSHAKE_TIMEOUT_SECONDS - 1:g} s): {timed_out}, "
        f"other: {other}" + f"; successful connects {len(ok)}, p50 {percentile(ok, 50):.1f} s, "
        f"p95 {percentile(ok, 95):.1f} s" + (f"; connect failures: {spans}" if spans else "")
    )


def report(results: Results, checks: dict, args, elapsed: float) -> bool:
    log("")
    log(
        f"soak: stack={args.stack} members={args.members} minutes={elapsed / 60:.1f} load={os.getloadavg()[0]:.1f}"
    )
    log(f"{'kind':<9}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'4xx':>6}{'5xx':>6}{'errors':>8}")
    total = server_errors = transport_errors = 0
    for kind in ACTIONS:
        lat = results.latency.get(kind, [])
        codes = results.status.get(kind, {})
        fours = sum(n for code, n in codes.items() if 400 <= code < 500)
        fives = sum(n for code, n in codes.items() if code >= 500)
        errors = len(results.errors.get(kind, []))
        total += len(lat) + errors
        server_errors += fives
        transport_errors += errors
        log(
            f"{kind:<9}{len(lat) + errors:>9}{percentile(lat, 50) * 1000:>9.0f}"
            f"{percentile(lat, 95) * 1000:>9.0f}{fours:>6}{fives:>6}{errors:>8}"
        )
    log(f"requests: {total} ({total / elapsed:.1f}/s)")
    log(f"5xx: {server_errors}   transport errors (timeouts, resets): {transport_errors}")
    log(
        f"WebSocket errors: {len(results.ws_errors)}"
        + (f"  e.g. {results.ws_errors[:3]}" if results.ws_errors else "")
    )
    log(websocket_breakdown(results))
    for kind, errors in results.errors.items():
        log(f"  {kind} errors e.g. {errors[:2]}")
    log(
        f"acknowledged writes: {checks['comments']} comments, {checks['messages']} chat messages, "
        f"{checks['profiles']} profile saves"
    )
    log(
        f"lost in database: {checks['lost_db']}"
        + (f"  {checks['lost_detail']}" if checks["lost_db"] else "")
    )
    log(
        f"lost in search: {checks['lost_search']}"
        + (f"  {checks['lost_search_detail']}" if checks["lost_search"] else "")
    )
    log(
        f"search drift (missing+stale+orphaned): {checks['drift']}"
        + (f"  {checks['drift_detail']}" if checks["drift"] else "")
    )
    targets = {
        "0 5xx": server_errors == 0,
        "0 lost (database)": checks["lost_db"] == 0,
        "0 lost (search)": checks["lost_search"] == 0,
        "0 search drift": checks["drift"] == 0,
    }
    for name, met in targets.items():
        log(f"TARGET {name}: {'met' if met else 'NOT met'}")
    return all(targets.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stack", choices=["production", "sqlite"], default="production")
    parser.add_argument("--members", type=int, help="simulated members (200; sqlite: 20)")
    parser.add_argument("--minutes", type=float, default=10.0, help="how long to run (10)")
    parser.add_argument(
        "--think", type=float, default=8.0, help="mean seconds between a member's actions (8)"
    )
    parser.add_argument("--servers", type=int, default=2, help="server processes (production: 2)")
    parser.add_argument(
        "--redis-db",
        type=int,
        default=int(os.environ.get("SOAK_REDIS_DB", 0)),
        help="Redis database number for the soak (0)",
    )
    parser.add_argument(
        "--name",
        default="soak",
        help="suffix of the soak's database, index prefix and queue (soak)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the database and index afterwards"
    )
    args = parser.parse_args()
    args.members = args.members or (200 if args.stack == "production" else 20)
    production = args.stack == "production"

    workdir = Path(tempfile.mkdtemp(prefix="hub-soak-"))
    env = stack_env(args, workdir)
    processes: list[subprocess.Popen] = []

    def stop(*_):
        for process in processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=15)

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    try:
        if production:
            database = urlsplit(env["DATABASE_URL"]).path.lstrip("/")
            admin_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            admin_sql(f'CREATE DATABASE "{database}"')
        log(f"soak: migrating a fresh {'PostgreSQL' if production else 'SQLite'} database")
        manage(env, "migrate", "--noinput")
        if production:  # a fresh index too: nothing left from an earlier run with this name
            manage(
                env, "shell", "-c", "from search.backends import get_backend; get_backend().drop()"
            )
            manage(env, "search_reindex", "--if-missing")
        # This process seeds and checks with exactly the servers' environment.
        for name in ("REDIS_URL", "ELASTICSEARCH_URL", "SEARCH_INDEX_PREFIX", "CACHE_KEY_PREFIX"):
            os.environ.pop(name, None)
        os.environ.update(env)
        import django

        django.setup()
        world = seed(args.members)
        bases = []
        for n in range(args.servers if production else 1):
            port = free_port()
            logfile = workdir / f"server-{n}.log"
            if production:
                command = [
                    sys.executable,
                    "-m",
                    "hub.serve",
                    "--port",
                    str(port),
                    "--no-access-log",
                ]
            else:
                command = [
                    sys.executable,
                    str(ROOT / "manage.py"),
                    "runserver",
                    "--noreload",
                    f"127.0.0.1:{port}",
                ]
            processes.append(start(env, command, logfile))
            wait_until_up(f"http://127.0.0.1:{port}", processes[-1], logfile)
            bases.append(f"http://127.0.0.1:{port}")
        if production:
            processes.append(
                start(
                    env,
                    [sys.executable, str(ROOT / "manage.py"), "search_worker"],
                    workdir / "worker.log",
                )
            )
        log(f"soak: {args.members} members for {args.minutes:g} min against {', '.join(bases)}")
        started = time.monotonic()
        results = asyncio.run(soak(bases, world, args))
        elapsed = time.monotonic() - started
        log("soak: checking every acknowledged write in the database and in search")
        checks = verify(results, production)
        ok = report(results, checks, args, elapsed)
        for logfile in sorted(workdir.glob("*.log")):
            tracebacks = logfile.read_text().count("Traceback")
            if tracebacks:
                log(f"{logfile.name}: {tracebacks} tracebacks (kept in {logfile})")
                args.keep = True
    finally:
        stop()
        if production and not args.keep:
            from django.conf import settings as django_settings

            if django_settings.configured:  # not yet when stopped while migrating
                from django.db import connections

                connections.close_all()
                with contextlib.suppress(Exception):
                    from search.backends import get_backend

                    get_backend().drop()
            admin_sql(
                f'DROP DATABASE IF EXISTS "{urlsplit(env["DATABASE_URL"]).path.lstrip("/")}" WITH (FORCE)'
            )
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
