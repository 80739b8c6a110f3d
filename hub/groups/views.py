"""Working group pages. Members-only groups answer 404 to everyone outside them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from hub.groups import services
from hub.groups.forms import AddMemberForm, GroupForm, RoleForm
from hub.groups.models import Membership, WorkingGroup
from hub.groups.selectors import (
    group_activity,
    group_can_edit,
    group_is_convenor,
    group_is_visible_to,
    group_members,
    group_membership_of,
    group_pending_requests,
    groups_visible_to,
)


def _visible_group(request: HttpRequest, slug: str) -> WorkingGroup:
    group = get_object_or_404(WorkingGroup, slug=slug)
    if not group_is_visible_to(group, request.user):
        raise Http404("No such group")
    return group


def _convenor_group(request: HttpRequest, slug: str) -> WorkingGroup:
    group = _visible_group(request, slug)
    if not group_is_convenor(group, request.user):
        raise Http404("No such page")  # non-convenors never see the management pages
    return group


def group_list(request: HttpRequest) -> HttpResponse:
    groups = (
        WorkingGroup.objects.filter(pk__in=groups_visible_to(request.user).values("pk"))
        .annotate(
            member_count=Count(
                "memberships", filter=Q(memberships__state=Membership.State.ACTIVE), distinct=True
            ),
            standard_count=Count("standards", distinct=True),
        )
        .order_by("name")
    )
    page = Paginator(groups, 30).get_page(request.GET.get("page"))
    return render(
        request, "groups/group_list.html", {"page": page, "page_title": gettext("Working groups")}
    )


@login_required
def group_create(request: HttpRequest) -> HttpResponse:
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        group = services.group_create(creator=request.user, **form.cleaned_data)
        messages.success(
            request,
            gettext("%(name)s has been created. You are its convenor.") % {"name": group.name},
        )
        return redirect(group)
    return render(
        request, "groups/group_form.html", {"form": form, "page_title": gettext("Start a group")}
    )


def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    group = _visible_group(request, slug)
    from hub.standards.selectors import group_standards

    members = list(group_members(group)[:25])
    return render(
        request,
        "groups/group_detail.html",
        {
            "group": group,
            "page_title": group.name,
            "members": members,
            "services": list(group.services.order_by("name")),
            "member_count": group.memberships.filter(state=Membership.State.ACTIVE).count(),
            "standards": group_standards(group),
            "activity": group_activity(group, limit=15),
            "membership": group_membership_of(group, request.user),
            "is_convenor": group_is_convenor(group, request.user),
            "can_edit": group_can_edit(group, request.user),
        },
    )


@login_required
def group_edit(request: HttpRequest, slug: str) -> HttpResponse:
    group = _convenor_group(request, slug)
    form = GroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        group.refresh_from_db()  # ModelForm already changed the instance; the service saves it
        services.group_update(group=group, actor=request.user, **fields)
        messages.success(request, gettext("The group's settings have been saved."))
        return redirect(group)
    return render(
        request,
        "groups/group_form.html",
        {
            "form": form,
            "group": group,
            "page_title": gettext("Settings: %(name)s") % {"name": group.name},
        },
    )


def _members_page(request: HttpRequest, group: WorkingGroup, *, add_form=None, status=200):
    is_convenor = group_is_convenor(group, request.user)
    return render(
        request,
        "groups/group_members.html",
        {
            "group": group,
            "page_title": gettext("Members of %(name)s") % {"name": group.name},
            "members": group_members(group),
            "requests": group_pending_requests(group) if is_convenor else [],
            "is_convenor": is_convenor,
            "roles": Membership.Role.choices,
            "add_form": (add_form or AddMemberForm(group=group)) if is_convenor else None,
        },
        status=status,
    )


def group_members_page(request: HttpRequest, slug: str) -> HttpResponse:
    return _members_page(request, _visible_group(request, slug))


@require_POST
@login_required
def member_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Convenors add a person by handle (the only way into a members-only group)."""
    group = _convenor_group(request, slug)
    form = AddMemberForm(request.POST, group=group)
    if form.is_valid():
        try:
            membership = services.group_member_add(
                group=group, actor=request.user, user=form.person, role=form.cleaned_data["role"]
            )
        except services.GroupError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                gettext("%(user)s is now a member of %(name)s (%(get_role_display)s).")
                % {
                    "user": membership.user,
                    "name": group.name,
                    "get_role_display": membership.get_role_display().lower(),
                },
            )
            return redirect("groups:members", slug=slug)
    return _members_page(request, group, add_form=form, status=400)


@require_POST
@login_required
def group_join(request: HttpRequest, slug: str) -> HttpResponse:
    group = _visible_group(request, slug)
    try:
        membership = services.group_join(group=group, user=request.user)
    except services.GroupError as error:
        messages.error(request, error.message)
    else:
        if membership.state == Membership.State.ACTIVE:
            messages.success(request, gettext("You have joined %(name)s.") % {"name": group.name})
        else:
            messages.success(request, gettext("You have asked to join. A convenor will reply."))
    return redirect(group)


@require_POST
@login_required
def group_leave(request: HttpRequest, slug: str) -> HttpResponse:
    group = _visible_group(request, slug)
    try:
        services.group_leave(group=group, user=request.user)
    except services.GroupError as error:
        messages.error(request, error.message)
        return redirect(group)
    messages.success(request, gettext("You have left %(name)s.") % {"name": group.name})
    if group_is_visible_to(group, request.user):
        return redirect(group)
    return redirect("groups:list")


def _membership(request: HttpRequest, slug: str, pk: int) -> Membership:
    group = _convenor_group(request, slug)
    return get_object_or_404(Membership.objects.select_related("group", "user"), pk=pk, group=group)


@require_POST
@login_required
def request_decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = _membership(request, slug, pk)
    approve = request.POST.get("decision") == "approve"
    name = str(membership.user)
    try:
        services.group_request_decide(membership=membership, actor=request.user, approve=approve)
    except services.GroupError as error:
        messages.error(request, error.message)
    else:
        done = (
            gettext("%(name)s is now a member.") if approve else gettext("%(name)s was declined.")
        )
        messages.success(request, done % {"name": name})
    return redirect("groups:members", slug=slug)


@require_POST
@login_required
def membership_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = _membership(request, slug, pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Choose convenor, editor or member."))
        return redirect("groups:members", slug=slug)
    try:
        services.membership_set_role(
            membership=membership, actor=request.user, role=form.cleaned_data["role"]
        )
    except services.GroupError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            gettext("%(user)s is now %(get_role_display)s.")
            % {"user": membership.user, "get_role_display": membership.get_role_display()},
        )
    return redirect("groups:members", slug=slug)


@require_POST
@login_required
def membership_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = _membership(request, slug, pk)
    try:
        services.membership_remove(membership=membership, actor=request.user)
    except services.GroupError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            gettext("%(user)s has been removed from the group.") % {"user": membership.user},
        )
    return redirect("groups:members", slug=slug)
