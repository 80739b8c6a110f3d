"""Relevance regression, part of the contract: a small judged set whose nDCG floor must hold
on every backend. Kept separate from the benchmark's set (bench/relevance_set.py), so tuning
against the benchmark cannot quietly overfit this one.

Each judged query names its failure class from issue 12: loose fuzziness on short words and
stems, entity pages outranking content, comments outranking their post, digit tokens never
corrected, questions and synonyms.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from search import api
from search.evaluation import best_in_top, ndcg
from search.registry import SearchDocument

pytestmark = pytest.mark.django_db


def doc(doc_id, doc_type, title, body, **extra) -> SearchDocument:
    boosts = {"post": 1.3, "comment": 0.6, "standard_section": 1.5, "message": 0.6,
              "council": 1.2, "profile": 0.8, "group": 1.2, "artefact": 1.0, "project": 1.3}  # fmt: skip
    return SearchDocument(
        doc_id=doc_id,
        doc_type=doc_type,
        title=title,
        body=body,
        url=f"/{doc_id.replace(':', '/')}/",
        boost=boosts[doc_type],
        **{"source": f"relevance.{doc_type}:{doc_id}", **extra},
    )


CORPUS = [
    doc("post:1", "post", "Moving bin collection reminders to GOV.UK Notify",
        "We send bin day reminders by text and email with GOV.UK Notify. Missed collections "
        "fell by a fifth once residents could sign up online."),
    doc("comment:1", "comment", "Comment",
        "We did the same for garden waste reminders with Notify templates.",
        context="Moving bin collection reminders to GOV.UK Notify"),
    doc("comment:2", "comment", "Comment", "Great post, thanks for sharing.",
        context="Moving bin collection reminders to GOV.UK Notify"),
    doc("post:2", "post", "Reviewing the council tax single person discount",
        "How our revenues team reviewed single person discount claims with data matching."),
    doc("post:3", "post", "Accessibility audit of our planning portal",
        "An accessibility audit against WCAG 2.2 found keyboard traps in the planning portal."),
    doc("post:4", "post", "Clean URLs for every service page",
        "Short, readable web addresses for our website's service pages, with redirects."),
    doc("post:5", "post", "Our open data portal relaunch",
        "We republished spending and planning datasets as open data with a licence."),
    doc("post:6", "post", "Refreshing our digital strategy",
        "The digital strategy covers waste, libraries and customer contact."),
    doc("standard_section:1", "standard_section", "Open311 service requests: pothole reports",
        "Report a pothole through Open311 GeoReport v2 with location and photo."),
    doc("message:1", "message", "#roadworks: permit scheme",
        "Anyone running a street works permit scheme for roadworks? We use Street Manager."),
    doc("artefact:1", "artefact", "WCAG 2.2 audit checklist",
        "Spreadsheet checklist for an accessibility audit against WCAG 2.2 success criteria."),
    doc("project:1", "project", "Shared website platform for districts",
        "Three district councils share one website platform and content design team."),
    doc("council:1", "council", "Leeds", "Leeds City Council. Metropolitan district, Yorkshire."),
    doc("council:2", "council", "West Berkshire", "West Berkshire Council. Unitary authority."),
    doc("council:3", "council", "Derbyshire", "Derbyshire County Council. County council."),
    doc("council:4", "council", "West Devon", "West Devon Borough Council. District council."),
    doc("profile:1", "profile", "Ben Carter", "Digital lead for waste services."),
    doc("profile:2", "profile", "Priya Shah", "Accessibility specialist and content designer."),
    doc("group:1", "group", "Digital inclusion", "Helping residents get online at libraries."),
]  # fmt: skip

JUDGED = {
    "bin": {"post:1": 2, "comment:1": 1},  # "bin" must not fuzz to "Ben"
    "bin collection reminders": {"post:1": 2, "comment:1": 1, "comment:2": 1},
    "has anyone moved reminders to notify?": {"post:1": 2, "comment:1": 1},
    "county council tax discount": {"post:2": 2},  # not Derbyshire County Council
    "shared websites": {"project:1": 2, "post:4": 1},  # "websit" must not reach "west"
    "Leeds": {"council:1": 2},
    "Priya Shah": {"profile:2": 2},
    "accessibilty audit": {"post:3": 2, "artefact:1": 2},  # misspelt
    "wacg 2.2 checklist": {"artefact:1": 2, "post:3": 1},  # misspelt digit-adjacent token
    "open311 potholes": {"standard_section:1": 2},
    "roadwork permits": {"message:1": 2},
    "open data": {"post:5": 2},
}
MISSPELT = {"accessibilty audit", "wacg 2.2 checklist"}
NDCG_FLOOR = 0.9


def test_judged_queries_hold_the_ndcg_floor(search_backend):
    search_backend.replace([d.source for d in CORPUS], CORPUS)
    search_backend.refresh()
    scores, misses = {}, []
    for query, judged in JUDGED.items():
        result = api.search(query=query, user=AnonymousUser(), with_facets=False)
        ranked = [hit.doc_id for hit in result.hits]
        scores[query] = ndcg(ranked, judged)
        if query in MISSPELT and not best_in_top(ranked, judged):
            misses.append((query, ranked[:3]))

    mean = sum(scores.values()) / len(scores)
    worst = sorted(scores.items(), key=lambda item: item[1])[:3]
    assert mean >= NDCG_FLOOR, f"nDCG@10 {mean:.3f} < {NDCG_FLOOR}; worst {worst}"
    assert not misses, misses
    assert min(scores.values()) >= 0.6, worst


def test_entity_pages_rank_by_name_not_by_shared_words(search_backend):
    search_backend.replace([d.source for d in CORPUS], CORPUS)
    search_backend.refresh()

    west = [h.doc_id for h in api.search(query="west", user=AnonymousUser()).hits]
    content = [h.doc_id for h in api.search(query="digital waste", user=AnonymousUser()).hits]

    assert set(west[:2]) == {"council:2", "council:4"}  # the query names them
    assert content[0] == "post:6"  # the group and Ben's profile share a word or two only


def test_comments_show_their_post_but_do_not_rank_on_its_title(search_backend):
    search_backend.replace([d.source for d in CORPUS], CORPUS)
    search_backend.refresh()

    hits = api.search(query="GOV.UK Notify bin collection", user=AnonymousUser()).hits

    assert hits[0].doc_id == "post:1"
    assert "comment:2" not in [h.doc_id for h in hits]  # matched only the post's title
    comment = next(h for h in hits if h.doc_id == "comment:1")
    # The index stores the post's title; the words around it are the reader's language.
    assert comment.title == "Comment" and comment.context.startswith("on “Moving bin")


def test_one_source_does_not_fill_the_top_of_the_first_page(search_backend):
    """The failure class behind the benchmark's ``open31l``: every section of one standard
    version shares the misspelt word, and at standard weight they took the whole top 3."""
    version = "standards.standardversion:9"
    sections = [
        doc(f"standard_section:9:{anchor}", "standard_section", f"Open311 service requests: {name}",
            f"Open311 GeoReport v2 {name.lower()} requests.", source=version)
        for anchor, name in [("overview", "Overview"), ("lights", "Street lights"),
                             ("status", "Status updates"), ("drains", "Blocked drains")]
    ]  # fmt: skip
    others = [
        doc(
            "post:9",
            "post",
            "Adopting Open311 for pothole reports",
            "FixMyStreet reports reach our highways system through Open311 GeoReport v2.",
        ),
        doc(
            "project:9",
            "project",
            "Open311 endpoint for highways",
            "An Open311 endpoint in front of our highways asset system.",
        ),
    ]
    corpus = sections + others
    search_backend.replace({d.source for d in corpus}, corpus)
    search_backend.refresh()

    hits = api.search(query="open31l", user=AnonymousUser(), with_facets=False).hits

    top = [h.doc_id for h in hits[:3]]
    assert {"post:9", "project:9"} <= set(top), top
    assert sum(t.startswith("standard_section:9:") for t in top) == 1, top
    assert len(hits) == 6  # the other sections are still on the page, further down
    paged = [
        h.doc_id
        for page in (1, 2, 3)
        for h in api.search(query="open31l", user=AnonymousUser(), with_facets=False,
                            per_page=2, page=page).hits
    ]  # fmt: skip
    assert sorted(paged) == sorted(d.doc_id for d in corpus)  # nothing lost or repeated
