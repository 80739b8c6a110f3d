"""Editing the draft, publishing a version and changing status (editors, convenors)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from hub.standards import selectors, services
from hub.standards.diffing import diff_blocks, diff_counts
from hub.standards.forms import (
    DraftForm,
    PublishForm,
    StatusForm,
)
from hub.standards.views.common import require_editor, standard_for


@login_required
def draft_edit(request: HttpRequest, slug: str) -> HttpResponse:
    standard = standard_for(request, slug)
    require_editor(request, standard)
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
                messages.success(
                    request,
                    gettext("Draft saved (revision %(draft_revision)s).")
                    % {"draft_revision": standard.draft_revision},
                )
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
            "page_title": gettext("Edit draft: %(title)s") % {"title": standard.title},
        },
    )


@login_required
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    standard = standard_for(request, slug)
    require_editor(request, standard)
    latest = selectors.latest_version(standard)
    form = PublishForm(
        request.POST or None,
        initial={"revision": standard.draft_revision},
        current=latest.number if latest else "",
        next_minor="{}.{}".format(*services.next_number(latest, "minor")),
        next_major="{}.{}".format(*services.next_number(latest, "major")),
    )
    if request.method == "POST" and form.is_valid():
        try:
            version = services.standard_version_publish(
                standard=standard,
                editor=request.user,
                bump=form.cleaned_data["bump"],
                notes=form.cleaned_data["notes"],
                base_revision=form.cleaned_data["revision"],
                confirm_breaking=form.cleaned_data["confirm_breaking"],
            )
        except services.StandardsError as error:
            form.add_error(None, error.message)
            standard.refresh_from_db()
        else:
            messages.success(
                request,
                gettext("Version %(number)s has been published.") % {"number": version.number},
            )
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
            "page_title": gettext("Publish a version: %(title)s") % {"title": standard.title},
        },
    )


@login_required
def status_change(request: HttpRequest, slug: str) -> HttpResponse:
    standard = standard_for(request, slug)
    if not selectors.standard_can_change_status(standard, request.user):
        raise PermissionDenied(gettext("Only convenors can change a standard's status."))
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
            messages.success(
                request,
                gettext("%(title)s is now %(get_status_display)s.")
                % {"title": standard.title, "get_status_display": standard.get_status_display()},
            )
            return redirect(standard)
    return render(
        request,
        "standards/status_form.html",
        {
            "form": form,
            "standard": standard,
            "allowed": allowed,
            "page_title": gettext("Change status: %(title)s") % {"title": standard.title},
        },
    )
