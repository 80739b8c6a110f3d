"""Relevance benchmark: the judged set (bench/relevance_set.py) on SQLite, PostgreSQL and
Elasticsearch, side by side.

    . /work/main/.services/env   # or .services/env: DATABASE_URL (PostgreSQL), ELASTICSEARCH_URL
    .venv/bin/python bench/relevance.py [--backends sqlite,postgresql,elasticsearch] [--worst 5]

For each backend a child process builds a fresh database (and index), loads the set through
the hub's services (import_councils with the mySociety-format fixture, profile_update,
group_create, post_create, comment_create, standard publishing and threads, channels and
messages, projects and updates, artefacts with an uploaded file whose text is extracted),
drains the search outbox, then runs every query through ``search.api.search`` as an anonymous
visitor and as a signed-in member. It prints nDCG@10, MRR, recall@10 and how many misspelt
queries have every grade-2 document in the top 3, per backend, then the worst queries.
Targets: nDCG@10 >= 0.9 on Elasticsearch and PostgreSQL, >= 0.85 on SQLite; every misspelt
query's answer in the top 3 everywhere. The throwaway databases and index are dropped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGETS = {"sqlite": 0.85, "postgresql": 0.9, "elasticsearch": 0.9}


# --- child: one backend --------------------------------------------------------------------
def _setup(backend: str, tag: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "hub.settings.test"
    os.environ.update(
        SEARCH_INLINE="false",
        BLOG_POST_RATE="10000/h",
        BLOG_COMMENT_RATE="10000/m",
        DISCUSSIONS_SEND_RATE="10000/m",
        SEARCH_INDEX_PREFIX=f"benchrel-{tag}",
    )
    if backend == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.gettempdir()}/benchrel-{tag}.sqlite3"
    if backend != "elasticsearch":
        os.environ["ELASTICSEARCH_URL"] = ""
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    name = f"benchrel_{tag}" if backend != "sqlite" else os.environ["DATABASE_URL"][10:]
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = name
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)


def _teardown(backend: str, tag: str) -> None:
    from django.db import connection

    from search.backends import get_backend

    if backend == "elasticsearch":
        get_backend().drop()
    connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


ACCESS: dict[str, set[str]] = {}  # doc id -> access keys, to judge only what a viewer sees


def _documents_of(obj) -> list:
    from search.registry import documents_for

    documents = documents_for(obj)
    for document in documents:
        ACCESS[document.doc_id] = set(document.access)
    return documents


def load() -> dict[str, str]:
    """Create the judged set through the services; returns judged key -> search doc id."""
    from io import StringIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from accounts.models import User
    from accounts.services import profile_ensure, profile_update
    from bench import relevance_set as data
    from hub.blog.services import comment_create, post_create
    from hub.councils.models import Council
    from hub.discussions.services import channel_create, message_post
    from hub.groups.models import WorkingGroup
    from hub.groups.services import group_create, group_join
    from hub.sharing import uploads
    from hub.sharing.services import artefact_create, project_create, project_update_post
    from hub.standards.services import standard_create, standard_version_publish, thread_open

    keys: dict[str, str] = {}
    call_command(
        "import_councils",
        str(ROOT / "bench" / "fixtures" / "councils_mysociety.csv"),
        stdout=StringIO(),
        stderr=StringIO(),
        verbosity=0,
    )
    for council in Council.objects.all():
        for document in _documents_of(council):
            keys[f"council:{council.code}"] = document.doc_id
    people = {}
    for key, name, handle, code, job, bio, interests in data.PEOPLE:
        user = User.objects.create_user(email=f"{handle}@bench.invalid", password=None)
        profile = profile_ensure(user=user)
        profile_update(
            profile=profile,
            data={"display_name": name, "handle": handle, "job_title": job, "bio": bio,
                  "council": Council.objects.get(code=code)},
            interests=interests,
        )  # fmt: skip
        people[key] = user
        keys[f"profile:{key}"] = f"profile:{profile.pk}"
        _documents_of(profile)
    creators = {std_group: editor for _, std_group, editor, _, _ in data.STANDARDS}
    groups = {}
    for key, name, purpose, members_only in data.GROUPS:
        visibility = (
            WorkingGroup.Visibility.MEMBERS if members_only else WorkingGroup.Visibility.PUBLIC
        )
        creator = people[creators.get(key, "tom")]
        groups[key] = group_create(
            creator=creator, name=name, purpose=purpose, visibility=visibility
        )
        keys[f"group:{key}"] = f"group:{groups[key].pk}"
        _documents_of(groups[key])
    posts = {}
    for key, author, title, body, tags in data.POSTS:
        posts[key] = post_create(
            author=people[author], title=title, body=body, tags=tags, status="published",
            councils=[people[author].profile.council],
        )  # fmt: skip
        keys[f"post:{key}"] = f"post:{posts[key].pk}"
        _documents_of(posts[key])
    for key, post_key, author, body in data.COMMENTS:
        comment = comment_create(
            post=posts[post_key], author=people[author], body=body, rate_limited=False
        )
        keys[f"comment:{key}"] = f"comment:{comment.pk}"
        _documents_of(comment)
    versions = {}
    for key, group_key, editor, title, body in data.STANDARDS:
        standard = standard_create(
            group=groups[group_key], creator=people[editor], title=title, summary=title, body=body
        )
        versions[key] = standard_version_publish(standard=standard, editor=people[editor])
        for document in _documents_of(versions[key]):
            keys[f"section:{key}#{document.url.rsplit('#', 1)[-1]}"] = document.doc_id
    for key, std_key, anchor, author, body in data.THREADS:
        version = versions[std_key]
        group = version.standard.group
        if not group.memberships.filter(user=people[author]).exists():
            group_join(group=group, user=people[author])
        thread = thread_open(version=version, anchor=anchor, author=people[author], body=body)
        keys[f"thread:{key}"] = f"standard_comment:{thread.pk}"
        _documents_of(thread)
    channels = {
        key: channel_create(name=name, created_by=people[creator])
        for key, name, creator in data.CHANNELS
    }
    for key, channel_key, author, body in data.MESSAGES:
        message = message_post(channel=channels[channel_key], author=people[author], body=body)
        for document in _documents_of(message):
            keys[f"message:{key}"] = document.doc_id
    for key, lead, title, summary, updates in data.PROJECTS:
        project = project_create(user=people[lead], title=title, summary=summary)
        for update in updates:
            project_update_post(project=project, user=people[lead], body=update)
        keys[f"project:{key}"] = f"project:{project.pk}"
        _documents_of(project)
    for key, who, kind, title, description, file_name, text in data.ARTEFACTS:
        upload = uploads.check_upload(SimpleUploadedFile(file_name, text.encode("utf-8")))
        artefact = artefact_create(
            user=people[who], kind=kind, title=title, description=description,
            licence="ogl-3", upload=upload,
        )  # fmt: skip
        keys[f"artefact:{key}"] = f"artefact:{artefact.pk}"
        _documents_of(artefact)
    return keys


def run_child(backend: str, tag: str) -> dict:
    _setup(backend, tag)
    try:
        from django.contrib.auth.models import AnonymousUser

        from accounts.models import User
        from bench import relevance_set as data
        from search import api, evaluation
        from search.backends import get_backend
        from search.indexing import drain
        from search.models import OutboxEntry
        from search.registry import viewer_access_keys

        keys = load()
        search_backend = get_backend()
        while OutboxEntry.objects.exists():
            stats = drain(search_backend, include_waiting=True)
            if stats.failed:
                raise SystemExit(f"indexing failed: {stats.errors[:3]}")
        search_backend.refresh()
        member = User.objects.create_user(email="member@bench.invalid", password=None)
        missing = sorted({k for _, judged, _ in data.QUERIES for k in judged} - set(keys))
        if missing:
            raise SystemExit(f"judged keys without a document: {missing}")
        names = {v: k for k, v in keys.items()}
        report: dict = {"documents": search_backend.status().get("documents"), "viewers": {}}
        for viewer, user in (("anonymous", AnonymousUser()), ("member", member)):
            rows = []
            may_see = viewer_access_keys(user)
            for text, judged, kind in data.QUERIES:
                # Judge only what this viewer may see (chat is for signed-in members).
                judged_ids = {
                    keys[k]: g for k, g in judged.items() if ACCESS.get(keys[k], set()) & may_see
                }
                if not any(g >= 2 for g in judged_ids.values()):
                    continue
                result = api.search(query=text, user=user, with_facets=False)
                ranked = [h.doc_id for h in result.hits]
                rows.append(
                    {
                        "query": text,
                        "kind": kind,
                        "ndcg": evaluation.ndcg(ranked, judged_ids),
                        "rr": evaluation.reciprocal_rank(ranked, judged_ids),
                        "recall": evaluation.recall(ranked, judged_ids),
                        "top3": evaluation.best_in_top(ranked, judged_ids),
                        "got": [names.get(d, d) for d in ranked[:3]],
                        "suggestion": result.suggestion,
                    }
                )
            report["viewers"][viewer] = rows
        return report
    finally:
        _teardown(backend, tag)


# --- parent: every backend, side by side -------------------------------------------------------
def _summary(rows: list[dict]) -> dict:
    n = len(rows)
    misspelt = [r for r in rows if r["kind"] == "misspelt"]
    return {
        "ndcg": sum(r["ndcg"] for r in rows) / n,
        "mrr": sum(r["rr"] for r in rows) / n,
        "recall": sum(r["recall"] for r in rows) / n,
        "top3": sum(r["top3"] for r in misspelt),
        "misspelt": len(misspelt),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backends", default="sqlite,postgresql,elasticsearch")
    parser.add_argument("--worst", type=int, default=5, help="Worst queries listed per backend.")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--tag", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print("RESULT " + json.dumps(run_child(args.child, args.tag)))
        return
    backends = [b for b in args.backends.split(",") if b]
    if "elasticsearch" in backends and not os.environ.get("ELASTICSEARCH_URL"):
        raise SystemExit("ELASTICSEARCH_URL is not set: source .services/env first.")
    if {"postgresql", "elasticsearch"} & set(backends) and "postgres" not in os.environ.get(
        "DATABASE_URL", ""
    ):
        raise SystemExit("DATABASE_URL must name PostgreSQL: source .services/env first.")
    reports = {}
    for backend in backends:
        tag = f"{os.environ.get('TEST_DB_SUFFIX', 'x')}{uuid.uuid4().hex[:6]}"
        done = subprocess.run(
            [sys.executable, __file__, "--child", backend, "--tag", tag],
            capture_output=True,
            text=True,
            check=False,
        )
        line = next((x for x in done.stdout.splitlines() if x.startswith("RESULT ")), None)
        if done.returncode or line is None:
            sys.stderr.write(done.stdout[-3000:] + done.stderr[-6000:])
            raise SystemExit(f"{backend}: the run failed (output above)")
        reports[backend] = json.loads(line[len("RESULT ") :])
    any_report = next(iter(reports.values()))
    queries = {v: len(rows) for v, rows in any_report["viewers"].items()}
    print(f"Judged set: {queries['member']} queries judged for members, {queries['anonymous']} "
          "for anonymous visitors (chat is members-only); documents indexed: "
          + ", ".join(f"{b} {r['documents']}" for b, r in reports.items()))  # fmt: skip
    header = f"{'viewer':<10} {'measure':<22}" + "".join(f"{b:>15}" for b in reports)
    print(header)
    print("-" * len(header))
    for viewer in ("anonymous", "member"):
        sums = {b: _summary(r["viewers"][viewer]) for b, r in reports.items()}
        for label, fmt in (("nDCG@10", "ndcg"), ("MRR", "mrr"), ("recall@10", "recall")):
            print(f"{viewer:<10} {label:<22}" + "".join(f"{s[fmt]:>15.3f}" for s in sums.values()))
        print(f"{viewer:<10} {'misspelt answer top 3':<22}"
              + "".join(f"{s['top3']:>12}/{s['misspelt']:<2}" for s in sums.values()))  # fmt: skip
    print()
    for backend, report in reports.items():
        for viewer in ("anonymous", "member"):
            s = _summary(report["viewers"][viewer])
            ok = s["ndcg"] >= TARGETS[backend] and s["top3"] == s["misspelt"]
            print(f"{backend} ({viewer}): target nDCG@10 >= {TARGETS[backend]} and every "
                  f"misspelt answer in the top 3: {'MET' if ok else 'NOT MET'} "
                  f"(nDCG@10 {s['ndcg']:.3f}, misspelt {s['top3']}/{s['misspelt']})")  # fmt: skip
        for row in report["viewers"]["member"]:
            if row["kind"] == "misspelt" and not row["top3"]:
                print(f"  misspelt answer not in the top 3 ({backend}): {row['query']!r} -> "
                      f"{', '.join(row['got']) or '(none)'}")  # fmt: skip
        worst = sorted(report["viewers"]["member"], key=lambda r: (r["ndcg"], r["query"]))
        print(f"  worst queries ({backend}, member):")
        for row in worst[: args.worst]:
            print(f"    {row['ndcg']:.2f}  {row['query']!r} -> {', '.join(row['got']) or '(none)'}")


if __name__ == "__main__":
    main()
