"""Pages for "download my data" and "delete my account" (signed-in members, their own only)."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.lifecycle.deletion import AccountDeletionError, account_delete
from accounts.lifecycle.exports import download_url, export_for_download, export_request
from accounts.lifecycle.forms import AccountDeleteForm
from accounts.models import DataExport
from hub.core.ratelimit import rate_limit_consume

EXPORT_RATE = "5/d"


@login_required
@require_http_methods(["GET", "POST"])
def data_export(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if not rate_limit_consume(f"account-export:{request.user.pk}", EXPORT_RATE):
            messages.error(request, _("You have asked for your data often today. Try tomorrow."))
        else:
            export_request(user=request.user)
        return redirect("accounts:data_export")
    latest = DataExport.objects.filter(user=request.user).first()
    link = None
    if (
        latest is not None
        and latest.state == DataExport.State.READY
        and latest.expires_at
        and latest.expires_at > timezone.now()
    ):
        link = download_url(latest)
    in_progress = latest is not None and latest.state in (
        DataExport.State.QUEUED,
        DataExport.State.RUNNING,
    )
    return render(
        request,
        "accounts/data_export.html",
        {
            "page_title": _("Download your data"),
            "export": latest,
            "link": link,
            "in_progress": in_progress,
        },
    )


@login_required
def data_download(request: HttpRequest, token: str) -> HttpResponse:
    found = export_for_download(user=request.user, token=token)
    if found is None:
        raise Http404(_("This download link has expired or is not yours."))
    export, path = found
    stamp = export.ready_at.strftime("%Y-%m-%d")
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"localgov-hub-my-data-{stamp}.json",
        content_type="application/json",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            account_delete(user=request.user, remove_content=form.remove_content)
        except AccountDeletionError as error:
            messages.error(request, error.message)
            return redirect("accounts:settings")
        logout(request)
        messages.success(request, _("Your account has been deleted. Thank you for taking part."))
        return redirect("home")
    return render(
        request,
        "accounts/delete_account.html",
        {"form": form, "page_title": _("Delete your account")},
    )
