"""Editing the draft's machine-readable parts, and downloading a version's parts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from hub.standards import selectors, services
from hub.standards.forms import SchemaPartForm
from hub.standards.models import PartKind
from hub.standards.views.common import require_editor, standard_for, version_for

CONTENT_TYPES = {
    PartKind.SCHEMA: "application/schema+json",
    PartKind.OPENAPI: "application/vnd.oai.openapi+json",
    PartKind.EXAMPLE: "application/json",
}


@login_required
def parts_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The draft's parts, and a form to add one."""
    standard = standard_for(request, slug)
    require_editor(request, standard)
    form = SchemaPartForm(request.POST or None, initial={"kind": PartKind.SCHEMA})
    if request.method == "POST" and form.is_valid():
        try:
            part = services.draft_part_save(
                standard=standard,
                editor=request.user,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
            )
        except services.InvalidInput as error:
            form.add_error("text" if "JSON" in error.message else None, error.message)
        except services.StandardsError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, gettext("“%(name)s” has been added to the draft.") % {"name": part.name}
            )
            return redirect("standards:parts", slug=standard.slug)
    return render(
        request,
        "standards/parts_list.html",
        {
            "standard": standard,
            "parts": selectors.draft_parts(standard),
            "form": form,
            "page_title": gettext("Schemas: %(title)s") % {"title": standard.title},
        },
        status=400 if form.errors else 200,
    )


def _edit_form(data=None, **kwargs) -> SchemaPartForm:
    form = SchemaPartForm(data, **kwargs)
    del form.fields["name"]  # a part keeps its name (it is in its download address)
    return form


@login_required
def part_edit(request: HttpRequest, slug: str, name: str) -> HttpResponse:
    standard = standard_for(request, slug)
    require_editor(request, standard)
    part = selectors.draft_part(standard, name)
    if part is None:
        raise Http404("No such part in the draft")
    conflict = None
    if request.method == "POST":
        form = _edit_form(request.POST)
        if form.is_valid():
            try:
                part = services.draft_part_save(
                    standard=standard,
                    editor=request.user,
                    name=part.name,
                    kind=form.cleaned_data["kind"],
                    text=form.cleaned_data["text"],
                    base_revision=form.cleaned_data["revision"] or 0,
                )
            except services.PartConflict as error:
                conflict = error.part
                data = request.POST.copy()
                data["revision"] = str(error.part.revision)
                form = _edit_form(data)
                form.is_valid()
                form.add_error(None, error.message)
            except services.InvalidInput as error:
                form.add_error("text", error.message)
            except services.StandardsError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    gettext("“%(name)s” saved (revision %(revision)s).")
                    % {"name": part.name, "revision": part.revision},
                )
                return redirect("standards:part_edit", slug=standard.slug, name=part.name)
    else:
        form = _edit_form(
            initial={
                "name": part.name,
                "kind": part.kind,
                "text": part.text,
                "revision": part.revision,
            }
        )
    return render(
        request,
        "standards/part_form.html",
        {
            "standard": standard,
            "part": part,
            "form": form,
            "conflict": conflict,
            "page_title": gettext("Edit %(part)s: %(title)s")
            % {"part": part.name, "title": standard.title},
        },
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def part_delete(request: HttpRequest, slug: str, name: str) -> HttpResponse:
    standard = standard_for(request, slug)
    require_editor(request, standard)
    services.draft_part_delete(standard=standard, editor=request.user, name=name)
    messages.success(
        request, gettext("“%(name)s” has been removed from the draft.") % {"name": name}
    )
    return redirect("standards:parts", slug=standard.slug)


def part_download(request: HttpRequest, slug: str, number: str, name: str = "") -> HttpResponse:
    """A version's part at a stable address: ``.../v/1.1/schema.json`` is the data schema,
    ``.../v/1.1/parts/<name>.json`` any part. Frozen at publication, so cacheable."""
    standard = standard_for(request, slug)
    version = version_for(standard, number)
    parts = selectors.version_parts(version)
    part = selectors.version_part(version, name) if name else selectors.main_schema(parts)
    if part is None:
        raise Http404("This version has no such schema")
    response = HttpResponse(part.text, content_type=f"{CONTENT_TYPES[part.kind]}; charset=utf-8")
    response["Content-Disposition"] = (
        f'inline; filename="{standard.slug}-{version.number}-{part.filename}"'
    )
    if standard.group.is_public:
        # Tools validate against the published schema straight from the hub.
        response["Access-Control-Allow-Origin"] = "*"
        response["Cache-Control"] = "public, max-age=86400"
    else:
        response["Cache-Control"] = "private"
    return response
