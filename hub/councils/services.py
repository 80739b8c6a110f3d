"""Writes for councils: the mySociety CSV import."""

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache
from django.db import transaction
from django.utils.text import slugify

from hub.core.imports import CsvImportError
from hub.councils.models import Council, CouncilType, Nation
from hub.councils.selectors import COUNCIL_CHOICES_KEY
from search.outbox import index_later

REQUIRED_COLUMNS = {
    "local-authority-code",
    "official-name",
    "nice-name",
    "nation",
    "local-authority-type",
}
FIELD_LIMITS = {"local-authority-code": 8, "official-name": 200, "nice-name": 120, "gss-code": 9}


class CouncilImportError(CsvImportError):
    """The file cannot be imported; ``problems`` lists each bad line. Nothing was changed."""


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_ended: int = 0
    codes: list[str] = field(default_factory=list)


def _parse_date(value: str, line: int, column: str, problems: list[str]) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.append(f"line {line}: {column} '{value}' is not a date like 2023-04-01")
        return None


def _row_to_fields(row: dict[str, str], line: int, problems: list[str]) -> dict | None:
    row = {key: (value or "").strip() for key, value in row.items() if key}
    missing = [column for column in sorted(REQUIRED_COLUMNS) if not row.get(column)]
    if missing:
        problems.append(f"line {line}: missing {', '.join(missing)}")
        return None
    for column, limit in FIELD_LIMITS.items():
        if len(row.get(column, "")) > limit:
            problems.append(f"line {line}: {column} is longer than {limit} characters")
            return None
    nation = row["nation"]
    if nation not in Nation.values:
        problems.append(f"line {line}: nation '{nation}' is not one of {', '.join(Nation.values)}")
        return None
    council_type = row["local-authority-type"]
    if council_type not in CouncilType.values:
        council_type = CouncilType.OTHER
    fields = {
        "code": row["local-authority-code"],
        "gss_code": row.get("gss-code", ""),
        "official_name": row["official-name"],
        "name": row["nice-name"],
        "slug_hint": row.get("gov-uk-slug") or slugify(row["nice-name"]),
        "council_type": council_type,
        "nation": nation,
        "region": row.get("region", "")[:60],
        "start_date": _parse_date(row.get("start-date", ""), line, "start-date", problems),
        "end_date": _parse_date(row.get("end-date", ""), line, "end-date", problems),
    }
    if row.get("website"):
        fields["website"] = row["website"][:300]
    return fields


def parse_council_rows(stream: Iterable[str]) -> list[dict]:
    """Read and validate every row first, so a bad line can stop the import before any write."""
    reader = csv.DictReader(stream)
    if not reader.fieldnames:
        raise CouncilImportError(["line 1: the file is empty; expected mySociety's CSV header"])
    missing = REQUIRED_COLUMNS - set(reader.fieldnames)
    if missing:
        raise CouncilImportError(
            [f"line 1: the header lacks {', '.join(sorted(missing))}; is this mySociety's "
             "uk_local_authorities_current.csv?"]
        )  # fmt: skip
    problems: list[str] = []
    rows: list[dict] = []
    seen: dict[str, int] = {}
    try:
        for row in reader:
            line = reader.line_num
            if None in row:
                problems.append(f"line {line}: more values than the header has columns")
                continue
            fields = _row_to_fields(row, line, problems)
            if fields is None:
                continue
            if fields["code"] in seen:
                problems.append(
                    f"line {line}: code {fields['code']} already appeared on line {seen[fields['code']]}"
                )
                continue
            seen[fields["code"]] = line
            fields["line"] = line
            rows.append(fields)
    except csv.Error as error:
        problems.append(f"line {reader.line_num}: {error}")
    if problems:
        raise CouncilImportError(problems)
    return rows


def _unique_slug(hint: str, code: str, taken: set[str]) -> str:
    slug = slugify(hint)[:110] or code.lower()
    if slug in taken:
        slug = f"{slug}-{code.lower()}"
    taken.add(slug)
    return slug


@transaction.atomic
def councils_import(
    *,
    text: str,
    include_ended: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Create or update councils from mySociety CSV text. All or nothing; safe to repeat.

    Rows are matched on ``local-authority-code``, so a re-import updates names, types and dates
    in place. A website already set on the hub is kept unless the file has a ``website`` column.
    """
    rows = parse_council_rows(io.StringIO(text.lstrip("\ufeff")))
    result = ImportResult()
    existing = {council.code: council for council in Council.objects.all()}
    taken_slugs = {council.slug for council in existing.values()}
    to_create: list[Council] = []
    to_update: list[Council] = []
    update_fields = [
        "gss_code", "official_name", "name", "council_type", "nation", "region",
        "start_date", "end_date", "website",
    ]  # fmt: skip
    for index, fields in enumerate(rows, start=1):
        fields = dict(fields)
        fields.pop("line")
        slug_hint = fields.pop("slug_hint")
        if fields["end_date"] is not None and not include_ended:
            result.skipped_ended += 1
            continue
        council = existing.get(fields["code"])
        if council is None:
            council = Council(**fields, slug=_unique_slug(slug_hint, fields["code"], taken_slugs))
            to_create.append(council)
            result.created += 1
        else:
            changed = any(getattr(council, name) != value for name, value in fields.items())
            if changed:
                for name, value in fields.items():
                    setattr(council, name, value)
                to_update.append(council)
                result.updated += 1
            else:
                result.unchanged += 1
        result.codes.append(fields["code"])
        if progress:
            progress(index, len(rows))
    Council.objects.bulk_create(to_create, batch_size=500)
    Council.objects.bulk_update(to_update, update_fields, batch_size=500)
    if to_create or to_update:  # drop-downs list the new names after commit
        transaction.on_commit(lambda: cache.delete(COUNCIL_CHOICES_KEY))
    # Bulk writes skip save(), so queue search indexing here: imported councils are
    # searchable without a reindex (in the same transaction: a failed import queues nothing).
    changed_codes = [c.code for c in to_create + to_update]
    for start in range(0, len(changed_codes), 500):
        index_later(*Council.objects.filter(code__in=changed_codes[start : start + 500]))
    return result
