"""Search benchmark: the hub's indexing and query layers against raw Elasticsearch.

    . .services/env && .venv/bin/python bench/search.py            # 100,000 documents
    .venv/bin/python bench/search.py --docs 20000 --queries 200     # quicker

Builds a synthetic corpus of realistic mixed documents (posts, comments, standard sections,
chat messages, profiles across many councils, with members-only and group documents), then,
in one run against the Elasticsearch at ``ELASTICSEARCH_URL``:

1. bulk indexing documents per second through the hub's path (``ElasticsearchBackend.replace``
   in the outbox worker's batch size: builds sources, looks up stale documents, bulk-writes
   with external versions) against ``elasticsearch.helpers.bulk`` of the same documents into a
   second index with the same mapping, the two taking turns batch by batch (so a shared
   machine's changing load falls on both alike);
2. query latency p50/p95 through ``search.api.search`` (parse, synonyms, permissions, facets,
   highlighting, suggestions, hit objects) against the equivalent query body sent raw.

Prints the figures and the ratios. Indices use a throwaway prefix and are deleted at the end.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.local")

import django

TOPICS = [
    ("bin collection", "waste", "Missed bin reports, round optimisation and collection calendars"),
    (
        "council tax",
        "revenues",
        "Council tax reminders, direct debit sign-up and single person discount",
    ),
    (
        "planning applications",
        "planning",
        "Planning portal, validation checks and consultation letters",
    ),
    ("housing repairs", "housing", "Reporting repairs, damp and mould triage and tenant updates"),
    (
        "freedom of information",
        "foi",
        "FOI request tracking, publication scheme and response deadlines",
    ),
    (
        "parking permits",
        "parking",
        "Residents parking permits, visitor vouchers and virtual permits",
    ),
    ("adult social care", "care", "Care assessments, financial assessments and provider portals"),
    (
        "school admissions",
        "education",
        "Admissions applications, appeals and transport eligibility",
    ),
    ("recycling", "waste", "Kerbside recycling, contamination and garden waste subscriptions"),
    (
        "accessibility",
        "digital",
        "Accessibility statements, audits and assistive technology testing",
    ),
    ("cloud migration", "technology", "Moving line-of-business systems to the cloud safely"),
    ("chatbots", "digital", "Chatbots for contact centres, content design and escalation"),
]
VERBS = ["replacing", "redesigning", "moving online", "procuring", "testing", "user research on"]
TYPES = [
    ("post", 0.25),
    ("comment", 0.2),
    ("standard_section", 0.2),
    ("message", 0.3),
    ("profile", 0.05),
]
QUERIES = [
    "bin colection",
    "ctax reminders",
    "how do councils handle recycling contamination",
    '"planning portal"',
    "freedom of information deadlines",
    "damp and mould",
    "parking permit visitor",
    "accessibility audit",
    "chatbot contact centre",
    "cloud migration",
]


def corpus(count: int, councils: list[tuple], seed: int = 7):
    from search.registry import MEMBERS, PUBLIC, SearchDocument

    rng = random.Random(seed)
    kinds, weights = zip(*TYPES, strict=True)
    start = datetime(2023, 1, 1, tzinfo=UTC)
    for number in range(count):
        kind = rng.choices(kinds, weights)[0]
        topic, tag, detail = rng.choice(TOPICS)
        slug, name, ctype, nation = rng.choice(councils)
        verb = rng.choice(VERBS)
        access = [PUBLIC]
        roll = rng.random()
        if kind == "message" and roll < 0.5:
            access = [f"channel:{rng.randint(1, 40)}"]
        elif roll < 0.1:
            access = [MEMBERS]
        elif roll < 0.15:
            access = [f"group:{rng.randint(1, 20)}"]
        yield SearchDocument(
            doc_id=f"{kind}:{number}",
            doc_type=kind,
            title=f"{verb.capitalize()} {topic} at {name}",
            body=f"{detail}. We have been {verb} {topic} for {rng.randint(2, 40)} months. "
            f"{rng.choice(TOPICS)[2]}. Lessons: start small, test with residents, share code.",
            url=f"/{kind}/{number}/",
            access=access,
            created_at=start + timedelta(minutes=number),
            author_name=f"Practitioner {number % 997}",
            author_handle=f"person-{number % 997}",
            council_slugs=[slug],
            council_names=[name],
            council_types=[ctype],
            nations=[nation],
            tags=[tag],
            services=[tag],
            source=f"bench.{kind}:{number}",
        )


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=100_000, help="Corpus size (default 100000).")
    parser.add_argument("--batch", type=int, default=500, help="Hub batch size (default 500).")
    parser.add_argument("--queries", type=int, default=200, help="Timed queries per side (200).")
    args = parser.parse_args()

    url = os.environ.get("ELASTICSEARCH_URL")
    if not url:
        sys.exit("Set ELASTICSEARCH_URL (e.g. `. .services/env`).")
    prefix = f"bench-{uuid.uuid4().hex[:6]}"
    os.environ["SEARCH_INDEX_PREFIX"] = prefix
    # The hub layer reads the database (viewer access keys, facet labels): use a private,
    # freshly migrated SQLite file so the benchmark never touches real data.
    os.environ["DATABASE_URL"] = "sqlite:///" + str(
        Path(__file__).resolve().parent.parent / "var" / "bench-search.sqlite3"
    )
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.conf import settings
    from django.contrib.auth.models import AnonymousUser
    from elasticsearch import helpers
    from tqdm import tqdm

    from search import api
    from search.backends.elasticsearch import ElasticsearchBackend

    settings.ELASTICSEARCH_URL = url
    settings.SEARCH_INDEX_PREFIX = prefix
    backend = ElasticsearchBackend(url=url, prefix=prefix)
    # A saturated shared machine can take longer than the hub's 15 s per request; a timeout
    # would end the run (raw side) or skew the latencies (the hub answers "unavailable").
    backend.client = backend.client.options(request_timeout=120)
    from search import backends as backends_module

    backends_module._backends[("elasticsearch", url, prefix)] = backend
    councils = [
        (f"council-{i}", f"Council {i}", rng_type, nation)
        for i, (rng_type, nation) in enumerate(
            [
                ("NMD", "England"),
                ("UA", "England"),
                ("LBO", "England"),
                ("SCO", "Scotland"),
                ("WPA", "Wales"),
                ("MD", "England"),
                ("CTY", "England"),
            ]
            * 20
        )
    ]
    print(f"Corpus: {args.docs} documents; Elasticsearch {url}; prefix {prefix}")
    docs = list(corpus(args.docs, councils))
    raw_index = f"{prefix}-raw"
    try:
        # 1. Indexing: the hub's path (the outbox worker's: ``replace`` per batch, which builds
        # each document's source, looks up stale documents and bulk-writes with external
        # versions) against ``helpers.bulk`` of the same documents, prepared outside the
        # timing, into an identical index. The two sides take turns batch by batch, so load
        # from other processes on a shared machine falls on both alike.
        from elasticsearch_dsl import Index

        from search import documents as es_documents

        backend.ensure_index()
        index = Index(raw_index)
        index.settings(number_of_shards=1, number_of_replicas=0)
        index.document(es_documents.document_class(backend.supported))
        backend.client.indices.create(index=raw_index, **index.to_dict())
        sources = [backend._source(d) for d in docs]  # the raw side's documents, prepared
        hub_seconds = raw_seconds = 0.0
        for offset in tqdm(range(0, len(docs), args.batch), desc="indexing", unit="batch"):
            batch = docs[offset : offset + args.batch]
            started = time.perf_counter()
            backend.replace([d.source for d in batch], batch)
            hub_seconds += time.perf_counter() - started
            started = time.perf_counter()
            helpers.bulk(
                backend.client,
                (
                    {"_index": raw_index, "_id": s["doc_id"], "_source": s}
                    for s in sources[offset : offset + args.batch]
                ),
                chunk_size=args.batch,
            )
            raw_seconds += time.perf_counter() - started
        started = time.perf_counter()
        backend.refresh()
        hub_seconds += time.perf_counter() - started
        started = time.perf_counter()
        backend.client.indices.refresh(index=raw_index)
        raw_seconds += time.perf_counter() - started
        hub_rate, raw_rate = len(docs) / hub_seconds, len(docs) / raw_seconds
        load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"Load average (1 / 5 / 15 min) after indexing: {load}")
        print(f"Indexing  hub path: {hub_rate:9.0f} docs/s ({hub_seconds:.1f} s)")
        print(f"Indexing  raw bulk: {raw_rate:9.0f} docs/s ({raw_seconds:.1f} s)")
        print(f"          ratio hub/raw throughput: {hub_rate / raw_rate:.2f}", flush=True)

        # 2. Query latency: hub layer vs the equivalent raw body.
        from accounts.models import User

        member = User(pk=10**9, email="bench@example.org")  # signed in, in no groups
        viewers = [AnonymousUser(), member]
        from search.backends.base import SearchRequest
        from search.query import parse
        from search.registry import viewer_access_keys

        rng = random.Random(3)
        plan = [(rng.choice(QUERIES), rng.choice(viewers)) for _ in range(args.queries)]
        bodies = []
        for text, viewer in plan:
            request = SearchRequest(
                query=parse(text), access_keys=frozenset(viewer_access_keys(viewer))
            )
            bodies.append(backend.build_search(request).to_dict())
        for text, viewer in plan[:20]:  # warm both paths
            api.search(query=text, user=viewer)
        hub_times, raw_times = [], []
        for (text, viewer), body in zip(plan, bodies, strict=True):
            started = time.perf_counter()
            api.search(query=text, user=viewer)
            hub_times.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            backend.client.search(index=backend.read_alias, body=body)
            raw_times.append((time.perf_counter() - started) * 1000)
    finally:
        backend.client.indices.delete(index=raw_index, ignore_unavailable=True)
        backend.drop()

    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"Load average (1 / 5 / 15 min) after the queries: {load}")
    for label, times in (("hub search", hub_times), ("raw query ", raw_times)):
        print(
            f"Query     {label}: p50 {percentile(times, 0.5):6.1f} ms   "
            f"p95 {percentile(times, 0.95):6.1f} ms   mean {statistics.mean(times):6.1f} ms"
        )
    print(
        f"          ratio hub/raw latency: p50 "
        f"{percentile(hub_times, 0.5) / percentile(raw_times, 0.5):.2f}  p95 "
        f"{percentile(hub_times, 0.95) / percentile(raw_times, 0.95):.2f}"
    )


if __name__ == "__main__":
    main()
