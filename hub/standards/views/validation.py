"""The validator: a page per version to check data, and the reports it produces.

Reports live at an unguessable permalink for 90 days and answer 404 to anyone who may not see
the standard. Bad input is a form error or a failed report with a plain message, never a 500.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from hub.standards import selectors, services
from hub.standards.forms import ValidateForm
from hub.standards.services import validation_run_start
from hub.standards.views.common import standard_for, version_for


def _client_key(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


def validator(request: HttpRequest, slug: str, number: str) -> HttpResponse:
    standard = standard_for(request, slug)
    version = version_for(standard, number)
    targets = selectors.validation_targets(version)
    form = ValidateForm(request.POST or None, request.FILES or None, targets=targets)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                run = validation_run_start(
                    version=version,
                    user=request.user,
                    target_key=data["target"],
                    text=data["text"] or None,
                    upload=data["file"],
                    url=data["url"] or None,
                    client_key=_client_key(request),
                )
            except services.RateLimited as error:
                form.add_error(None, error.message)
                status = 429
            except services.StandardsError as error:
                form.add_error(None, error.message)
                status = 400
            else:
                return redirect(run)
        else:
            status = 400
    return render(
        request,
        "standards/validator.html",
        {
            "standard": standard,
            "version": version,
            "targets": targets,
            "form": form,
            "parts": selectors.version_parts(version),
            "page_title": gettext("Validate data against %(title)s %(number)s")
            % {"title": standard.title, "number": version.number},
        },
        status=status,
    )


def _run(request: HttpRequest, slug: str, number: str, token: str):
    standard = standard_for(request, slug)
    version = version_for(standard, number)
    run = selectors.validation_run_for(token, request.user, version=version)
    if run is None:
        raise Http404("No such report (reports are kept for 90 days)")
    run.version = version
    return standard, version, run


def report(request: HttpRequest, slug: str, number: str, token: str) -> HttpResponse:
    standard, version, run = _run(request, slug, number, token)
    return render(
        request,
        "standards/validation_report.html",
        {
            "standard": standard,
            "version": version,
            "run": run,
            "report": run.report or {},
            "page_title": gettext("Validation report: %(title)s %(number)s")
            % {"title": standard.title, "number": version.number},
        },
    )


def report_json(request: HttpRequest, slug: str, number: str, token: str) -> HttpResponse:
    _standard, _version, run = _run(request, slug, number, token)
    response = JsonResponse(selectors.validation_run_json(run), json_dumps_params={"indent": 2})
    if request.GET.get("download") == "1":
        response["Content-Disposition"] = f'attachment; filename="validation-{run.token[:10]}.json"'
    response["Cache-Control"] = "private, no-store" if not run.is_finished else "private"
    return response
