"""Channel pages that work without JavaScript; chat.mjs adds the live socket on top."""

from urllib.parse import urlsplit

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from hub.discussions import selectors, services
from hub.discussions.cards import with_body_html
from hub.discussions.forms import (
    ChannelForm,
    ChannelSettingsForm,
    EditMessageForm,
    InviteForm,
    KeepThreadForm,
    MessageForm,
)
from hub.discussions.models import Channel, ChannelMember
from hub.discussions.services import ChatError


def _visible_or_404(request: HttpRequest, slug: str) -> Channel:
    channel = selectors.channel_get_visible(slug=slug, user=request.user)
    if channel is None:
        raise Http404("No such channel")
    return channel


def _message_or_404(channel: Channel, seq: int):
    message = selectors.message_get(channel=channel, sequence=seq)
    if message is None:
        raise Http404("No such message")
    return message


def _int_param(request: HttpRequest, name: str) -> int | None:
    try:
        value = int(request.GET.get(name, ""))
    except ValueError:
        return None
    return value if value > 0 else None


@login_required
def channel_list(request: HttpRequest) -> HttpResponse:
    """Every channel the member can see, with unread counts."""
    channels = list(selectors.channel_list_for(request.user, include_archived=True))
    return render(
        request,
        "discussions/channel_list.html",
        {"channels": channels, "page_title": gettext("Channels")},
    )


@login_required
def channel_create(request: HttpRequest) -> HttpResponse:
    form = ChannelForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            channel = services.channel_create(
                name=form.cleaned_data["name"],
                topic=form.cleaned_data["topic"],
                kind=form.cleaned_data["kind"],
                group=form.cleaned_data["group"],
                created_by=request.user,
            )
        except ChatError as error:
            form.add_error(None, error.message)
        else:
            return redirect(channel)
    return render(
        request,
        "discussions/channel_form.html",
        {"form": form, "page_title": gettext("Start a channel")},
    )


def _detail_context(request: HttpRequest, channel: Channel, form: MessageForm | None) -> dict:
    before, around = _int_param(request, "before"), _int_param(request, "around")
    page = selectors.messages_page(channel=channel, before=before, around=around)
    with_body_html(page["messages"])
    sidebar = list(selectors.channel_list_for(request.user)[:30])
    return {
        "channel": channel,
        "page": page,
        # Where the live client resumes: the channel's event number, read before the page was,
        # so anything created or changed while rendering is replayed (the client upserts).
        "last_seq": channel.last_sequence,
        "form": form or MessageForm(),
        "sidebar": sidebar,
        "is_latest": page["newer"] is None,
        "can_post": selectors.channel_can_post(channel, request.user),
        "can_manage": selectors.channel_can_manage(channel, request.user),
        "page_title": f"#{channel.slug}",
        "max_chars": services.max_message_chars(),
    }


@login_required
def channel_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """History (newest page by default; ``?before=`` and ``?around=`` page back) and a form."""
    channel = _visible_or_404(request, slug)
    context = _detail_context(request, channel, None)
    if context["is_latest"] and channel.last_sequence:
        # Seeing the newest page is reading the channel (a harmless GET side effect).
        services.read_mark(channel=channel, user=request.user, sequence=channel.last_sequence)
        for item in context["sidebar"]:
            if item.pk == channel.pk:
                item.unread = 0
    return render(request, "discussions/channel_detail.html", context)


@login_required
@require_POST
def message_create(request: HttpRequest, slug: str) -> HttpResponse:
    """The no-JS way to post: the same service as the socket's ``send`` frame."""
    channel = _visible_or_404(request, slug)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            message = services.message_post(
                channel=channel,
                author=request.user,
                body=form.cleaned_data["body"],
                parent_sequence=form.cleaned_data.get("parent"),
            )
        except ChatError as error:
            form.add_error("body", error.message)
        else:
            if message.parent_id:
                return redirect(
                    reverse("discussions:thread", args=[channel.slug, message.parent.sequence])
                    + f"#m{message.sequence}"
                )
            return redirect(
                reverse("discussions:detail", args=[channel.slug]) + f"#m{message.sequence}"
            )
    return render(
        request,
        "discussions/channel_detail.html",
        _detail_context(request, channel, form),
        status=400,
    )


