"""The OpenAPI document's words as the reference page shows them, listed for translation.

The OpenAPI document (``/api/v1/openapi.json``) stays English: it is read by programs and its
operations' names are identifiers. The human reference (``/api/``) shows its tags, summaries
and descriptions translated where these msgids have Welsh (``hub/api/views.py``); anything not
listed here is shown in English, marked ``lang="en-GB"``. ``tests/i18n/test_api_reference_cy.py``
lists what is missing when an operation is added or reworded.
"""

from django.utils.translation import gettext_noop

OPENAPI_TEXT = [
    gettext_noop("Directory"),
    gettext_noop("List Councils"),
    gettext_noop("Current councils, by name. Filters match the council directory page."),
    gettext_noop("Get Council"),
    gettext_noop("List Services"),
    gettext_noop("Service topics (LGSL-style), by name."),
    gettext_noop("Get Service"),
    gettext_noop("List People"),
    gettext_noop("Practitioners with complete profiles. Filters match the people directory."),
    gettext_noop("Get Person"),
    gettext_noop("Search"),
    gettext_noop(
        "Search everything the caller may see, with the search page's facets and filters.\n\nSearch pages by number (it ranks, so a cursor would not be stable)."
    ),
    gettext_noop("Posts and comments"),
    gettext_noop("List Posts"),
    gettext_noop(
        "Published posts, newest first. Filters match the blog pages (tag, council, author)."
    ),
    gettext_noop("An author's handle"),
    gettext_noop("Create Post"),
    gettext_noop(
        "Write a post (a draft unless ``status`` is published). Same limits as the editor."
    ),
    gettext_noop("draft or published"),
    gettext_noop("Council slugs; omitted means your profile's council"),
    gettext_noop("Get Post"),
    gettext_noop("A post with its body. The ETag is what ``update_post`` needs in If-Match."),
    gettext_noop("Update Post"),
    gettext_noop(
        "Change your post. Send ``If-Match`` with the ETag from ``get_post``: if the post changed\nsince, the answer is 412 with the current post, and nothing is overwritten."
    ),
    gettext_noop("List Comments"),
    gettext_noop(
        "Comments on a post, oldest first (``parent_id`` gives the nesting). Deleted and hidden\ncomments are left out, except your own hidden ones and, for moderators, all hidden ones."
    ),
    gettext_noop("Create Comment"),
    gettext_noop("Comment on a published post, or reply to a comment; the author is notified."),
    gettext_noop("Working groups and standards"),
    gettext_noop("List Groups"),
    gettext_noop("Working groups the caller may see (members-only groups only to their members)."),
    gettext_noop("Get Group"),
    gettext_noop("List Standards"),
    gettext_noop("Standards the caller may see. Filters match the standards page, plus ``group``."),
    gettext_noop("Get Standard"),
    gettext_noop("List Versions"),
    gettext_noop("Every published version, newest first (a standard has few; no paging)."),
    gettext_noop("Get Version"),
    gettext_noop(
        "One immutable version with its sections and paragraphs, each with its stable anchor."
    ),
    gettext_noop("List Threads"),
    gettext_noop("Comment threads on the standard, oldest first, like the consultation summary."),
    gettext_noop("open, resolved, accepted or rejected"),
    gettext_noop("Threads shown on this version, like 1.2"),
    gettext_noop("Open Thread"),
    gettext_noop("Comment on one section or paragraph of the latest version."),
    gettext_noop("A section or paragraph anchor"),
    gettext_noop("Defaults to the latest version"),
    gettext_noop("Get Thread"),
    gettext_noop("A thread with every reply, in reading order (``parent_id`` gives the nesting)."),
    gettext_noop("Reply"),
    gettext_noop("Reply in a thread; its author (and the replied-to person) are notified."),
    gettext_noop("Reply to this reply rather than the thread"),
    gettext_noop("List Adoptions"),
    gettext_noop(
        "The adoption register: current declarations by council (with the audit if asked)."
    ),
    gettext_noop("Declare Adoption"),
    gettext_noop("Declare that your profile's council adopted (or is implementing) a version."),
    gettext_noop("The version adopted, like 1.0"),
    gettext_noop("adopted or implementing"),
    gettext_noop(
        "Your live endpoint or data address (https://), checked daily against the version; see get_standard_conformance"
    ),
    gettext_noop("Standards: schemas, validator and conformance"),
    gettext_noop("Get Version Schemas"),
    gettext_noop(
        "The version's machine-readable parts (frozen at publication) and what its validator can\ncheck data against."
    ),
    gettext_noop("A published version, like 1.2"),
    gettext_noop("Get Schema"),
    gettext_noop("One part of a version, as JSON (the same document as its download address)."),
    gettext_noop("Run Validator"),
    gettext_noop(
        "Check data against the version, like the validator page: pasted text is checked at\nonce; a web address is fetched by a background job. Counts against the page's hourly\nlimit."
    ),
    gettext_noop(
        "A key from get_standard_version_schemas' validation_targets; by default the version's data schema"
    ),
    gettext_noop("The JSON to check, as text (line and column in the report refer to it)"),
    gettext_noop(
        "Or a web address for the hub to fetch and check in the background: the run starts queued; read it again until its state is done or failed"
    ),
    gettext_noop("Get Validation Run"),
    gettext_noop(
        "A validator report (including endpoint checks' reports), while it is kept. A run that\nis still queued or running changes as it goes: read it again until it is done or failed."
    ),
    gettext_noop("Get Conformance"),
    gettext_noop("Councils' current declarations and whether their registered endpoints conform."),
    gettext_noop("List Checks"),
    gettext_noop("The history of a declaration's endpoint checks, newest first (the last 90)."),
    gettext_noop("Channels and messages"),
    gettext_noop("List Channels"),
    gettext_noop("Channels the caller may see, with unread counts, like the channel list page."),
    gettext_noop("Get Channel"),
    gettext_noop("List Messages"),
    gettext_noop("Messages newest first; ``next_cursor`` pages back through the history."),
    gettext_noop("Post Message"),
    gettext_noop(
        "Post in a channel; it reaches everyone connected live, exactly as from the page."
    ),
    gettext_noop("Reply in the thread of this message"),
    gettext_noop("Projects and artefacts"),
    gettext_noop("List Projects"),
    gettext_noop("Projects, most recently updated first. Filters match the projects page."),
    gettext_noop("Get Project"),
    gettext_noop("List Updates"),
    gettext_noop("The project's status updates, newest first."),
    gettext_noop("Post Update"),
    gettext_noop("Post a status update (project team only); watchers are told."),
    gettext_noop("List Artefacts"),
    gettext_noop(
        "Artefacts (documents, code, research), newest first. Filters match the artefacts page."
    ),
    gettext_noop("Get Artefact"),
    gettext_noop("Download Artefact"),
    gettext_noop(
        "The uploaded file, served as an attachment that browsers will neither sniff nor render."
    ),
]
