"""A Welsh query finds a Welsh post on SQLite, the embedded backend `make run` uses.

The suite's database is PostgreSQL, so this runs `make run`'s settings (hub.settings.local,
SQLite FTS5, database search) in a subprocess on its own SQLite file: migrate, write the posts
through the blog's services, index them, search.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json
import django
django.setup()
from django.contrib.auth.models import AnonymousUser
from accounts.models import Profile, User
from hub.blog import services as blog
from hub.blog.models import Post
from search import api
from search.backends import get_backend
from search.registry import documents_for

author = User.objects.create_user(email="sian@example.org")
author.language = "cy"
author.save(update_fields=["language"])
Profile.objects.update_or_create(
    user=author, defaults={"handle": "sian", "display_name": "Siân Awdur"}
)
welsh = blog.post_create(
    author=author,
    title="Casgliadau biniau yng Nghaerdydd",
    body="Mae ein gwasanaeth yn casglu biniau bob wythnos. Rydym am glywed gennych.",
    status=Post.Status.PUBLISHED,
)
english = blog.post_create(
    author=author,
    title="Bin collections in Cardiff",
    body="Our service collects bins every week.",
    status=Post.Status.PUBLISHED,
    language="en",
)
backend = get_backend()
backend.replace(
    [f"blog.post:{welsh.pk}", f"blog.post:{english.pk}"],
    documents_for(welsh) + documents_for(english),
)

def titles(query):
    return [hit.title for hit in api.search(query=query, user=AnonymousUser()).hits]

print(json.dumps({
    "backend": backend.name,
    "language": welsh.language,
    "welsh": titles("casgliadau biniau"),
    "welsh_word": titles("gwasanaeth"),
    "mutated": titles("Caerdydd"),
    "welsh_stop_word": titles("am glywed"),
    "english": titles("bin collections"),
    "snippet": api.search(query="gwasanaeth", user=AnonymousUser()).hits[0].snippet_html,
}))
"""


def test_a_welsh_query_finds_the_welsh_post_on_sqlite(tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "hub.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "EMAIL_URL": f"filemail:///{tmp_path / 'mail'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "JOBS_SQLITE_PATH": str(tmp_path / "jobs.sqlite3"),
        "ELASTICSEARCH_URL": "",
        "SEARCH_INLINE": "false",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run(
        [*manage, "migrate", "--noinput"], env=env, cwd=ROOT, check=True, capture_output=True
    )
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout.strip().splitlines()[-1])

    assert found["backend"] == "database" and found["language"] == "cy"
    assert found["welsh"] == ["Casgliadau biniau yng Nghaerdydd"]
    assert found["welsh_word"] == ["Casgliadau biniau yng Nghaerdydd"]
    assert found["mutated"] == ["Casgliadau biniau yng Nghaerdydd"]  # "yng Nghaerdydd"
    assert found["welsh_stop_word"] == ["Casgliadau biniau yng Nghaerdydd"]
    assert found["english"] == ["Bin collections in Cardiff"]
    assert "<mark>gwasanaeth</mark>" in found["snippet"]
