"""Every page type is in the Welsh checks: each named URL is a page in ``tests/i18n/pages.py``
or listed in ``NOT_PAGES`` with the reason it shows no interface of its own."""

from urllib.parse import urlsplit

from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

from tests.i18n.pages import PAGES, enabled_pages

# URL names that are not pages people read: machine formats, form targets (POST only: their
# errors and messages show on the pages listed), redirects, and the Django admin (staff).
NOT_PAGES = {
    # machine-readable
    "healthz": "plain-text health check",
    "robots_txt": "robots.txt",
    "sitemap": "XML sitemap",
    "javascript-catalog": "the JavaScript catalogue itself",
    "author_blog_feed": "Atom feed (content)",
    "blog:feed": "Atom feed (content)",
    "blog:tag_feed": "Atom feed (content)",
    "blog:council_feed": "Atom feed (content)",
    "standards:feed": "Atom feed (content)",
    "standards:schema": "JSON Schema download",
    "standards:part": "JSON Schema download",
    "standards:validation_report_json": "JSON report (the HTML report is checked)",
    "standards:export": "document export (content)",
    "standards:consultation_response_csv": "CSV download",
    "community:state_csv": "CSV download",
    "community:dashboard_csv": "CSV download",
    "sharing:artefact_download": "file download",
    "accounts:data_download": "data export download (JSON/ZIP)",
    "search:api": "JSON (type labels translated: tests/search/test_welsh.py)",
    "search:autocomplete": "JSON for the JavaScript autocomplete",
    "search:click": "redirect to a result",
    "email_replies:inbound": "inbound email webhook (machine)",
    # redirects
    "accounts:me": "redirects to the member's profile",
    "notifications:open": "marks read and redirects",
    "socialaccount_signup": "redirects without a pending social sign-up",
    "account_confirm_login_code": "redirects without a pending sign-in",
    "account_request_reauthentication_code": "redirects: sign-in codes for reauthentication off",
    "account_confirm_reauthentication_code": "redirects: sign-in codes for reauthentication off",
    "account_set_password": "redirects: members with a password change it instead",
    "google_callback": "OAuth callback (redirects)",
    "microsoft_callback": "OAuth callback (redirects)",
    "google_login_by_token": "OAuth token endpoint (POST)",
    # form targets (POST only)
    "notifications:mark_all_read": "POST",
    "blog:useful": "POST",
    "blog:comment": "POST (the form is on the post page)",
    "blog:comment_useful": "POST",
    "groups:join": "POST",
    "groups:leave": "POST",
    "groups:request_decide": "POST",
    "groups:role": "POST",
    "groups:remove": "POST",
    "groups:member_add": "POST (the form is on the members page)",
    "standards:follow": "POST",
    "standards:thread_reply": "POST (the form is on the comment page)",
    "standards:thread_decide": "POST (the form is on the comment page)",
    "standards:thread_anchor": "POST (the form is on the comment page)",
    "standards:adoption_withdraw": "POST",
    "standards:adoption_check_now": "POST",
    "discussions:post": "POST (the form is on the channel page)",
    "discussions:useful": "POST",
    "sharing:collaboration_decide": "POST",
    "pledges:withdraw": "POST",
    "follows:set": "POST",
    "api_token_revoke": "POST",
    "sharing:project_reuse": "POST",
    "sharing:artefact_reuse": "POST",
    "standards:adoption_endpoint": "POST (the form is on the endpoint checks page)",
    "standards:part_delete": "POST (the button is on the schema editor)",
}


def _named_urls(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin" or pattern.namespace == "api-v1":
                continue  # the Django admin (staff, Django's own Welsh) and the JSON API
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _named_urls(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def _view_names(pages, world) -> set[str]:
    names = set()
    for page in pages:
        try:
            names.add(resolve(urlsplit(page.path(world)).path).view_name)
        except Resolver404:
            names.add("(not found)")
    return names


def test_every_page_type_is_checked_in_welsh(world):
    names = set(_named_urls(get_resolver().url_patterns))
    checked = _view_names(enabled_pages(), world)
    listed = _view_names(PAGES, world)
    assert listed == checked, "pages listed but not checked: enable their areas"
    missing = sorted(names - checked - set(NOT_PAGES))
    assert not missing, "pages missing from tests/i18n/pages.py:\n" + "\n".join(missing)
    assert not set(NOT_PAGES) - names, "NOT_PAGES names a URL that no longer exists"
