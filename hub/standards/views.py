"""Standards pages. Thin: permission rules live in selectors, writes in services.

Everything under a members-only group answers 404 to outsiders (``_standard``), including
exports, feeds, diffs and comment pages.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from hub.core.feeds import SafeAtom1Feed
from hub.core.markdown import markdown_to_text, render_markdown
from hub.follows.selectors import is_following
from hub.groups.models import WorkingGroup
from hub.groups.selectors import group_can_edit, group_is_visible_to
from hub.standards import selectors, services
from hub.standards.anchoring import HEADING, heading_markdown_for_page
from hub.standards.diffing import diff_blocks, diff_counts
from hub.standards.forms import (
    AdoptionForm,
    AnchorForm,
    CommentForm,
    DecideForm,
    DraftForm,
    PublishForm,
    ReplyForm,
    StandardForm,
    StatusForm,
    WithdrawAdoptionForm,
)
from hub.standards.models import (
    Adoption,
    CommentThread,
    Standard,
    StandardVersion,
    Status,
    ThreadState,
)


def _standard(request: HttpRequest, slug: str) -> Standard:
    """The standard if the viewer may see it (else 404); closes an expired consultation."""
    standard = get_object_or_404(Standard.objects.select_related("group"), slug=slug)
    if not selectors.standard_is_visible_to(standard, request.user):
        raise Http404("No such standard")
    return services.standard_close_consultation_if_due(standard)


def _version(standard: Standard, number: str) -> StandardVersion:
    version = selectors.version_by_number(standard, number)
    if version is None:
        raise Http404("No such version")
    version.standard = standard
    return version


def _require_editor(request: HttpRequest, standard: Standard) -> None:
    if not request.user.is_authenticated or not selectors.standard_can_edit(standard, request.user):
        raise PermissionDenied("Only the group's editors can do this.")


def _render_blocks(version: StandardVersion, *, user, can_comment: bool) -> list[dict]:
    """Each block of a version with its sanitised HTML, its threads and its comment link."""
    threads_by_anchor: dict[str, list[CommentThread]] = defaultdict(list)
    for thread in selectors.threads_for_version(version):
        threads_by_anchor[thread.anchor].append(thread)
    rendered = []
    for block in selectors.version_blocks(version):
        source = (
            heading_markdown_for_page(block.text, block.level, shift=1)
            if block.kind == HEADING
            else block.text
        )
        rendered.append(
            {
                "block": block,
                "html": render_markdown(source),
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


def standard_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    standards = selectors.standard_list(
        user=request.user, status=status, query=request.GET.get("q", "")[:100]
    )
    page = Paginator(standards, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "standards/standard_list.html",
        {"page": page, "status": status, "statuses": Status.choices, "page_title": "Standards"},
    )


@login_required
def standard_create(request: HttpRequest, group_slug: str) -> HttpResponse:
    group = get_object_or_404(WorkingGroup, slug=group_slug)
    if not group_is_visible_to(group, request.user):
        raise Http404("No such group")
    if not group_can_edit(group, request.user):
        raise PermissionDenied("Only the group's editors can start a standard.")
    form = StandardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        standard = services.standard_create(group=group, creator=request.user, **form.cleaned_data)
        messages.success(request, "The standard has been started. Write its first draft.")
        return redirect("standards:edit", slug=standard.slug)
    return render(
        request,
        "standards/standard_form.html",
        {"form": form, "group": group, "page_title": "Start a standard"},
    )


def standard_detail(request: HttpRequest, slug: str) -> HttpResponse:
    standard = _standard(request, slug)
    return _version_page(request, standard, selectors.latest_version(standard), is_latest=True)


def version_detail(request: HttpRequest, slug: str, number: str) -> HttpResponse:
    standard = _standard(request, slug)
    version = _version(standard, number)
    latest = selectors.latest_version(standard)
    return _version_page(request, standard, version, is_latest=version.pk == latest.pk)


def _version_page(request, standard, version, *, is_latest: bool) -> HttpResponse:
    user = request.user
    can_comment = bool(version) and not selectors.comment_refusal(standard, user, version=version)
    adoptions = selectors.current_adoptions(standard)
    versions = list(standard.versions.order_by("-major", "-minor"))
    context = {
        "standard": standard,
        "group": standard.group,
        "version": version,
        "versions": versions,
        "version_rows": [
            (v, versions[i + 1] if i + 1 < len(versions) else None) for i, v in enumerate(versions)
        ],
        "is_latest": is_latest,
        "blocks": _render_blocks(version, user=user, can_comment=can_comment) if version else [],
        "orphans": selectors.orphaned_threads(standard) if version and is_latest else [],
        "comment_refusal": selectors.comment_refusal(standard, user, version=version)
        if version
        else "",
        "can_edit": selectors.standard_can_edit(standard, user),
        "can_change_status": selectors.standard_can_change_status(standard, user),
        "history": selectors.status_history(standard),
        "adoptions": adoptions,
        "adoption_counts": selectors.adoption_counts(adoptions),
        "services": list(standard.services.order_by("name")),
        "following": is_following(user=user, target_type="standard", target_id=standard.pk),
        "page_title": standard.title if is_latest else f"{standard.title} {version.number}",
    }
    return render(request, "standards/standard_detail.html", context)


@login_required
def standard_settings(request: HttpRequest, slug: str) -> HttpResponse:
    standard = _standard(request, slug)
    _require_editor(request, standard)
    form = StandardForm(
        request.POST or None,
        initial={
            "title": standard.title,
            "summary": standard.summary,
            "licence": standard.licence,
            "services": list(standard.services.all()),
        },
    )
    if request.method == "POST" and form.is_valid():
        services.standard_update(standard=standard, actor=request.user, **form.cleaned_data)
        messages.success(request, "The standard's details have been saved.")
        return redirect(standard)
    return render(
        request,
        "standards/standard_form.html",
        {"form": form, "standard": standard, "group": standard.group, "page_title": "Details"},
    )


@login_required
def draft_edit(request: HttpRequest, slug: str) -> HttpResponse:
    standard = _standard(request, slug)
    _require_editor(request, standard)
    conflict = None
    if request.method == "POST":
        form = DraftForm(request.POST)
        if form.is_valid():
            try:
                services.standard_draft_save(
                    standard=standard,
                    editor=request.user,
                    body=form.cleaned_data["body"],
                    base_revision=form.cleaned_data["revision"],
                )
            except services.DraftConflict as error:
                conflict = error
                form.add_error(None, error.message)
                # Keep the user's text; move the form onto the latest revision so that, once
                # they have merged, saving again is a deliberate choice rather than an accident.
                data = request.POST.copy()
                data["revision"] = str(error.standard.draft_revision)
                form = DraftForm(data)
                form.is_valid()
                form.add_error(None, error.message)
            except services.InvalidInput as error:
                form.add_error("body", error.message)
            except services.NotAllowed as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, f"Draft saved (revision {standard.draft_revision}).")
                if "publish" in request.POST:
                    return redirect("standards:publish", slug=standard.slug)
                return redirect("standards:edit", slug=standard.slug)
    else:
        form = DraftForm(initial={"body": standard.draft_body, "revision": standard.draft_revision})
    return render(
        request,
        "standards/draft_form.html",
        {
            "form": form,
            "standard": standard,
            "conflict": conflict,
            "theirs": standard.draft_body if conflict else "",
            "page_title": f"Edit draft: {standard.title}",
        },
    )


@login_required
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    standard = _standard(request, slug)
    _require_editor(request, standard)
    form = PublishForm(request.POST or None, initial={"revision": standard.draft_revision})
    if request.method == "POST" and form.is_valid():
        try:
            version = services.standard_version_publish(
                standard=standard,
                editor=request.user,
                bump=form.cleaned_data["bump"],
                notes=form.cleaned_data["notes"],
                base_revision=form.cleaned_data["revision"],
            )
        except services.StandardsError as error:
            form.add_error(None, error.message)
            standard.refresh_from_db()
        else:
            messages.success(request, f"Version {version.number} has been published.")
            return redirect(standard)
    plan, plan_error = None, ""
    try:
        plan = services.publish_plan(standard)
    except services.StandardsError as error:
        plan_error = error.message
    diffs = []
    if plan is not None:
        old_blocks = selectors.version_blocks(plan.previous) if plan.previous else []
        diffs = diff_blocks(old_blocks, plan.blocks)
    previous = plan.previous if plan else None
    return render(
        request,
        "standards/publish.html",
        {
            "form": form,
            "standard": standard,
            "plan": plan,
            "plan_error": plan_error,
            "diffs": diffs,
            "counts": diff_counts(diffs),
            "next_minor": "{}.{}".format(*services.next_number(previous, "minor")),
            "next_major": "{}.{}".format(*services.next_number(previous, "major")),
            "page_title": f"Publish a version: {standard.title}",
        },
    )


@login_required
def status_change(request: HttpRequest, slug: str) -> HttpResponse:
    standard = _standard(request, slug)
    if not selectors.standard_can_change_status(standard, request.user):
        raise PermissionDenied("Only convenors can change a standard's status.")
    allowed = services.allowed_transitions(standard)
    form = StatusForm(request.POST or None, allowed=allowed)
    if request.method == "POST" and form.is_valid():
        try:
            services.standard_status_change(
                standard=standard,
                actor=request.user,
                to_status=form.cleaned_data["to_status"],
                reason=form.cleaned_data["reason"],
                closes_at=form.closes_at(),
            )
        except services.StandardsError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"{standard.title} is now {standard.get_status_display()}.")
            return redirect(standard)
    return render(
        request,
        "standards/status_form.html",
        {
            "form": form,
            "standard": standard,
            "allowed": allowed,
            "page_title": f"Change status: {standard.title}",
        },
    )


def diff_view(request: HttpRequest, slug: str, old: str, new: str) -> HttpResponse:
    standard = _standard(request, slug)
    old_version, new_version = _version(standard, old), _version(standard, new)
    diffs = diff_blocks(
        selectors.version_blocks(old_version), selectors.version_blocks(new_version)
    )
    layout = "side" if request.GET.get("view") == "side" else "inline"
    changed_only = request.GET.get("all") != "1"
    return render(
        request,
        "standards/diff.html",
        {
            "standard": standard,
            "old": old_version,
            "new": new_version,
            "diffs": [d for d in diffs if d.change != "unchanged"] if changed_only else diffs,
            "counts": diff_counts(diffs),
            "layout": layout,
            "changed_only": changed_only,
            "versions": list(standard.versions.order_by("-major", "-minor")),
            "page_title": f"Changes {old_version.number} to {new_version.number}: {standard.title}",
        },
    )


def diff_choose(request: HttpRequest, slug: str) -> HttpResponse:
    standard = _standard(request, slug)
    old, new = request.GET.get("from", ""), request.GET.get("to", "")
    if selectors.version_by_number(standard, old) and selectors.version_by_number(standard, new):
        return redirect("standards:diff", slug=slug, old=old, new=new)
    raise Http404("Choose two versions")


def comment_new(request: HttpRequest, slug: str, number: str, anchor: str) -> HttpResponse:
    """The no-JavaScript way to comment on one paragraph: a page with the paragraph and a form."""
    standard = _standard(request, slug)
    version = _version(standard, number)
    block = next((b for b in selectors.version_blocks(version) if b.anchor == anchor), None)
    if block is None:
        raise Http404("No such paragraph in this version")
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={request.path}")
    refusal = selectors.comment_refusal(standard, request.user, version=version)
    form = CommentForm(request.POST or None)
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            thread = services.thread_open(
                version=version, anchor=anchor, author=request.user, body=form.cleaned_data["body"]
            )
        except services.StandardsError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Your comment has been added.")
            return redirect(thread)
    return render(
        request,
        "standards/comment_form.html",
        {
            "standard": standard,
            "version": version,
            "block": block,
            "block_html": render_markdown(block.text),
            "form": form,
            "refusal": refusal,
            "page_title": f"Comment on {standard.title}",
        },
        status=403 if refusal and request.method == "POST" else 200,
    )


def thread_list(request: HttpRequest, slug: str) -> HttpResponse:
    standard = _standard(request, slug)
    state = request.GET.get("state", "")
    threads = (
        CommentThread.objects.filter(standard=standard)
        .select_related("author__profile", "council", "version", "addressed_in")
        .order_by("-created_at")
    )
    if state in ThreadState.values:
        threads = threads.filter(state=state)
    page = Paginator(threads, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "standards/thread_list.html",
        {
            "standard": standard,
            "page": page,
            "state": state,
            "states": ThreadState.choices,
            "page_title": f"Comments on {standard.title}",
        },
    )


def thread_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    standard = _standard(request, slug)
    thread = selectors.thread_detail(pk)
    if thread is None or thread.standard_id != standard.pk:
        raise Http404("No such comment")
    thread.standard = standard
    return _thread_page(request, standard, thread)


def _thread_page(request, standard, thread, *, reply_form=None, decide_form=None, status=200):
    user = request.user
    can_edit = selectors.standard_can_edit(standard, user)
    latest = selectors.latest_version(standard)
    parent = None
    parent_id = request.GET.get("parent", "")
    if parent_id.isascii() and parent_id.isdigit():  # int("²") raises
        parent = thread.comments.filter(pk=int(parent_id)).first()
    return render(
        request,
        "standards/thread_detail.html",
        {
            "standard": standard,
            "thread": thread,
            "replies": selectors.thread_replies_tree(thread),
            "moves": list(
                thread.moves.select_related("from_version", "to_version", "actor__profile")
            ),
            "reply_refusal": selectors.reply_refusal(thread, user),
            "reply_form": reply_form
            or ReplyForm(initial={"parent": parent.pk if parent else None}),
            "reply_parent": parent,
            "can_edit": can_edit,
            "decide_form": decide_form or DecideForm(initial={"response": thread.editor_response}),
            "anchor_form": AnchorForm(
                initial={"anchor": thread.anchor}, blocks=selectors.version_blocks(latest)
            )
            if can_edit and latest
            else None,
            "latest": latest,
            "page_title": f"Comment on {standard.title}",
        },
        status=status,
    )


def _thread_for_post(request: HttpRequest, slug: str, pk: int) -> tuple[Standard, CommentThread]:
    standard = _standard(request, slug)
    thread = selectors.thread_detail(pk)
    if thread is None or thread.standard_id != standard.pk:
        raise Http404("No such comment")
    thread.standard = standard
    return standard, thread


@require_POST
@login_required
def thread_reply(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    standard, thread = _thread_for_post(request, slug, pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        parent = None
        if form.cleaned_data.get("parent"):
            parent = thread.comments.filter(pk=form.cleaned_data["parent"]).first()
        try:
            comment = services.thread_reply(
                thread=thread, author=request.user, body=form.cleaned_data["body"], parent=parent
            )
        except services.StandardsError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Your reply has been added.")
            return redirect(f"{thread.get_absolute_url()}#reply-{comment.pk}")
    return _thread_page(request, standard, thread, reply_form=form, status=400)


@require_POST
@login_required
def thread_decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    standard, thread = _thread_for_post(request, slug, pk)
    _require_editor(request, standard)
    if request.POST.get("decision") == "reopen":
        try:
            services.thread_decide(
                thread=thread, editor=request.user, decision="reopen", response=""
            )
        except services.StandardsError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "The comment is open again.")
        return redirect(thread)
    form = DecideForm(request.POST)
    if form.is_valid():
        try:
            services.thread_decide(
                thread=thread,
                editor=request.user,
                decision=form.cleaned_data["decision"],
                response=form.cleaned_data["response"],
            )
        except services.StandardsError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, f"The comment has been marked {thread.get_state_display().lower()}."
            )
            return redirect(thread)
    return _thread_page(request, standard, thread, decide_form=form, status=400)


@require_POST
@login_required
def thread_anchor(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    standard, thread = _thread_for_post(request, slug, pk)
    _require_editor(request, standard)
    try:
        services.thread_anchor_set(
            thread=thread, editor=request.user, anchor=request.POST.get("anchor", "")
        )
    except services.StandardsError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"The comment is now on #{thread.anchor}.")
    return redirect(thread)


@require_POST
@login_required
def follow(request: HttpRequest, slug: str) -> HttpResponse:
    standard = _standard(request, slug)
    following = request.POST.get("following") == "1"
    services.standard_follow_set(standard=standard, user=request.user, following=following)
    messages.success(
        request,
        f"You are following {standard.title}."
        if following
        else f"You no longer follow {standard.title}.",
    )
    return redirect(standard)


def consultation_summary(request: HttpRequest, slug: str) -> HttpResponse:
    standard = _standard(request, slug)
    return render(
        request,
        "standards/consultation_summary.html",
        {
            "standard": standard,
            "summary": selectors.consultation_summary(standard),
            "history": selectors.status_history(standard),
            "page_title": f"Consultation summary: {standard.title}",
        },
    )


def consultation_response(request: HttpRequest, slug: str) -> HttpResponse:
    standard = _standard(request, slug)
    summary = selectors.consultation_summary(standard)
    return render(
        request,
        "standards/consultation_response.html",
        {
            "standard": standard,
            "summary": summary,
            "latest": selectors.latest_version(standard),
            "page_title": f"Consultation response: {standard.title}",
        },
    )


def consultation_response_csv(request: HttpRequest, slug: str) -> HttpResponse:
    standard = _standard(request, slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{standard.slug}-consultation.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "comment_id", "created_at", "author", "council", "version", "anchor", "section",
            "comment", "state", "outcome", "editor_response", "addressed_in", "replies", "url",
        ]
    )  # fmt: skip
    for thread in selectors.consultation_summary(standard)["threads"]:
        writer.writerow(
            [
                _csv_safe(value)
                for value in (
                    thread.pk,
                    thread.created_at.isoformat(),
                    str(thread.author or ""),
                    thread.council.name if thread.council else "",
                    thread.original_version.number,
                    thread.original_anchor,
                    thread.heading_path,
                    thread.body,
                    thread.state,
                    thread.outcome,
                    thread.editor_response,
                    thread.addressed_in.number if thread.addressed_in else "",
                    thread.reply_count,
                    settings.SITE_URL + thread.get_absolute_url(),
                )
            ]
        )
    return response


def _csv_safe(value):
    """Stop spreadsheet formula injection: text starting with = + - @ is prefixed with '."""
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + value
    return value


