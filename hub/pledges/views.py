"""Pages for calls for backing: open a call, pledge, withdraw, the audit, "looking for backers"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from hub.core.ratelimit import rate_limit_consume
from hub.pledges import selectors, services
from hub.pledges.forms import BackingFilterForm, CallForm, PledgeForm
from hub.pledges.models import BackingCall, CallState
from hub.sharing.models import Project

PLEDGE_RATE = "30/h"


def _project(slug: str) -> Project:
    # A project hidden by a moderator takes no pledges (its pages answer 404).
    return get_object_or_404(
        Project.objects.select_related("owner_council"), slug=slug, is_hidden=False
    )


def _open_call(project: Project) -> BackingCall:
    call = BackingCall.objects.filter(project=project, state=CallState.OPEN).first()
    if call is None:
        raise Http404("This project has no open call for backing")
    return call


def _apply(form, error: services.PledgeError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


@login_required
@require_http_methods(["GET", "POST"])
def call_new(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(slug)
    if not selectors.call_can_open(project, request.user):
        raise Http404("No such project")
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.call_open(project=project, user=request.user, **form.cleaned_data)
        except services.PledgeError as error:
            _apply(form, error)
        else:
            messages.success(
                request, gettext("%(title)s is now looking for backers.") % {"title": project.title}
            )
            return redirect(project)
    return render(
        request,
        "pledges/call_form.html",
        {
            "form": form,
            "project": project,
            "page_title": gettext("Ask for backing: %(title)s") % {"title": project.title},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def pledge(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(slug)
    call = _open_call(project)
    council = selectors.pledge_council(request.user)
    existing = selectors.pledge_of(call, council)
    initial = {}
    if existing is not None and existing.state == "active":
        initial = {
            "amount_pounds": existing.amount_pounds or "",
            "staff_days": existing.staff_days or "",
            "conditions": existing.conditions,
        }
    form = PledgeForm(request.POST or None, call=call, initial=initial)
    if request.method == "POST" and form.is_valid():
        if not rate_limit_consume(f"pledges:pledge:{request.user.pk}", PLEDGE_RATE):
            form.add_error(
                None, gettext("You have changed pledges a lot in the last hour. Try later.")
            )
        else:
            try:
                services.pledge_set(
                    call=call,
                    user=request.user,
                    amount_pounds=form.cleaned_data.get("amount_pounds"),
                    staff_days=form.cleaned_data.get("staff_days"),
                    conditions=form.cleaned_data["conditions"],
                )
            except services.PledgeError as error:
                _apply(form, error)
            else:
                messages.success(
                    request, gettext("%(name)s's pledge is recorded.") % {"name": council.name}
                )
                return redirect(project)
    return render(
        request,
        "pledges/pledge_form.html",
        {
            "form": form,
            "project": project,
            "call": call,
            "council": council,
            "existing": existing if initial else None,
            "progress": selectors.call_progress(call),
            "page_title": gettext("Pledge: %(title)s") % {"title": project.title},
        },
    )


@login_required
@require_POST
def pledge_withdraw(request: HttpRequest, slug: str) -> HttpResponse:
    project = _project(slug)
    call = _open_call(project)
    try:
        withdrawn = services.pledge_withdraw(call=call, user=request.user)
    except services.PledgeError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, gettext("%(name)s's pledge is withdrawn.") % {"name": withdrawn.council.name}
        )
    return redirect(project)


def call_history(request: HttpRequest, slug: str) -> HttpResponse:
    """The audit trail of the project's calls: owners and moderators only."""
    project = _project(slug)
    if not selectors.call_can_open(project, request.user):
        raise Http404("No such project")
    calls = [
        (call, selectors.call_audit(call))
        for call in BackingCall.objects.filter(project=project).order_by("-created_at")
    ]
    return render(
        request,
        "pledges/call_history.html",
        {
            "project": project,
            "calls": calls,
            "page_title": gettext("Backing history: %(title)s") % {"title": project.title},
        },
    )


def looking_for_backers(request: HttpRequest) -> HttpResponse:
    form = BackingFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    calls = selectors.calls_looking_for_backers(
        service=filters.get("service"), nation=filters.get("nation", "")
    )
    page = Paginator(calls, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "pledges/backing_list.html",
        {"form": form, "page": page, "page_title": gettext("Projects looking for backers")},
    )
