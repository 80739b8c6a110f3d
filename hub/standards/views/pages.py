"""The standard and version pages, the list, settings, following and diffs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from hub.core import content_language
from hub.follows.selectors import is_following
from hub.groups.models import WorkingGroup
from hub.groups.selectors import group_can_edit, group_is_visible_to
from hub.standards import selectors, services
from hub.standards.diffing import diff_blocks, diff_counts
from hub.standards.forms import (
    StandardForm,
)
from hub.standards.models import (
    Status,
)
from hub.standards.views.common import render_blocks, require_editor, standard_for, version_for


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
        {
            "page": page,
            "status": status,
            "statuses": Status.choices,
            "page_title": gettext("Standards"),
        },
    )


@login_required
def standard_create(request: HttpRequest, group_slug: str) -> HttpResponse:
    group = get_object_or_404(WorkingGroup, slug=group_slug)
    if not group_is_visible_to(group, request.user):
        raise Http404("No such group")
    if not group_can_edit(group, request.user):
        raise PermissionDenied(gettext("Only the group's editors can start a standard."))
    form = StandardForm(
        request.POST or None,
        initial={"language": content_language.author_default(request.user)},
    )
    if request.method == "POST" and form.is_valid():
        standard = services.standard_create(group=group, creator=request.user, **form.cleaned_data)
        messages.success(request, gettext("The standard has been started. Write its first draft."))
        return redirect("standards:edit", slug=standard.slug)
    return render(
        request,
        "standards/standard_form.html",
        {"form": form, "group": group, "page_title": gettext("Start a standard")},
    )


def standard_detail(request: HttpRequest, slug: str) -> HttpResponse:
    standard = standard_for(request, slug)
    return _version_page(request, standard, selectors.latest_version(standard), is_latest=True)


def version_detail(request: HttpRequest, slug: str, number: str) -> HttpResponse:
    standard = standard_for(request, slug)
    version = version_for(standard, number)
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
        "blocks": render_blocks(version, user=user, can_comment=can_comment) if version else [],
        "orphans": selectors.orphaned_threads(standard) if version and is_latest else [],
        "comment_refusal": selectors.comment_refusal(standard, user, version=version)
        if version
        else "",
        "can_edit": selectors.standard_can_edit(standard, user),
        "can_change_status": selectors.standard_can_change_status(standard, user),
        "history": selectors.standard_history(standard, versions),
        "adoptions": adoptions,
        "adoption_counts": selectors.adoption_counts(adoptions),
        "services": list(standard.services.order_by("name")),
        "parts": selectors.version_parts(version),
        "following": is_following(user=user, target_type="standard", target_id=standard.pk),
        "page_title": standard.title if is_latest else f"{standard.title} {version.number}",
    }
    return render(request, "standards/standard_detail.html", context)


@login_required
def standard_settings(request: HttpRequest, slug: str) -> HttpResponse:
    standard = standard_for(request, slug)
    require_editor(request, standard)
    form = StandardForm(
        request.POST or None,
        initial={
            "title": standard.title,
            "summary": standard.summary,
            "language": standard.language,
            "licence": standard.licence,
            "services": list(standard.services.all()),
        },
    )
    if request.method == "POST" and form.is_valid():
        services.standard_update(standard=standard, actor=request.user, **form.cleaned_data)
        messages.success(request, gettext("The standard's details have been saved."))
        return redirect(standard)
    return render(
        request,
        "standards/standard_form.html",
        {
            "form": form,
            "standard": standard,
            "group": standard.group,
            "page_title": gettext("Details"),
        },
    )


@require_POST
@login_required
def follow(request: HttpRequest, slug: str) -> HttpResponse:
    standard = standard_for(request, slug)
    following = request.POST.get("following") == "1"
    services.standard_follow_set(standard=standard, user=request.user, following=following)
    messages.success(
        request,
        gettext("You are following %(title)s.") % {"title": standard.title}
        if following
        else gettext("You no longer follow %(title)s.") % {"title": standard.title},
    )
    return redirect(standard)


def diff_view(request: HttpRequest, slug: str, old: str, new: str) -> HttpResponse:
    standard = standard_for(request, slug)
    old_version, new_version = version_for(standard, old), version_for(standard, new)
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
            "schema_changes": selectors.schema_changes(
                selectors.version_parts(old_version), selectors.version_parts(new_version)
            ),
            "layout": layout,
            "changed_only": changed_only,
            "versions": list(standard.versions.order_by("-major", "-minor")),
            "page_title": gettext("Changes %(number)s to %(number2)s: %(title)s")
            % {
                "number": old_version.number,
                "number2": new_version.number,
                "title": standard.title,
            },
        },
    )


def diff_choose(request: HttpRequest, slug: str) -> HttpResponse:
    standard = standard_for(request, slug)
    old, new = request.GET.get("from", ""), request.GET.get("to", "")
    if selectors.version_by_number(standard, old) and selectors.version_by_number(standard, new):
        return redirect("standards:diff", slug=slug, old=old, new=new)
    raise Http404("Choose two versions")