def export(request: HttpRequest, slug: str, number: str, fmt: str) -> HttpResponse:
    standard = _standard(request, slug)
    version = _version(standard, number)
    blocks = selectors.version_blocks(version)
    filename = f"{standard.slug}-{version.number}"
    if fmt == "md":
        front = (
            f'---\ntitle: {json.dumps(standard.title)}\nversion: "{version.number}"\n'
            f"status: {standard.status}\nlicence: {standard.licence}\n"
            f"published: {version.published_at.date().isoformat()}\n"
            f"url: {settings.SITE_URL}{version.get_absolute_url()}\n---\n\n"
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
                "blocks": _render_blocks(version, user=None, can_comment=False),
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
    }


def feed(request: HttpRequest, slug: str) -> HttpResponse:
    """Atom feed of a standard's versions and status changes."""
    standard = _standard(request, slug)
    link = settings.SITE_URL + standard.get_absolute_url()
    atom = SafeAtom1Feed(
        title=f"{standard.title}: versions and status",
        link=link,
        description=markdown_to_text(standard.summary),
        feed_url=settings.SITE_URL + request.path,
        language="en-gb",
    )
    items = []
    for version in standard.versions.select_related("published_by__profile"):
        items.append(
            {
                "title": f"Version {version.number} published",
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


def adoptions(request: HttpRequest, slug: str) -> HttpResponse:
    standard = _standard(request, slug)
    versions = list(standard.versions.order_by("-major", "-minor"))
    form = AdoptionForm(request.POST or None, versions=versions)
    council = getattr(getattr(request.user, "profile", None), "council", None)
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        if form.is_valid():
            version = next(v for v in versions if str(v.pk) == form.cleaned_data["version"])
            try:
                services.adoption_declare(
                    standard=standard,
                    user=request.user,
                    version=version,
                    kind=form.cleaned_data["kind"],
                    evidence_url=form.cleaned_data["evidence_url"],
                )
            except services.StandardsError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, f"{council} is now on the adoption register.")
                return redirect(f"{standard.get_absolute_url()}#adoptions")
        status = 400
    current = selectors.current_adoptions(standard)
    for adoption in current:
        adoption.standard = standard  # the permission check reads its group; no extra query
        adoption.can_withdraw = selectors.adoption_can_withdraw(adoption, request.user)
    return render(
        request,
        "standards/adoptions.html",
        {
            "standard": standard,
            "form": form,
            "council": council,
            "versions": versions,
            "current": current,
            "counts": selectors.adoption_counts(current),
            "audit": selectors.adoption_audit(standard),
            "can_change_status": selectors.standard_can_change_status(standard, request.user),
            "withdraw_form": WithdrawAdoptionForm(),
            "page_title": f"Adoption register: {standard.title}",
        },
        status=status,
    )


@require_POST
@login_required
def adoption_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    standard = _standard(request, slug)
    adoption = get_object_or_404(Adoption, pk=pk, standard=standard)
    form = WithdrawAdoptionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why the declaration is being withdrawn.")
        return redirect("standards:adoptions", slug=slug)
    try:
        services.adoption_withdraw(
            adoption=adoption, user=request.user, reason=form.cleaned_data["reason"]
        )
    except services.NotAllowed as error:
        raise PermissionDenied(error.message) from error
    except services.StandardsError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"The declaration by {adoption.council} has been withdrawn.")
    return redirect("standards:adoptions", slug=slug)
