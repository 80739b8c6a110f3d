"""Pages for shared work: services (prior work), projects, artefacts. Thin: forms in, services out."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from hub.core.contributions import collect
from hub.core.ratelimit import rate_limit_consume
from hub.follows.selectors import follower_ids
from hub.sharing import selectors, services, uploads
from hub.sharing.forms import (
    ArtefactFilterForm,
    ArtefactForm,
    CollaborationForm,
    PhaseForm,
    ProjectFilterForm,
    ProjectForm,
    ProjectUpdateForm,
)
from hub.sharing.models import Artefact, Collaboration, Project, ServiceTopic
from hub.sharing.upload_request import raw_upload_name, upload_view

CREATE_RATE = "20/h"


def _needs_council(request: HttpRequest) -> HttpResponse | None:
    """Sharing is on behalf of a council: send members without one to their profile first."""
    if selectors.user_council(request.user) is None:
        messages.info(
            request,
            gettext("Add your council to your profile first: shared work belongs to a council."),
        )
        return redirect("accounts:edit")
    return None


def _rate_limited(request: HttpRequest, form, action: str) -> bool:
    if rate_limit_consume(f"sharing:{action}:{request.user.pk}", CREATE_RATE):
        return False
    form.add_error(
        None, gettext("You have shared a lot in the last hour. Wait a while and try again.")
    )
    return True


# --- Services ---------------------------------------------------------------------------------


def service_index(request: HttpRequest) -> HttpResponse:
    topics = selectors.service_topic_list()
    return render(
        request, "sharing/service_list.html", {"topics": topics, "page_title": gettext("Services")}
    )


def service_detail(request: HttpRequest, slug: str) -> HttpResponse:
    topic = get_object_or_404(ServiceTopic.objects.select_related("parent"), slug=slug)
    context = selectors.service_page(topic, request.user)
    context["page_title"] = topic.name
    context["children"] = list(topic.children.order_by("name"))
    return render(request, "sharing/service_detail.html", context)


# --- Projects ---------------------------------------------------------------------------------


def project_list(request: HttpRequest) -> HttpResponse:
    form = ProjectFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    projects = selectors.project_list(
        phase=filters.get("phase", ""),
        service=filters.get("service"),
        query=filters.get("q", ""),
        tag=filters.get("tag", ""),
    )
    page = Paginator(projects, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "sharing/project_list.html",
        {
            "form": form,
            "page": page,
            "page_title": gettext("Projects"),
            "tag": filters.get("tag", ""),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_new(request: HttpRequest) -> HttpResponse:
    if response := _needs_council(request):
        return response
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not _rate_limited(request, form, "create"):
        data = form.cleaned_data
        project = services.project_create(
            user=request.user,
            title=data["title"],
            summary=data["summary"],
            phase=data["phase"],
            phase_since=data.get("phase_since"),
            started_on=data.get("started_on"),
            collaboration_welcome=data["collaboration_welcome"],
            services=data["services"],
            tags=data["tags"],
        )
        messages.success(
            request, gettext("Your project is registered. Add artefacts others can reuse.")
        )
        return redirect(project)
    return render(
        request,
        "sharing/project_form.html",
        {
            "form": form,
            "page_title": gettext("Register a project"),
            "council": selectors.user_council(request.user),
        },
    )


def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    project = selectors.project_detail(slug)
    if project is None or not selectors.project_is_visible_to(project, request.user):
        raise Http404("No such project")
    user = request.user
    can_manage = selectors.project_can_manage(project, user)
    council = selectors.user_council(user)
    collaborations = list(project.collaborations.all())
    own_collaboration = next(
        (c for c in collaborations if council is not None and c.council_id == council.pk), None
    )
    reuses = list(project.reuses.all())
    return render(
        request,
        "sharing/project_detail.html",
        {
            "project": project,
            "page_title": project.title,
            "can_manage": can_manage,
            "can_post_update": selectors.project_can_post_update(project, user),
            "user_council": council,
            "collaborations": collaborations,
            "approved": [c for c in collaborations if c.state == Collaboration.State.APPROVED],
            "pending": [c for c in collaborations if c.state == Collaboration.State.REQUESTED],
            "own_collaboration": own_collaboration,
            "can_ask": council is not None
            and council.pk != project.owner_council_id
            and own_collaboration is None
            and project.collaboration_welcome,
            "reuses": reuses,
            "council_reuses": council is not None
            and any(r.council_id == council.pk for r in reuses),
            "updates": project.updates.select_related("author__profile")[:50],
            "phase_changes": project.phase_changes.select_related("changed_by__profile"),
            "watcher_count": len(follower_ids(target_type="project", target_id=project.pk)),
            "update_form": ProjectUpdateForm() if user.is_authenticated else None,
            "phase_form": PhaseForm(initial={"changed_on": timezone.localdate()})
            if can_manage
            else None,
            # Sections other apps add (e.g. pledges' "Backing"), via ``project_sections`` modules.
            "project_sections": collect("project_sections", request, project),
        },
    )


def _get_project(slug: str, user=None) -> Project:
    project = get_object_or_404(Project.objects.select_related("owner_council"), slug=slug)
    if not selectors.project_is_visible_to(project, user):
        raise Http404("No such project")  # hidden by a moderator
    return project


def _get_artefact(slug: str, user=None) -> Artefact:
    artefact = get_object_or_404(Artefact, slug=slug)
    if not selectors.artefact_is_visible_to(artefact, user):
        raise Http404("No such artefact")  # hidden by a moderator
    return artefact


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, slug: str) -> HttpResponse:
    project = _get_project(slug, request.user)
    if not selectors.project_can_manage(project, request.user):
        raise Http404("No such project")  # do not reveal the edit form exists
    initial = {
        "title": project.title,
        "summary": project.summary,
        "started_on": project.started_on,
        "collaboration_welcome": project.collaboration_welcome,
        "services": list(project.services.all()),
        "tags": list(project.tags.names()),
    }
    form = ProjectForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.project_edit(
            project=project,
            user=request.user,
            title=data["title"],
            summary=data["summary"],
            started_on=data.get("started_on"),
            collaboration_welcome=data["collaboration_welcome"],
            services=data["services"],
            tags=data["tags"],
        )
        messages.success(request, gettext("The project has been saved."))
        return redirect(project)
    return render(
        request,
        "sharing/project_form.html",
        {
            "form": form,
            "project": project,
            "page_title": gettext("Edit %(title)s") % {"title": project.title},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_phase(request: HttpRequest, slug: str) -> HttpResponse:
    project = _get_project(slug, request.user)
    if not selectors.project_can_manage(project, request.user):
        raise Http404("No such project")
    form = PhaseForm(request.POST or None, initial={"phase": project.phase})
    if request.method == "POST" and form.is_valid():
        try:
            services.project_phase_set(
                project=project,
                user=request.user,
                phase=form.cleaned_data["phase"],
                changed_on=form.cleaned_data.get("changed_on"),
                note=form.cleaned_data["note"],
            )
        except services.SharingError as error:
            form.add_error("phase", str(error))
        else:
            messages.success(
                request,
                gettext("%(title)s is now in %(get_phase_display)s.")
                % {
                    "title": project.title,
                    "get_phase_display": project.get_phase_display().lower(),
                },
            )
            return redirect(project)
    return render(
        request,
        "sharing/project_phase.html",
        {
            "form": form,
            "project": project,
            "page_title": gettext("Change phase: %(title)s") % {"title": project.title},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_update_new(request: HttpRequest, slug: str) -> HttpResponse:
    project = _get_project(slug, request.user)
    if not selectors.project_can_post_update(project, request.user):
        raise Http404("No such project")
    form = ProjectUpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not _rate_limited(request, form, "update"):
        services.project_update_post(
            project=project, user=request.user, body=form.cleaned_data["body"]
        )
        messages.success(request, gettext("Your update is posted and watchers have been told."))
        return redirect(project.get_absolute_url() + "#updates")
    return render(
        request,
        "sharing/project_update_form.html",
        {
            "form": form,
            "project": project,
            "page_title": gettext("Post an update: %(title)s") % {"title": project.title},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_collaborate(request: HttpRequest, slug: str) -> HttpResponse:
    project = _get_project(slug, request.user)
    if response := _needs_council(request):
        return response
    form = CollaborationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.collaboration_request(
                project=project, user=request.user, message=form.cleaned_data["message"]
            )
        except services.SharingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                gettext("Your request has been sent to the %(name)s team.")
                % {"name": project.owner_council.name},
            )
            return redirect(project)
    return render(
        request,
        "sharing/project_collaborate.html",
        {
            "form": form,
            "project": project,
            "council": selectors.user_council(request.user),
            "page_title": gettext("Ask to collaborate: %(title)s") % {"title": project.title},
        },
    )


@login_required
@require_POST
def collaboration_decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _get_project(slug, request.user)
    collaboration = get_object_or_404(Collaboration, pk=pk, project=project)
    if not selectors.project_can_manage(project, request.user):
        raise Http404("No such request")
    approve = request.POST.get("decision") == "approve"
    services.collaboration_decide(collaboration=collaboration, user=request.user, approve=approve)
    messages.success(
        request,
        (
            gettext("%(name)s is now collaborating.")
            if approve
            else gettext("%(name)s was declined.")
        )
        % {"name": collaboration.council.name},
    )
    return redirect(project.get_absolute_url() + "#collaborators")


@login_required
@require_POST
def project_reuse(request: HttpRequest, slug: str) -> HttpResponse:
    project = _get_project(slug, request.user)
    return _reuse(request, project=project)


def _reuse(
    request: HttpRequest, *, project: Project | None = None, artefact: Artefact | None = None
):
    target = project or artefact
    reusing = request.POST.get("reusing") != "0"
    try:
        services.reuse_set(user=request.user, reusing=reusing, project=project, artefact=artefact)
    except services.SharingError as error:
        messages.error(request, str(error))
    else:
        council = selectors.user_council(request.user)
        messages.success(
            request,
            gettext("Recorded: %(name)s uses this too.") % {"name": council.name}
            if reusing
            else gettext("Removed %(name)s from the councils using this.") % {"name": council.name},
        )
    return redirect(target.get_absolute_url() + "#reuse")


# --- Artefacts --------------------------------------------------------------------------------


def artefact_list(request: HttpRequest) -> HttpResponse:
    form = ArtefactFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    artefacts = selectors.artefact_list(
        kind=filters.get("kind", ""), service=filters.get("service"), query=filters.get("q", "")
    )
    page = Paginator(artefacts, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "sharing/artefact_list.html",
        {"form": form, "page": page, "page_title": gettext("Artefacts")},
    )


@login_required
@upload_view
@require_http_methods(["GET", "POST"])
def artefact_new(request: HttpRequest) -> HttpResponse:
    if response := _needs_council(request):
        return response
    project = None
    project_slug = request.GET.get("project") or request.POST.get("project")
    if project_slug:
        project = Project.objects.filter(slug=project_slug, is_hidden=False).first()
        if project is None or not selectors.project_can_post_update(project, request.user):
            raise Http404("No such project")
    initial = {"services": list(project.services.all())} if project else {}
    form = ArtefactForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        raw_file_name=raw_upload_name(request),
        upload_too_large=getattr(request, "upload_too_large", False),
    )
    if request.method == "POST" and form.is_valid() and not _rate_limited(request, form, "create"):
        data = form.cleaned_data
        artefact = services.artefact_create(
            user=request.user,
            kind=data["kind"],
            title=data["title"],
            description=data["description"],
            licence=data["licence"],
            published_on=data.get("published_on"),
            url=data.get("url", ""),
            project=project,
            councils=data["councils"],
            services=data["services"],
            tags=data["tags"],
            upload=form.checked_upload,
        )
        if artefact.extraction_status == "failed":
            messages.warning(
                request,
                gettext(
                    "Your artefact is shared. We could not read the text inside the file, so search "
                    "will find it by its title and description only."
                ),
            )
        else:
            messages.success(request, gettext("Your artefact is shared."))
        return redirect(artefact)
    return render(
        request,
        "sharing/artefact_form.html",
        {"form": form, "project": project, "page_title": gettext("Share an artefact")},
    )


def artefact_detail(request: HttpRequest, slug: str) -> HttpResponse:
    artefact = selectors.artefact_detail(slug)
    if artefact is None or not selectors.artefact_is_visible_to(artefact, request.user):
        raise Http404("No such artefact")
    council = selectors.user_council(request.user)
    reuses = list(artefact.reuses.all())
    return render(
        request,
        "sharing/artefact_detail.html",
        {
            "artefact": artefact,
            "page_title": artefact.title,
            "can_edit": selectors.artefact_can_edit(artefact, request.user),
            "user_council": council,
            "reuses": reuses,
            "council_reuses": council is not None
            and any(r.council_id == council.pk for r in reuses),
            "is_contributing_council": council is not None
            and any(c.pk == council.pk for c in artefact.councils.all()),
            "file_type_label": uploads.ALLOWED_TYPES.get(artefact.file_type, ("",))[0],
        },
    )


@login_required
@upload_view
@require_http_methods(["GET", "POST"])
def artefact_edit(request: HttpRequest, slug: str) -> HttpResponse:
    artefact = _get_artefact(slug, request.user)
    if not selectors.artefact_can_edit(artefact, request.user):
        raise Http404("No such artefact")
    initial = {
        "title": artefact.title,
        "kind": artefact.kind,
        "description": artefact.description,
        "url": artefact.url,
        "licence": artefact.licence,
        "published_on": artefact.published_on,
        "councils": list(artefact.councils.all()),
        "services": list(artefact.services.all()),
        "tags": list(artefact.tags.names()),
    }
    form = ArtefactForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        raw_file_name=raw_upload_name(request),
        upload_too_large=getattr(request, "upload_too_large", False),
        has_file=artefact.has_file,
    )
    form.fields["councils"].label = gettext("Contributing councils")
    form.fields["councils"].help_text = gettext("Choose all that apply.")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.artefact_edit(
            artefact=artefact,
            user=request.user,
            kind=data["kind"],
            title=data["title"],
            description=data["description"],
            licence=data["licence"],
            published_on=data.get("published_on") or artefact.published_on,
            url=data.get("url", ""),
            councils=data["councils"],
            services=data["services"],
            tags=data["tags"],
            upload=form.checked_upload,
        )
        messages.success(request, gettext("The artefact has been saved."))
        return redirect(artefact)
    return render(
        request,
        "sharing/artefact_form.html",
        {
            "form": form,
            "artefact": artefact,
            "page_title": gettext("Edit %(title)s") % {"title": artefact.title},
        },
    )


def artefact_download(request: HttpRequest, slug: str) -> FileResponse:
    """Serve an upload as an attachment that browsers will neither sniff nor render."""
    artefact = _get_artefact(slug, request.user)
    if not artefact.file_path or not default_storage.exists(artefact.file_path):
        raise Http404("This artefact has no file")
    content_type = uploads.ALLOWED_TYPES[artefact.file_type][2]
    response = FileResponse(
        default_storage.open(artefact.file_path, "rb"),
        as_attachment=True,
        filename=uploads.safe_download_name(artefact.file_name, artefact.file_type),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Belt and braces should a browser ever display it: no scripts, no same-origin access.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_POST
def artefact_reuse(request: HttpRequest, slug: str) -> HttpResponse:
    artefact = _get_artefact(slug, request.user)
    return _reuse(request, artefact=artefact)
