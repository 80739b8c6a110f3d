"""Writes for standards, one module per concern:

- ``drafting``: starting a standard, its details, saving the draft (revision-checked);
- ``schemas``: the machine-readable parts of a draft (JSON Schema, examples, OpenAPI);
- ``publishing``: the draft becomes an immutable version, threads are carried forward;
- ``workflow``: the status workflow and closing consultations (scheduler);
- ``threads``: comment threads and replies;
- ``adoption``: following, the adoption register;
- ``conformance``: validator runs and checks of councils' registered endpoints.

Every rule a web form enforces is enforced here too, so other callers (the discussions app
turning a chat thread into a comment with ``thread_open``, management commands, the API)
cannot bypass them. Refusals raise a ``StandardsError`` subclass whose ``message`` is written for
the person who asked. Import from this package (``from hub.standards.services import ...``);
the modules are an internal arrangement.
"""

from hub.standards.services.adoption import (
    adoption_declare,
    adoption_withdraw,
    standard_follow_set,
    standards_reindex_for_group,
)
from hub.standards.services.conformance import (
    adoption_endpoint_set,
    endpoint_answer_record,
    endpoint_check,
    endpoints_check_due,
    endpoints_due,
)
from hub.standards.services.drafting import (
    RESERVED_SLUGS,
    standard_create,
    standard_draft_save,
    standard_update,
)
from hub.standards.services.errors import (
    AnchorNotFound,
    BreakingChangeUnconfirmed,
    DraftConflict,
    InvalidInput,
    InvalidTransition,
    NotAllowed,
    NothingToPublish,
    RateLimited,
    StandardNotFound,
    StandardsError,
)
from hub.standards.services.publishing import (
    PublishPlan,
    next_number,
    publish_plan,
    standard_version_publish,
)
from hub.standards.services.schemas import (
    PartConflict,
    draft_part_delete,
    draft_part_save,
)
from hub.standards.services.threads import (
    COMMENT_MAX_CHARS,
    DECISIONS,
    thread_anchor_set,
    thread_decide,
    thread_open,
    thread_reply,
)
from hub.standards.services.validation import (
    validation_run_execute,
    validation_run_start,
    validation_runs_purge,
)
from hub.standards.services.workflow import (
    TRANSITIONS,
    allowed_transitions,
    consultations_close_due,
    standard_close_consultation_if_due,
    standard_status_change,
)

__all__ = [
    "COMMENT_MAX_CHARS",
    "DECISIONS",
    "RESERVED_SLUGS",
    "TRANSITIONS",
    "AnchorNotFound",
    "BreakingChangeUnconfirmed",
    "DraftConflict",
    "InvalidInput",
    "InvalidTransition",
    "NotAllowed",
    "NothingToPublish",
    "PartConflict",
    "PublishPlan",
    "RateLimited",
    "StandardNotFound",
    "StandardsError",
    "adoption_declare",
    "adoption_endpoint_set",
    "adoption_withdraw",
    "allowed_transitions",
    "consultations_close_due",
    "draft_part_delete",
    "draft_part_save",
    "endpoint_answer_record",
    "endpoint_check",
    "endpoints_check_due",
    "endpoints_due",
    "next_number",
    "publish_plan",
    "standard_close_consultation_if_due",
    "standard_create",
    "standard_draft_save",
    "standard_follow_set",
    "standard_status_change",
    "standard_update",
    "standard_version_publish",
    "standards_reindex_for_group",
    "thread_anchor_set",
    "thread_decide",
    "thread_open",
    "thread_reply",
    "validation_run_execute",
    "validation_run_start",
    "validation_runs_purge",
]
