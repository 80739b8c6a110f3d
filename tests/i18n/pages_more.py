"""The rest of the page types (tests/i18n/test_page_coverage.py lists every named URL): pages
reached from the ones in ``pages.py`` (edit and delete forms, account lifecycle, allauth's
less-seen steps, versions, reports) and their objects from ``world_c.py``."""

from django.urls import reverse

from tests.i18n.pages import Page


def _standard(name, extra):
    return lambda w: reverse(f"standards:{name}", args=[w.standard.slug, *extra(w)])


MORE_PAGES = [
    # allauth's other steps (bad keys show their "link no longer works" pages)
    Page(
        "allauth", "confirm email, bad key", lambda w: reverse("account_confirm_email", args=["x"])
    ),
    Page("allauth", "verification sent", lambda w: reverse("account_email_verification_sent")),
    Page("allauth", "inactive account", lambda w: reverse("account_inactive")),
    Page("allauth", "reauthenticate", lambda w: reverse("account_reauthenticate"), signed_in=True),
    Page("allauth", "reset sent", lambda w: reverse("account_reset_password_done")),
    Page(
        "allauth",
        "reset, bad key",
        lambda w: reverse("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "x"}),
    ),
    Page("allauth", "reset done", lambda w: reverse("account_reset_password_from_key_done")),
    Page("allauth", "connections", lambda w: reverse("socialaccount_connections"), signed_in=True),
    Page("allauth", "social cancelled", lambda w: reverse("socialaccount_login_cancelled")),
    Page("allauth", "social error", lambda w: reverse("socialaccount_login_error")),
    # With JavaScript these go on to the provider (no network in tests): no browser check.
    Page("allauth", "continue to Google", lambda w: reverse("google_login"), browser=False),
    Page("allauth", "continue to Microsoft", lambda w: reverse("microsoft_login"), browser=False),
    # accounts
    Page("accounts", "your data", lambda w: reverse("accounts:data_export"), signed_in=True),
    Page("accounts", "delete account", lambda w: reverse("accounts:delete"), signed_in=True),
    # notifications
    Page(
        "notifications",
        "unsubscribe",
        lambda w: reverse("notifications:unsubscribe", args=[w.unsubscribe]),
    ),
    # blog
    Page(
        "blog",
        "edit post",
        lambda w: reverse("blog:edit", args=[w.member.profile.handle, w.post.slug]),
        signed_in=True,
    ),
    Page(
        "blog",
        "edit comment",
        lambda w: reverse(
            "blog:comment_edit", args=[w.member.profile.handle, w.post.slug, w.comment.pk]
        ),
        signed_in=True,
        staff=True,
    ),
    Page(
        "blog",
        "delete comment",
        lambda w: reverse(
            "blog:comment_delete", args=[w.member.profile.handle, w.post.slug, w.comment.pk]
        ),
        signed_in=True,
        staff=True,
    ),
    # moderation
    Page(
        "moderation", "hidden", lambda w: reverse("moderation:hidden"), signed_in=True, staff=True
    ),
    # discussions
    Page(
        "discussions",
        "delete message",
        lambda w: reverse("discussions:delete", args=[w.channel.slug, w.message.sequence]),
        signed_in=True,
    ),
    Page(
        "discussions",
        "channel settings",
        lambda w: reverse("discussions:settings", args=[w.channel.slug]),
        signed_in=True,
        staff=True,
    ),
    # sharing
    Page(
        "sharing",
        "edit project",
        lambda w: reverse("sharing:project_edit", args=[w.project.slug]),
        signed_in=True,
    ),
    Page(
        "sharing",
        "project update",
        lambda w: reverse("sharing:project_update", args=[w.project.slug]),
        signed_in=True,
    ),
    Page(
        "sharing",
        "collaborate",
        lambda w: reverse("sharing:project_collaborate", args=[w.project.slug]),
        signed_in=True,
        staff=True,
    ),
    Page(
        "sharing",
        "edit artefact",
        lambda w: reverse("sharing:artefact_edit", args=[w.artefact.slug]),
        signed_in=True,
    ),
    # pledges
    Page(
        "pledges",
        "pledge",
        lambda w: reverse("pledges:pledge", args=[w.project.slug]),
        signed_in=True,
    ),
    # standards
    Page(
        "standards",
        "new standard",
        lambda w: reverse("standards:create", args=[w.group.slug]),
        signed_in=True,
    ),
    Page("standards", "version", lambda w: w.second_version.get_absolute_url()),
    Page(
        "standards",
        "differences",
        lambda w: reverse(
            "standards:diff",
            kwargs={
                "slug": w.standard.slug,
                "old": w.version.number,
                "new": w.second_version.number,
            },
        ),
    ),
    Page(
        "standards",
        "edit schema",
        _standard("part_edit", lambda w: ["schema"]),
        signed_in=True,
    ),
    Page("standards", "validation report", lambda w: w.run.get_absolute_url()),
    Page(
        "standards",
        "endpoint checks",
        _standard("adoption_checks", lambda w: [w.adoption.pk]),
        signed_in=True,
    ),
]