@login_required
def message_thread(request: HttpRequest, slug: str, seq: int) -> HttpResponse:
    """A message and its replies, a reply form and the "keep this thread" form."""
    channel = _visible_or_404(request, slug)
    message = _message_or_404(channel, seq)
    root = message.parent if message.parent_id else message
    if root.pk != message.pk:
        return redirect(reverse("discussions:thread", args=[slug, root.sequence]) + f"#m{seq}")
    return render(
        request,
        "discussions/thread.html",
        {
            "channel": channel,
            "thread": with_body_html(selectors.thread_messages(root=root)),
            "root": root,
            "form": MessageForm(initial={"parent": root.sequence}),
            "keep_form": KeepThreadForm(),
            "can_post": selectors.channel_can_post(channel, request.user),
            "page_title": gettext("Thread in #%(slug)s") % {"slug": channel.slug},
        },
    )


@login_required
def message_edit(request: HttpRequest, slug: str, seq: int) -> HttpResponse:
    channel = _visible_or_404(request, slug)
    message = _message_or_404(channel, seq)
    if message.author_id != request.user.pk or message.is_deleted:
        raise Http404("No such message")
    form = EditMessageForm(request.POST or None, initial={"body": message.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.message_edit(
                channel=channel, sequence=seq, user=request.user, body=form.cleaned_data["body"]
            )
        except ChatError as error:
            form.add_error("body", error.message)
        else:
            return redirect(message.get_absolute_url())
    return render(
        request,
        "discussions/message_edit.html",
        {
            "channel": channel,
            "message": message,
            "form": form,
            "page_title": gettext("Edit message"),
        },
    )


@login_required
def message_delete(request: HttpRequest, slug: str, seq: int) -> HttpResponse:
    channel = _visible_or_404(request, slug)
    message = _message_or_404(channel, seq)
    if message.is_deleted or not (
        message.author_id == request.user.pk or request.user.is_moderator
    ):
        raise Http404("No such message")
    if request.method == "POST":
        services.message_delete(channel=channel, sequence=seq, user=request.user)
        flash.success(request, gettext("Message deleted."))
        return redirect(message.get_absolute_url())
    return render(
        request,
        "discussions/message_delete.html",
        {"channel": channel, "message": message, "page_title": gettext("Delete message")},
    )


@login_required
@require_POST
def message_useful(request: HttpRequest, slug: str, seq: int) -> HttpResponse:
    channel = _visible_or_404(request, slug)
    message = _message_or_404(channel, seq)
    try:
        services.reaction_toggle(channel=channel, sequence=seq, user=request.user)
    except ChatError as error:
        flash.error(request, error.message)
    return redirect(message.get_absolute_url())


@login_required
def thread_keep(request: HttpRequest, slug: str, seq: int) -> HttpResponse:
    """Turn a thread into a blog post draft or a comment on a standard."""
    channel = _visible_or_404(request, slug)
    root = _message_or_404(channel, seq)
    form = KeepThreadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["target"] == "blog":
                return _keep_as_blog_draft(request, channel, seq, form)
            response = _keep_as_standard_comment(request, channel, seq, form)
            if response is not None:
                return response
        except ChatError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            for message in error.messages:
                form.add_error("title" if form.cleaned_data["target"] == "blog" else None, message)
        except Exception as error:  # the other app's refusal, e.g. commenting closed
            if not _is_other_apps_refusal(error):
                raise
            form.add_error(
                "standard_url" if form.cleaned_data["target"] == "standard" else None, str(error)
            )
    return render(
        request,
        "discussions/thread_keep.html",
        {"channel": channel, "root": root, "form": form, "page_title": gettext("Keep this thread")},
    )


def _is_other_apps_refusal(error: Exception) -> bool:
    from hub.blog.services import RateLimited as BlogRateLimited
    from hub.standards.services import StandardsError

    return isinstance(error, StandardsError | BlogRateLimited)


def _keep_as_blog_draft(request, channel: Channel, seq: int, form) -> HttpResponse:
    post = services.thread_to_blog_draft(
        channel=channel, sequence=seq, user=request.user, title=form.cleaned_data["title"]
    )
    flash.success(request, gettext("Your draft blog post is ready to edit."))
    handle = getattr(getattr(request.user, "profile", None), "handle", None)
    if handle:
        return redirect("blog:edit", handle=handle, slug=post.slug)
    return redirect(post.get_absolute_url())


def _keep_as_standard_comment(request, channel: Channel, seq: int, form) -> HttpResponse | None:
    version, anchor = _standard_section(form.cleaned_data["standard_url"], request.user)
    if version is None:
        form.add_error(
            "standard_url",
            gettext("Enter the address of a section of a standard you can see, like the example"),
        )
        return None
    thread = services.thread_to_standard_comment(
        channel=channel, sequence=seq, user=request.user, version=version, anchor=anchor
    )
    flash.success(request, gettext("Your comment is on the standard."))
    get_url = getattr(thread, "get_absolute_url", None)
    return redirect(get_url() if callable(get_url) else version.get_absolute_url())


def _standard_section(address: str, user):
    """(version, anchor) for a link like /standards/<slug>/v/<n>/#<anchor> the user can see."""
    from hub.standards.models import Standard
    from hub.standards.selectors import standard_is_visible_to, version_by_number

    parts = urlsplit(address.strip())
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None, None
    if match.namespace != "standards" or match.url_name not in {"version", "comment"}:
        return None, None
    anchor = match.kwargs.get("anchor") or parts.fragment
    standard = Standard.objects.filter(slug=match.kwargs["slug"]).first()
    if not anchor or standard is None or not standard_is_visible_to(standard, user):
        return None, None
    version = version_by_number(standard, match.kwargs["number"])
    return (version, anchor) if version else (None, None)


@login_required
def channel_settings(request: HttpRequest, slug: str) -> HttpResponse:
    """Rename, change the topic, archive; invite and remove people in private channels."""
    channel = _visible_or_404(request, slug)
    if not selectors.channel_can_manage(channel, request.user):
        raise Http404("No such channel")
    form = ChannelSettingsForm(
        request.POST if request.POST.get("action") == "settings" else None,
        initial={"name": channel.name, "topic": channel.topic, "archived": channel.archived},
    )
    invite = InviteForm(request.POST if request.POST.get("action") == "invite" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "settings" and form.is_valid():
            services.channel_update(channel=channel, user=request.user, **form.cleaned_data)
            flash.success(request, gettext("Channel updated."))
            return redirect("discussions:settings", slug=channel.slug)
        if action == "invite" and invite.is_valid():
            try:
                services.channel_member_add(
                    channel=channel, user=invite.invitee, added_by=request.user
                )
            except ChatError as error:
                invite.add_error("handle", error.message)
            else:
                flash.success(
                    request, gettext("%(invitee)s can now take part.") % {"invitee": invite.invitee}
                )
                return redirect("discussions:settings", slug=channel.slug)
        if action == "remove":
            member = (
                ChannelMember.objects.filter(channel=channel, pk=request.POST.get("member"))
                .select_related("user")
                .first()
            )
            if member:
                services.channel_member_remove(
                    channel=channel, user=member.user, removed_by=request.user
                )
                flash.success(
                    request, gettext("%(user)s has been removed.") % {"user": member.user}
                )
            return redirect("discussions:settings", slug=channel.slug)
    members = channel.members.select_related("user__profile").order_by("created_at")
    return render(
        request,
        "discussions/channel_settings.html",
        {
            "channel": channel,
            "form": form,
            "invite": invite,
            "members": members,
            "page_title": gettext("Settings for #%(slug)s") % {"slug": channel.slug},
        },
    )
