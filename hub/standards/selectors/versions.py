"""A standard's versions, their blocks and its status history."""

from __future__ import annotations

from hub.standards.models import (
    Block,
    Standard,
    StandardVersion,
    Status,
    StatusChange,
)


def latest_version(standard: Standard) -> StandardVersion | None:
    cached = getattr(standard, "_latest_version", False)
    if cached is not False:
        return cached
    version = standard.versions.order_by("-major", "-minor").first()
    standard._latest_version = version
    return version


def version_by_number(standard: Standard, number: str) -> StandardVersion | None:
    major, _, minor = number.partition(".")
    # ASCII digits only: "²".isdigit() is true but int("²") raises (a 500 from the API).
    if not (major.isascii() and minor.isascii() and major.isdigit() and minor.isdigit()):
        return None
    return standard.versions.filter(major=int(major), minor=int(minor)).first()


def version_blocks(version: StandardVersion) -> list[Block]:
    cached = getattr(version, "_blocks", None)
    if cached is None:
        cached = list(version.blocks.order_by("position"))
        version._blocks = cached
    return cached


def status_history(standard: Standard) -> list[StatusChange]:
    return list(standard.status_changes.select_related("actor__profile").order_by("created_at"))


def has_been_consulted(standard: Standard) -> bool:
    return standard.status_changes.filter(to_status=Status.CONSULTATION).exists()


def standard_history(
    standard: Standard, versions: list[StandardVersion] | None = None
) -> list[dict]:
    """Status changes and published versions in time order, for the History section."""
    if versions is None:
        versions = list(standard.versions.select_related("published_by__profile"))
    entries = [
        {"kind": "status", "at": c.created_at, "change": c} for c in status_history(standard)
    ]
    entries += [{"kind": "version", "at": v.published_at, "version": v} for v in versions]
    return sorted(entries, key=lambda entry: entry["at"])
