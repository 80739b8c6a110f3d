"""Comment threads: the no-JavaScript comment form, lists, replies and decisions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from hub.core.markdown import render_markdown
from hub.standards import selectors, services
from hub.standards.forms import (
    AnchorForm,
    CommentForm,
    DecideForm,
    ReplyForm,
)
from hub.standards.models import (
    CommentThread,
    Standard,
    ThreadState,
)
from hub.standards.views.common import require_editor, standard_for, version_for

DECIDED_AS = {
    "accept": _("accepted"),
    "reject": _("rejected"),
    "defer": _("deferred"),
    "resolve": _("resolved (no change needed)"),
}


def comment_new(request: HttpRequest, slug: str, number: str, anchor: str) -> HttpResponse:
    """The no-JavaScript way to comment on one paragraph: a page with the paragraph and a form."""
    standard = standard_for(request, slug)
    version = version_for(standard, number)
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
            messages.success(request, gettext("Your comment has been added."))
            return redirect(thread)
    return render(
        request,
        "standards/comment_form.html",
        {
            "standard": standard,
            "version": version,
            # Not "block": inside {% block %} tags Django's own BlockNode shadows that name.
            "paragraph": block,
            "block_html": render_markdown(block.text),
            "form": form,
            "refusal": refusal,
            "page_title": gettext("Comment on %(title)s") % {"title": standard.title},
        },
        status=403 if refusal and request.method == "POST" else 200,
    )


def thread_list(request: HttpRequest, slug: str) -> HttpResponse:
    standard = standard_for(request, slug)
    state = request.GET.get("state", "")
    threads = (
        CommentThread.objects.filter(standard=standard, is_hidden=False)
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
            "page_title": gettext("Comments on %(title)s") % {"title": standard.title},
        },
    )


def thread_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    standard = standard_for(request, slug)
    thread = selectors.thread_detail(pk)
    if thread is None or thread.standard_id != standard.pk:
        raise Http404("No such comment")
    thread.standard = standard
    if not selectors.thread_is_visible_to(thread, request.user):
        raise Http404("No such comment")  # hidden by a moderator
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
            "page_title": gettext("Comment on %(title)s") % {"title": standard.title},
        },
        status=status,
    )


def _thread_for_post(request: HttpRequest, slug: str, pk: int) -> tuple[Standard, CommentThread]:
    standard = standard_for(request, slug)
    thread = selectors.thread_detail(pk)
    if thread is None or thread.standard_id != standard.pk:
        raise Http404("No such comment")
    thread.standard = standard
    if not selectors.thread_is_visible_to(thread, request.user):
        raise Http404("No such comment")  # hidden by a moderator
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
            messages.success(request, gettext("Your reply has been added."))
            return redirect(f"{thread.get_absolute_url()}#reply-{comment.pk}")
    return _thread_page(request, standard, thread, reply_form=form, status=400)


@require_POST
@login_required
def thread_decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    standard, thread = _thread_for_post(request, slug, pk)
    require_editor(request, standard)
    if request.POST.get("decision") == "reopen":
        try:
            services.thread_decide(
                thread=thread, editor=request.user, decision="reopen", response=""
            )
        except services.StandardsError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, gettext("The comment is open again."))
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
                request,
                gettext("The comment has been marked %(decision)s.")
                % {"decision": DECIDED_AS[form.cleaned_data["decision"]]},
            )
            return redirect(thread)
    return _thread_page(request, standard, thread, decide_form=form, status=400)


@require_POST
@login_required
def thread_anchor(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    standard, thread = _thread_for_post(request, slug, pk)
    require_editor(request, standard)
    try:
        services.thread_anchor_set(
            thread=thread, editor=request.user, anchor=request.POST.get("anchor", "")
        )
    except services.StandardsError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, gettext("The comment is now on #%(anchor)s.") % {"anchor": thread.anchor}
        )
    return redirect(thread)
