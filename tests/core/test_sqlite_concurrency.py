"""Concurrent writers against the embedded configuration `make run` serves (SQLite, runserver).

The server is a real ``manage.py runserver`` process (daphne's, as `make run` starts it) on its
own SQLite file, so this test never touches the shared PostgreSQL the rest of the suite uses.
"""

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
MEMBERS = 7
ROUNDS = 5

SETUP = """
import json
from django.test import Client
from accounts.models import Profile, User
sessions = []
for n in range({members}):
    user = User.objects.create_user(email=f"writer{{n}}@example.org")
    Profile.objects.update_or_create(user=user, defaults={{"handle": f"writer-{{n}}", "display_name": f"Writer {{n}}"}})
    client = Client()
    client.force_login(user)
    sessions.append(client.cookies["sessionid"].value)
print(json.dumps(sessions))
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def sqlite_server(tmp_path_factory):
    """``make run``'s settings (hub.settings.local, SQLite) served by runserver on a free port."""
    folder = tmp_path_factory.mktemp("sqlite-server")
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(folder),
        "DJANGO_SETTINGS_MODULE": "hub.settings.local",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "EMAIL_URL": f"filemail:///{folder / 'mail'}",
        "MEDIA_ROOT": str(folder / "media"),
        "JOBS_SQLITE_PATH": str(folder / "jobs.sqlite3"),
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput"], env=env, check=True, capture_output=True)
    setup = subprocess.run(
        [*manage, "shell", "-c", SETUP.format(members=MEMBERS)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    sessions = json.loads(setup.stdout.strip().splitlines()[-1])
    port = _free_port()
    log = (folder / "server.log").open("w")
    server = subprocess.Popen(
        [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(f"{url}/healthz", timeout=2)
            break
        except httpx.TransportError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail("runserver did not start:\n" + (folder / "server.log").read_text())
            time.sleep(0.2)
    yield url, sessions, env, folder
    server.terminate()
    server.wait(timeout=10)


def test_members_saving_their_profiles_at_once_on_sqlite_all_succeed(sqlite_server):
    url, sessions, env, folder = sqlite_server
    barrier = threading.Barrier(MEMBERS)
    statuses: list[int] = []
    errors: list[str] = []

    def member(n: int, session: str) -> None:
        with httpx.Client(base_url=url, cookies={"sessionid": session}, timeout=60) as client:
            for round_ in range(ROUNDS):
                form = client.get("/profile/edit/")
                token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
                if form.status_code != 200 or not token:
                    errors.append(f"member {n} GET edit: {form.status_code}")
                    barrier.abort()
                    return
                barrier.wait()  # every member submits in the same instant
                response = client.post(
                    "/profile/edit/",
                    data={
                        "csrfmiddlewaretoken": token.group(1),
                        "display_name": f"Writer {n} round {round_}",
                        "handle": f"writer-{n}",
                        "bio": f"Saved in round {round_}.",
                        "interests": f"round {round_}, sqlite",
                    },
                    headers={"Referer": f"{url}/profile/edit/"},
                )
                statuses.append(response.status_code)

    threads = [threading.Thread(target=member, args=(n, s)) for n, s in enumerate(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert not errors
    log = (folder / "server.log").read_text()
    assert statuses == [302] * (MEMBERS * ROUNDS), (sorted(statuses), log[-3000:])
    assert "database is locked" not in log
    # Nothing was lost: every member's last save is what the database holds.
    saved = subprocess.run(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "shell",
            "-c",
            "from accounts.models import Profile; "
            "print(sorted(Profile.objects.filter(handle__startswith='writer-')"
            ".values_list('display_name', flat=True)))",
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert saved.strip().splitlines()[-1] == str(
        sorted(f"Writer {n} round {ROUNDS - 1}" for n in range(MEMBERS))
    )
