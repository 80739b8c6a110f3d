"""The community dashboard's aggregates as hand-written SQL: bench/dashboard.py's baseline.

Same filters, groupings and columns as the selectors the page uses (hub/community/panels/), run
on one cursor with no ORM and no rendering: where the page reads a column (a link's slug or
handle) the raw query reads it too, and where the page folds one query into two panels
(councils by nation and by type) the raw side runs that one query. Table names come from the models' metadata and every value
is a query parameter, hence the file-wide S608 exemption below.
"""
# ruff: noqa: S608

from __future__ import annotations

from datetime import timedelta


def raw_queries(since, until) -> list[tuple[str, list]]:
    from django.apps import apps
    from django.conf import settings
    from django.utils import timezone

    def t(label: str) -> str:
        return apps.get_model(label)._meta.db_table

    tz = settings.TIME_ZONE
    now = timezone.now()
    week_ago = now - timedelta(days=7)
    day = timedelta(days=1)
    week = f"DATE_TRUNC('week', {{}} AT TIME ZONE '{tz}')::date"
    published = "p.status = 'published' AND p.published_at <= %s AND NOT p.is_hidden"
    unanswered = (
        f"FROM {t('blog.Post')} p LEFT JOIN {t('accounts.Profile')} pr ON pr.user_id = p.author_id "
        f"WHERE {published} AND p.published_at < %s AND NOT EXISTS "
        f"(SELECT 1 FROM {t('blog.Comment')} c WHERE c.post_id = p.id "
        "AND NOT c.is_deleted AND NOT c.is_hidden)"
    )
    open_threads = (
        f"FROM {t('standards.CommentThread')} t JOIN {t('standards.Standard')} s "
        "ON s.id = t.standard_id WHERE t.state = 'open' AND t.created_at < %s "
        f"AND NOT EXISTS (SELECT 1 FROM {t('standards.Comment')} r WHERE r.thread_id = t.id)"
    )
    participation = (
        "SELECT c.nation, c.council_type, COUNT(DISTINCT c.id), "
        f"COUNT(DISTINCT c.id) FILTER (WHERE u.is_active) FROM {t('councils.Council')} c "
        f"LEFT JOIN {t('accounts.Profile')} pr ON pr.council_id = c.id "
        f"LEFT JOIN {t('accounts.User')} u ON u.id = pr.user_id "
        "WHERE c.end_date IS NULL GROUP BY 1, 2"
    )
    adoptions = (
        f"FROM {t('standards.Adoption')} a JOIN {t('standards.Standard')} s "
        "ON s.id = a.standard_id WHERE s.status <> 'draft'"
    )
    current = "a.withdrawn_at IS NULL AND a.kind = '{}'"
    committed = "FILTER (WHERE g.state = 'committed')"
    return [
        (
            f"SELECT {week.format('p.published_at')}, COUNT(*), ARRAY_AGG(DISTINCT p.author_id) "
            f"FROM {t('blog.Post')} p WHERE {published} "
            "AND p.published_at >= %s AND p.published_at < %s GROUP BY 1",
            [now, since, until],
        ),
        (
            f"SELECT {week.format('c.created_at')}, COUNT(*), ARRAY_AGG(DISTINCT c.author_id) "
            f"FROM {t('blog.Comment')} c WHERE NOT c.is_deleted AND NOT c.is_hidden "
            "AND c.created_at >= %s AND c.created_at < %s GROUP BY 1",
            [since, until],
        ),
        (
            f"SELECT {week.format('m.created_at')}, COUNT(*), ARRAY_AGG(DISTINCT m.author_id) "
            f"FROM {t('discussions.Message')} m WHERE m.deleted_at IS NULL "
            "AND m.created_at >= %s AND m.created_at < %s GROUP BY 1",
            [since, until],
        ),
        (participation, []),
        (
            f"SELECT a.kind, CASE WHEN a.declared_at >= %s THEN {week.format('a.declared_at')} "
            f"END, CASE WHEN a.withdrawn_at < %s THEN {week.format('a.withdrawn_at')} END, "
            f"COUNT(*) {adoptions} AND a.declared_at < %s "
            "AND (a.withdrawn_at IS NULL OR a.withdrawn_at >= %s) GROUP BY 1, 2, 3",
            [since, until, until, since],
        ),
        (
            f"SELECT {week.format('e.checked_at')}, COUNT(DISTINCT e.adoption_id), "
            "COUNT(DISTINCT e.adoption_id) FILTER (WHERE NOT e.conforms) "
            f"FROM {t('standards.EndpointCheck')} e JOIN {t('standards.Adoption')} a "
            f"ON a.id = e.adoption_id JOIN {t('standards.Standard')} s ON s.id = a.standard_id "
            "WHERE s.status <> 'draft' AND e.checked_at >= %s AND e.checked_at < %s GROUP BY 1",
            [since, until],
        ),
        (
            "SELECT s.title, s.slug, "
            f"COUNT(a.id) FILTER (WHERE {current.format('adopted')}), "
            f"COUNT(a.id) FILTER (WHERE {current.format('implementing')}) "
            f"FROM {t('standards.Standard')} s "
            f"LEFT JOIN {t('standards.Adoption')} a ON a.standard_id = s.id "
            "WHERE s.status <> 'draft' GROUP BY s.id ORDER BY 3 DESC, 4 DESC, s.title LIMIT 20",
            [],
        ),
        (f"SELECT phase, COUNT(*) FROM {t('sharing.Project')} GROUP BY 1", []),
        (
            f"SELECT p.phase, b.state, COUNT(*) FROM {t('pledges.BackingCall')} b "
            f"JOIN {t('sharing.Project')} p ON p.id = b.project_id GROUP BY 1, 2",
            [],
        ),
        (
            f"SELECT p.title, p.slug, c.name, b.settled_at, "
            f"SUM(g.amount_pounds) {committed}, SUM(g.staff_days) {committed}, "
            f"COUNT(g.id) {committed} FROM {t('pledges.BackingCall')} b "
            f"JOIN {t('sharing.Project')} p ON p.id = b.project_id "
            f"JOIN {t('councils.Council')} c ON c.id = p.owner_council_id "
            f"LEFT JOIN {t('pledges.Pledge')} g ON g.call_id = b.id "
            "WHERE b.state = 'backed' GROUP BY b.id, p.id, c.id "
            "ORDER BY b.settled_at DESC LIMIT 20",
            [],
        ),
        (
            f"SELECT p.title, p.slug, pr.handle, COUNT(*) OVER () {unanswered} "
            "ORDER BY p.published_at LIMIT 10",
            [now, week_ago],
        ),
        (
            f"SELECT t.id, s.title, s.slug, COUNT(*) OVER () {open_threads} "
            "ORDER BY t.created_at LIMIT 10",
            [week_ago],
        ),
        *_search_log(t("search.SearchLog"), now - timedelta(days=84)),
        (
            "SELECT COUNT(*) FILTER (WHERE created_at > %s), "
            "COUNT(*) FILTER (WHERE created_at <= %s AND created_at > %s), "
            "COUNT(*) FILTER (WHERE created_at <= %s AND created_at > %s), "
            "COUNT(*) FILTER (WHERE created_at <= %s), MIN(created_at) "
            f"FROM {t('moderation.Flag')} WHERE resolved_at IS NULL",
            [now - day, now - day, now - 3 * day, now - 3 * day, now - 7 * day, now - 7 * day],
        ),
    ]


def _search_log(table: str, since) -> list[tuple[str, list]]:
    """The three search-log tables (most frequent, found but never followed, found nothing),
    each one grouped statement with the engines that answered as an array, as search.api runs
    them on PostgreSQL."""
    stats = (
        "SELECT query, COUNT(*), SUM(clicks), COUNT(*) FILTER (WHERE hits = 0), "
        f"MAX(created_at), ARRAY_AGG(DISTINCT backend) FROM {table} WHERE created_at >= %s "
        "{where}GROUP BY 1 {having}ORDER BY 2 DESC, 5 DESC, 1 LIMIT 20"
    )
    never_followed = "HAVING SUM(clicks) = 0 AND COUNT(*) FILTER (WHERE hits = 0) <> COUNT(*) "
    return [
        (stats.format(where="", having=""), [since]),
        (stats.format(where="", having=never_followed), [since]),
        (stats.format(where="AND hits = 0 ", having=""), [since]),
    ]
