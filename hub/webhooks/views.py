"""Members' webhooks: list and create, and one webhook's secret, delivery log and controls."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from hub.core.ratelimit import rate_limit_consume
from hub.webhooks import scopes, services
from hub.webhooks.forms import WebhookForm
from hub.webhooks.models import Webhook


@login_required
@require_http_methods(["GET", "POST"])
def webhook_list(request: HttpRequest) -> HttpResponse:
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        scope = scopes.resolve(data["scope_type"], data["slug"], request.user)
        if scope is None:
            form.add_error("slug", gettext("There is nothing you can see with that short name."))
        elif not rate_limit_consume(f"webhook-create:{request.user.pk}", "20/h"):
            form.add_error(
                None, gettext("You have added a lot of webhooks this hour. Try again later.")
            )
        else:
            try:
                webhook = services.webhook_create(
                    owner=request.user,
                    url=data["url"],
                    scope_type=scope.scope_type,
                    scope_id=scope.scope_id,
                    scope_name=scope.name,
                    kinds=data["kinds"],
                )
            except services.WebhookError as error:
                form.add_error("url", error.message)
            else:
                messages.success(
                    request, gettext("Webhook added. Copy its secret to your receiver.")
                )
                return redirect("webhooks:detail", pk=webhook.pk)
    return render(
        request,
        "webhooks/list.html",
        {
            "form": form,
            "webhooks": Webhook.objects.filter(owner=request.user).order_by("-created_at"),
            "page_title": gettext("Webhooks"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def webhook_detail(request: HttpRequest, pk: int) -> HttpResponse:
    webhook = get_object_or_404(Webhook, pk=pk, owner=request.user)  # others' answer 404
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "delete":
            webhook.delete()
            messages.success(request, gettext("Webhook deleted."))
            return redirect("webhooks:list")
        if action == "enable":
            services.webhook_enable(webhook=webhook)
            messages.success(request, gettext("Webhook turned back on."))
        return redirect("webhooks:detail", pk=webhook.pk)
    deliveries = webhook.deliveries.select_related("event").order_by("-created_at")[:50]
    return render(
        request,
        "webhooks/detail.html",
        {"webhook": webhook, "deliveries": deliveries, "page_title": gettext("Webhook")},
    )
