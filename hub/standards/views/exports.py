"""Exports of a version (Markdown, HTML, JSON) and the Atom feed."""

from __future__ import annotations

import json

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext

from hub.core.feeds import SafeAtom1Feed
from hub.core.markdown import markdown_to_text, render_markdown
from hub.standards import selectors
from hub.standards.anchoring import HEADING
from hub.standards.models import (
    Standard,
    StandardVersion,
)
from hub.standards.views.common import render_blocks, standard_for, version_for


def export(request: HttpRequest, slug: str, number: str, fmt: str) -> HttpResponse:
    standard = standard_for(request, slug)
    version = version_for(standard, number)
    blocks = selectors.version_blocks(version)
    filename = f"{standard.slug}-{version.number}"
    if fmt == "md":
        front = (
            f'---\ntitle: {json.dumps(standard.title)}\nversion: "{version.number}"\n'
            f"status: {standard.status}\nlicence: {standard.licence}\n"
            f"published: {version.published_at.date().isoformat()}\n"
            f"url: {settings.SITE_URL}{version.get_absolute_url()}\n"
            + "".join(
                f"schema_{p['name'].replace('-', '_')}: {p['url']}\n"
                for p in _parts_json(standard, version)
            )
            + "---\n\n"
        )
        response = HttpResponse(front + version.body, content_type="text/markdown; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{filename}.md"'
        return response
    if fmt == "json":
        return JsonResponse(
            _version_json(standard, version, blocks), json_dumps_params={"indent": 2}
        )
    if fmt == "html":
        html = render_to_string(
            "standards/export.html",
            {
                "standard": standard,
                "version": version,
                "blocks": render_blocks(version, user=None, can_comment=False),
                "parts": _parts_json(standard, version),
                "site_url": settings.SITE_URL,
            },
        )
        response = HttpResponse(html, content_type="text/html; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{filename}.html"'
        return response
    raise Http404("Unknown format")


def _version_json(standard: Standard, version: StandardVersion, blocks) -> dict:
    sections: list[dict] = []
    current: dict | None = None
    for block in blocks:
        item = {
            "anchor": block.anchor,
            "kind": block.kind,
            "text": block.text,
            "html": str(render_markdown(block.text)),
            "url": f"{settings.SITE_URL}{version.get_absolute_url()}#{block.anchor}",
        }
        if block.kind == HEADING:
            current = {
                "anchor": block.anchor,
                "heading": block.text.lstrip("#").strip(),
                "level": block.level,
                "heading_path": block.heading_path,
                "blocks": [],
            }
            sections.append(current)
        else:
            if current is None:
                current = {
                    "anchor": "",
                    "heading": "",
                    "level": 0,
                    "heading_path": "",
                    "blocks": [],
                }
                sections.append(current)
            current["blocks"].append(item)
    return {
        "standard": {
            "title": standard.title,
            "slug": standard.slug,
            "summary": standard.summary,
            "status": standard.status,
            "licence": standard.licence,
            "licence_url": standard.licence_url,
            "group": standard.group.name,
            "url": settings.SITE_URL + standard.get_absolute_url(),
        },
        "version": version.number,
        "published_at": version.published_at.isoformat(),
        "notes": version.notes,
        "sections": sections,
        "schemas": [
            {**part, "document": json.loads(part.pop("text"))}
            for part in _parts_json(standard, version, text=True)
        ],
    }


def _parts_json(standard: Standard, version: StandardVersion, *, text: bool = False) -> list:
    """The version's machine-readable parts with their stable download addresses."""
    return [
        {
            "name": part.name,
            "kind": part.kind,
            "url": settings.SITE_URL
            + reverse(
                "standards:part",
                kwargs={"slug": standard.slug, "number": version.number, "name": part.name},
            ),
            **({"text": part.text} if text else {}),
        }
        for part in selectors.version_parts(version)
    ]


def feed(request: HttpRequest, slug: str) -> HttpResponse:
    """Atom feed of a standard's versions and status changes."""
    standard = standard_for(request, slug)
    link = settings.SITE_URL + standard.get_absolute_url()
    atom = SafeAtom1Feed(
        title=gettext("%(title)s: versions and status") % {"title": standard.title},
        link=link,
        description=markdown_to_text(standard.summary),
        feed_url=settings.SITE_URL + request.path,
        language="en-gb",
    )
    items = []
    for version in standard.versions.select_related("published_by__profile"):
        items.append(
            {
                "title": gettext("Version %(number)s published") % {"number": version.number},
                "link": settings.SITE_URL + version.get_absolute_url(),
                "description": markdown_to_text(version.notes) or f"Version {version.number}.",
                "unique_id": f"{link}#version-{version.number}",
                "pubdate": version.published_at,
                "author_name": str(version.published_by or ""),
            }
        )
    for change in standard.status_changes.select_related("actor__profile"):
        items.append(
            {
                "title": f"{change.get_from_status_display()} → {change.get_to_status_display()}",
                "link": f"{link}#history",
                "description": change.reason,
                "unique_id": f"{link}#status-{change.pk}",
                "pubdate": change.created_at,
                "author_name": str(change.actor or "LocalGov Hub"),
            }
        )
    items.sort(key=lambda item: item["pubdate"], reverse=True)
    for item in items[:50]:
        atom.add_item(**item, updateddate=item["pubdate"])
    return HttpResponse(
        atom.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8"
    )
