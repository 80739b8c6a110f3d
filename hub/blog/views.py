"""Blog pages: lists, the post page with comments, the editor, reactions and feed settings.

Views stay thin: they check who may do what through selectors and services, and map service
errors back onto forms so people keep what they typed.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Profile
from hub.blog import selectors, services
from hub.blog.forms import CommentForm, FeedForm, PostForm
from hub.blog.models import Comment, Post, SyndicatedFeed
from hub.blog.syndication import SYNC_EVERY_MINUTES
from hub.core import content_language
from hub.councils.models import Council

PAGE_SIZE = 20


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def blog_list(request: HttpRequest) -> HttpResponse:
    # Tag slugs are what taggit makes of a name (Unicode kept); anything else a visitor typed
    # is normalised the same way, so odd input filters instead of failing to build feed links.
    tag = slugify(request.GET.get("tag", "")[:100], allow_unicode=True)
    council = None
    if request.GET.get("council"):
        council = Council.objects.filter(slug=request.GET["council"]).first()
    posts = selectors.post_list(tag=tag, council=council)
    page = Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "blog/post_list.html",
        {
            "page": page,
            "tag": tag,
            "council": council,
            "councils": Council.objects.filter(blog_posts__isnull=False)
            .distinct()
            .only("name", "slug"),
            "page_title": gettext("Blog"),
        },
    )


def author_blog(request: HttpRequest, handle: str) -> HttpResponse:
    profile = get_object_or_404(
        Profile.objects.select_related("user"), handle=handle, user__is_active=True
    )
    posts = selectors.post_list(author=profile.user)
    page = Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "blog/author_blog.html",
        {
            "profile": profile,
            "page": page,
            "is_own": request.user.is_authenticated and request.user.pk == profile.user_id,
            "page_title": gettext("%(public_name)s’s blog") % {"public_name": profile.public_name},  # noqa: RUF001
        },
    )


@login_required
def my_posts(request: HttpRequest) -> HttpResponse:
    posts = selectors.posts_of_author_for_owner(author=request.user)
    page = Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "blog/my_posts.html", {"page": page, "page_title": gettext("Your posts")}
    )


def _post_page(request: HttpRequest, post: Post, *, comment_form=None, status=200):
    user = request.user
    signed_in = user.is_authenticated
    return render(
        request,
        "blog/post_detail.html",
        {
            "post": post,
            "comments": selectors.comment_tree(post=post, viewer=user),
            "comment_form": comment_form or CommentForm(),
            "found_useful": selectors.viewer_found_post_useful(post=post, viewer=user),
            "is_author": signed_in and user.pk == post.author_id,
            "is_moderator": signed_in and user.is_moderator,
            # Asked once here rather than once per comment in blog/_comment.html.
            "signed_in": signed_in,
            "viewer_id": user.pk if signed_in else None,
            "can_respond": signed_in and post.is_public,
            "edit_minutes": services.settings.BLOG_COMMENT_EDIT_MINUTES,
            "now": timezone.now(),
            "page_title": post.title,
        },
        status=status,
    )


def post_detail(request: HttpRequest, handle: str, slug: str) -> HttpResponse:
    post = selectors.post_for_viewer(handle=handle, slug=slug, viewer=request.user)
    return _post_page(request, post)


def _initial_from(post: Post) -> dict:
    return {
        "title": post.title,
        "summary": post.summary,
        "body": post.body,
        "language": post.language,
        "tags": ", ".join(t.name for t in post.tags.all()),
        "councils": list(post.councils.all()),
        "services": list(post.services.all()),
        "publish_at": timezone.localtime(post.published_at) if post.is_scheduled else None,
    }


def _editor(request: HttpRequest, post: Post | None) -> HttpResponse:
    """One editor for new and existing posts. The submit button says what to do: preview
    (re-render the form with the rendered Markdown, saving nothing), save or publish."""
    if request.method == "POST":
        form = PostForm(request.POST)
    elif post is not None:
        form = PostForm(initial=_initial_from(post))
    else:
        profile = getattr(request.user, "profile", None)
        form = PostForm(
            initial={
                "councils": [profile.council] if profile and profile.council else [],
                "language": content_language.author_default(request.user),
            }
        )
    preview = None
    status = 200
    action = request.POST.get("action", "")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if action == "preview":
            try:
                services.preview_rate_check(user=request.user)
            except services.RateLimited as error:
                form.add_error(None, str(error))
                status = 429
            else:
                preview = Post(
                    title=data["title"],
                    summary=data["summary"],
                    body=data["body"],
                    body_format=post.body_format if post else Post.Format.MARKDOWN,
                    language=content_language.clean(data["language"], request.user),
                )
        else:
            publish = action == "publish"
            fields = {
                "title": data["title"],
                "body": data["body"],
                "summary": data["summary"],
                "tags": data["tags"],
                "councils": list(data["councils"]),
                "services": list(data["services"]),
                "language": data["language"] or None,
            }
            try:
                if post is None:
                    services.post_rate_check(user=request.user)
                    post = services.post_create(
                        author=request.user,
                        status=Post.Status.PUBLISHED if publish else Post.Status.DRAFT,
                        published_at=data["publish_at"] if publish else None,
                        **fields,
                    )
                else:
                    new_status = {
                        "publish": Post.Status.PUBLISHED,
                        "unpublish": Post.Status.DRAFT,
                    }.get(action)
                    post = services.post_update(
                        post=post,
                        editor=request.user,
                        status=new_status,
                        published_at=data["publish_at"] if publish else None,
                        **fields,
                    )
            except ValidationError as error:
                _add_errors(form, error)
            except services.RateLimited as error:
                form.add_error(None, str(error))
                status = 429
            else:
                if post.is_scheduled:
                    local = timezone.localtime(post.published_at)
                    when = gettext("%(date)s at %(time)s") % {
                        "date": date_format(local, "j F Y"),
                        "time": date_format(local, "H:i"),
                    }
                    messages.success(
                        request, gettext("Your post is scheduled for %(when)s.") % {"when": when}
                    )
                elif post.is_published:
                    messages.success(request, gettext("Your post is published."))
                else:
                    messages.success(request, gettext("Your draft has been saved."))
                return redirect(post)
    return render(
        request,
        "blog/post_form.html",
        {
            "form": form,
            "post": post,
            "preview": preview,
            "page_title": gettext("Edit post") if post else gettext("Write a post"),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def post_new(request: HttpRequest) -> HttpResponse:
    profile = getattr(request.user, "profile", None)
    if profile is None or not profile.is_complete:
        messages.info(
            request, gettext("Finish your profile before writing: posts live at your handle.")
        )
        return redirect("accounts:edit")
    return _editor(request, None)


def _own_post(request: HttpRequest, handle: str, slug: str) -> Post:
    post = selectors.post_for_viewer(handle=handle, slug=slug, viewer=request.user)
    if post.author_id != request.user.pk:
        raise Http404  # others never learn an edit page exists
    return post


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request: HttpRequest, handle: str, slug: str) -> HttpResponse:
    return _editor(request, _own_post(request, handle, slug))


@login_required
@require_http_methods(["GET", "POST"])
def post_delete(request: HttpRequest, handle: str, slug: str) -> HttpResponse:
    post = _own_post(request, handle, slug)
    if request.method == "POST":
        services.post_delete(post=post, actor=request.user)
        messages.success(request, gettext("“%(title)s” has been deleted.") % {"title": post.title})
        return redirect("blog:mine")
    return render(
        request, "blog/post_delete.html", {"post": post, "page_title": gettext("Delete post")}
    )


@login_required
@require_POST
def post_useful(request: HttpRequest, handle: str, slug: str) -> HttpResponse:
    post = selectors.post_for_viewer(handle=handle, slug=slug, viewer=request.user)
    try:
        services.post_useful_toggle(post=post, user=request.user)
    except PermissionDenied as error:
        raise Http404 from error
    except services.OwnContent as error:
        messages.error(request, error.message)
    return redirect(post.get_absolute_url() + "#useful")


@login_required
@require_POST
def comment_create(request: HttpRequest, handle: str, slug: str) -> HttpResponse:
    post = selectors.post_for_viewer(handle=handle, slug=slug, viewer=request.user)
    form = CommentForm(request.POST)
    if form.is_valid():
        parent = None
        if form.cleaned_data.get("parent"):
            parent = post.comments.filter(pk=form.cleaned_data["parent"]).first()
            if parent is None:
                raise Http404
        try:
            comment = services.comment_create(
                post=post, author=request.user, body=form.cleaned_data["body"], parent=parent
            )
        except ValidationError as error:
            _add_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        except services.RateLimited as error:
            form.add_error(None, str(error))
            return _post_page(request, post, comment_form=form, status=429)
        else:
            messages.success(request, gettext("Your comment has been added."))
            return redirect(comment.get_absolute_url())
    return _post_page(request, post, comment_form=form, status=400)


def _comment_for(request: HttpRequest, handle: str, slug: str, pk: int) -> Comment:
    post = selectors.post_for_viewer(handle=handle, slug=slug, viewer=request.user)
    comment = get_object_or_404(post.comments.select_related("author__profile"), pk=pk)
    comment.post = post
    return comment


@login_required
@require_http_methods(["GET", "POST"])
def comment_edit(request: HttpRequest, handle: str, slug: str, pk: int) -> HttpResponse:
    comment = _comment_for(request, handle, slug, pk)
    if not services.comment_can_edit(comment, request.user):
        raise Http404
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_edit(
                comment=comment, editor=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, gettext("Your comment has been updated."))
            return redirect(comment.get_absolute_url())
    return render(
        request,
        "blog/comment_edit.html",
        {
            "form": form,
            "comment": comment,
            "post": comment.post,
            "page_title": gettext("Edit comment"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def comment_delete(request: HttpRequest, handle: str, slug: str, pk: int) -> HttpResponse:
    comment = _comment_for(request, handle, slug, pk)
    if comment.author_id != request.user.pk or comment.is_deleted:
        raise Http404
    if request.method == "POST":
        services.comment_delete(comment=comment, actor=request.user)
        messages.success(request, gettext("Your comment has been deleted."))
        return redirect(comment.get_absolute_url())
    return render(
        request,
        "blog/comment_delete.html",
        {"comment": comment, "post": comment.post, "page_title": gettext("Delete comment")},
    )


@login_required
@require_POST
def comment_useful(request: HttpRequest, handle: str, slug: str, pk: int) -> HttpResponse:
    comment = _comment_for(request, handle, slug, pk)
    try:
        services.comment_useful_toggle(comment=comment, user=request.user)
    except PermissionDenied as error:
        raise Http404 from error
    except services.OwnContent as error:
        messages.error(request, error.message)
    return redirect(comment.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def blog_settings(request: HttpRequest) -> HttpResponse:
    """Register the feeds of blogs you already write elsewhere, and see how their import went."""
    form = FeedForm(request.POST or None)
    if request.method == "POST" and request.POST.get("remove"):
        remove = request.POST["remove"]
        if not (remove.isascii() and remove.isdigit()):
            raise Http404("No such feed")
        feed = get_object_or_404(SyndicatedFeed, pk=int(remove), owner=request.user)
        services.feed_remove(feed=feed, actor=request.user)
        messages.success(
            request, gettext("The feed has been removed. Posts already imported stay.")
        )
        return redirect("blog:settings")
    if request.method == "POST" and form.is_valid():
        try:
            services.feed_register(owner=request.user, url=form.cleaned_data["url"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                gettext(
                    "Feed added. We will first read it within %(minutes)s minutes; "
                    "new posts are then imported as they appear."
                )
                % {"minutes": SYNC_EVERY_MINUTES},
            )
            return redirect("blog:settings")
    return render(
        request,
        "blog/settings.html",
        {
            "form": form,
            "feeds": selectors.feeds_of(owner=request.user),
            "first_read_minutes": SYNC_EVERY_MINUTES,
            "check_every_minutes": settings.BLOG_SYNDICATION_INTERVAL_MINUTES,
            "page_title": gettext("Your blog settings"),
        },
    )
