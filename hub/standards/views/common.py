"""Helpers every standards page uses. Everything under a members-only group answers 404 to
outsiders (``standard_for``), including exports, feeds, diffs, comments and validators."""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext

from hub.core.rendering import render_many
from hub.standards import selectors
from hub.standards.anchoring import HEADING, heading_markdown_for_page
from hub.standards.models import (
    CommentThread,
    Standard,
    StandardVersion,
)


def standard_for(request: HttpRequest, slug: str) -> Standard:
    """The standard if the viewer may see it (else 404). Reading never writes: an expired
    consultation is closed by the scheduler, and pages show it closed from its date."""
    standard = get_object_or_404(Standard.objects.select_related("group"), slug=slug)
    if not selectors.standard_is_visible_to(standard, request.user):
        raise Http404("No such standard")
    return standard


def version_for(standard: Standard, number: str) -> StandardVersion:
    version = selectors.version_by_number(standard, number)
    if version is None:
        raise Http404("No such version")
    version.standard = standard
    return version


def require_editor(request: HttpRequest, standard: Standard) -> None:
    if not request.user.is_authenticated or not selectors.standard_can_edit(standard, request.user):
        raise PermissionDenied(gettext("Only the group's editors can do this."))


def render_blocks(version: StandardVersion, *, user, can_comment: bool) -> list[dict]:
    """Each block of a version with its sanitised HTML, its threads and its comment link."""
    threads_by_anchor: dict[str, list[CommentThread]] = defaultdict(list)
    for thread in selectors.threads_for_version(version):
        threads_by_anchor[thread.anchor].append(thread)
    blocks = list(selectors.version_blocks(version))
    # One cache round trip for every block's HTML (hub.core.rendering), rendered only once.
    html = render_many(
        [
            (
                "markdown",
                heading_markdown_for_page(block.text, block.level, shift=1)
                if block.kind == HEADING
                else block.text,
            )
            for block in blocks
        ]
    )
    rendered = []
    for block, block_html in zip(blocks, html, strict=True):
        rendered.append(
            {
                "block": block,
                "html": block_html,
                "threads": threads_by_anchor.get(block.anchor, []),
                "comment_url": reverse(
                    "standards:comment",
                    kwargs={
                        "slug": version.standard.slug,
                        "number": version.number,
                        "anchor": block.anchor,
                    },
                )
                if can_comment
                else "",
            }
        )
    return rendered
