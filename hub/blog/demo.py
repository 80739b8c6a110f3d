"""Demo blog posts and conversations by the demo practitioners (idempotent: matched on title)."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import Profile
from hub.blog.models import Post
from hub.blog.services import comment_create, post_create
from hub.core.markdown import markdown_to_text

POSTS = [
    ("How we rebuilt our bin day finder", ["bin collections", "waste"],
     "We replaced a PDF calendar with a postcode lookup.\n\n## What we learned\n\n"
     "- Residents search for **\"bin day\"**, not \"waste collection\"\n"
     "- Most visits come on the evening before collection\n\n"
     "The code is on GitHub and we'd love another council to reuse it."),
    ("Five things from our accessibility audit", ["accessibility"],
     "Our audit found 212 issues. Most were the same **five** problems repeated across "
     "templates:\n\n1. Missing form labels\n2. Low-contrast links\n3. PDFs\n4. Focus order\n"
     "5. Tables used for layout"),
    ("Why we stopped publishing PDFs", ["accessibility", "content design"],
     "A year ago we made HTML the default. Downloads of the remaining PDFs fell by 80%, and "
     "complaints about unreadable documents stopped."),
    ("Open311 in practice", ["Open311", "APIs", "report it"],
     "We connected our *report it* forms to the highways system with Open311. Here is the "
     "mapping table we used:\n\n| Our form | Open311 |\n|---|---|\n| Pothole | service_code 12 |\n"
     "| Street light | service_code 31 |"),
    ("User research on council tax reminders", ["council tax", "user research"],
     "We tested three reminder letters with twelve residents. The plain one won."),
    ("Moving to GOV.UK Notify", ["GOV.UK Notify"],
     "Text reminders cut missed appointments by a third. Setup took a week."),
    ("Planning applications: what people actually want to know", ["planning"],
     "Neighbours want to know *what*, *where* and *when to object*, in that order."),
    ("Agile procurement for a small team", ["procurement", "agile"],
     "We bought discovery as a fixed-price, four-week piece of work. Notes on the contract."),
    ("Library e-book loans and the login problem", ["libraries"],
     "Three different accounts for one library card. We mapped them all."),
    ("Clean URLs for council websites", ["clean URLs", "LocalGov Drupal"],
     "`/bins` beats `/residents/environment/waste-and-recycling/collections/calendar`."),
    ("Housing repairs: reporting a damp problem", ["housing repairs", "forms"],
     "Photos attached to the first report saved an inspection visit in 40% of cases."),
    ("Parking permits without paper", ["parking", "GOV.UK Pay"],
     "Virtual permits, with GOV.UK Pay for payments. The enforcement team was the hardest sell."),
]  # fmt: skip
COMMENTS = [
    "This is really useful, thank you. Did you share the **research** anywhere?",
    "We did something similar in our council. Happy to compare notes.",
    "How long did it take from discovery to live?",
    "Great write-up. The bit about evening visits matches what we see.",
]
REPLIES = [
    "Thanks! The research notes are linked from our project page.",
    "About four months, including a private beta.",
]


def seed(*, rng, log) -> None:
    profiles = list(
        Profile.objects.filter(handle__isnull=False, user__is_active=True)
        .exclude(display_name="")
        .select_related("user", "council")
        .order_by("id")[:50]
    )
    if len(profiles) < 3:
        log("blog: not enough demo practitioners, skipped")
        return
    created = 0
    now = timezone.now()
    for index, (title, tags, body) in enumerate(POSTS):
        author = profiles[(index * 7) % len(profiles)].user
        if Post.objects.filter(author=author, title=title).exists():
            continue
        post = post_create(
            author=author,
            title=title,
            body=body,
            summary=markdown_to_text(body.split("\n")[0])[:200],
            status=Post.Status.PUBLISHED,
            published_at=now - timedelta(days=index * 3 + 1, hours=rng.randint(0, 12)),
            tags=tags,
        )
        created += 1
        commenters = rng.sample([p.user for p in profiles if p.user != author], 3)
        for n, commenter in enumerate(commenters[: rng.randint(1, 3)]):
            comment = comment_create(
                post=post,
                author=commenter,
                body=COMMENTS[(index + n) % len(COMMENTS)],
                rate_limited=False,
            )
            if n == 0:
                comment_create(
                    post=post,
                    author=author,
                    body=REPLIES[index % len(REPLIES)],
                    parent=comment,
                    rate_limited=False,
                )
    log(f"blog: {created} posts created ({len(POSTS)} in the demo set)")
