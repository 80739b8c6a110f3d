"""Reads for standards, one module per concern, and the rules that decide who may see, comment,
edit and decide (``access``). Import from this package; the modules are an internal
arrangement:

- ``access``: visibility and permissions (always derived from the group);
- ``versions``: versions, blocks, status history;
- ``standards``: lists of standards (this app's pages, home page, group and council pages);
- ``threads``: comment threads and the consultation summary;
- ``adoption``: the adoption register and its conformance state;
- ``statistics``: adoption over time and unanswered threads, for the community pages;
- ``schemas``: the machine-readable parts of drafts and versions, and the schema diff;
- ``conformance``: validator runs and endpoint checks (also for the JSON API).
"""

from hub.standards.selectors.access import (
    CLOSED_STATUSES,
    adoption_can_withdraw,
    comment_refusal,
    reply_refusal,
    standard_can_change_status,
    standard_can_edit,
    standard_is_visible_to,
    standards_visible_to,
    thread_is_visible_to,
)
from hub.standards.selectors.adoption import (
    adoption_audit,
    adoption_counts,
    current_adoptions,
    standards_adopted_by,
)
from hub.standards.selectors.conformance import (
    conformance_counts,
    conformance_label,
    endpoint_history,
    validation_run_for,
    validation_run_json,
)
from hub.standards.selectors.schemas import (
    draft_part,
    draft_parts,
    main_schema,
    openapi_part,
    schema_changes,
    validation_target,
    validation_targets,
    version_part,
    version_parts,
)
from hub.standards.selectors.standards import (
    group_standards,
    standard_list,
    standards_in_consultation,
)
from hub.standards.selectors.statistics import (
    adoption_by_standard,
    adoption_series,
    conformance_series,
    threads_without_replies,
)
from hub.standards.selectors.threads import (
    consultation_summary,
    orphaned_threads,
    thread_detail,
    thread_replies_tree,
    threads_for_version,
)
from hub.standards.selectors.versions import (
    has_been_consulted,
    latest_version,
    standard_history,
    status_history,
    version_blocks,
    version_by_number,
)

__all__ = [
    "CLOSED_STATUSES",
    "adoption_audit",
    "adoption_by_standard",
    "adoption_can_withdraw",
    "adoption_counts",
    "adoption_series",
    "comment_refusal",
    "conformance_counts",
    "conformance_label",
    "conformance_series",
    "consultation_summary",
    "current_adoptions",
    "draft_part",
    "draft_parts",
    "endpoint_history",
    "group_standards",
    "has_been_consulted",
    "latest_version",
    "main_schema",
    "openapi_part",
    "orphaned_threads",
    "reply_refusal",
    "schema_changes",
    "standard_can_change_status",
    "standard_can_edit",
    "standard_history",
    "standard_is_visible_to",
    "standard_list",
    "standards_adopted_by",
    "standards_in_consultation",
    "standards_visible_to",
    "status_history",
    "thread_detail",
    "thread_is_visible_to",
    "thread_replies_tree",
    "threads_for_version",
    "threads_without_replies",
    "validation_run_for",
    "validation_run_json",
    "validation_target",
    "validation_targets",
    "version_blocks",
    "version_by_number",
    "version_part",
    "version_parts",
]
