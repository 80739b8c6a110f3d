"""Models of the standards app: ``standards`` (standards, versions, blocks, threads, adoption)
and ``conformance`` (schema parts, validator runs, endpoint checks)."""

from hub.standards.models.conformance import (
    ConformanceState,
    EndpointCheck,
    PartKind,
    SchemaPart,
    ValidationRun,
)
from hub.standards.models.standards import (
    LICENCE_URLS,
    Adoption,
    AnchorStatus,
    Block,
    Comment,
    CommentThread,
    Licence,
    Outcome,
    Standard,
    StandardVersion,
    Status,
    StatusChange,
    ThreadMove,
    ThreadState,
)

__all__ = [
    "LICENCE_URLS",
    "Adoption",
    "AnchorStatus",
    "Block",
    "Comment",
    "CommentThread",
    "ConformanceState",
    "EndpointCheck",
    "Licence",
    "Outcome",
    "PartKind",
    "SchemaPart",
    "Standard",
    "StandardVersion",
    "Status",
    "StatusChange",
    "ThreadMove",
    "ThreadState",
    "ValidationRun",
]
