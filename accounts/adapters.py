"""allauth customisation: every new account gets a profile, and unfinished profiles are finished first."""

from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.internal import ratelimit
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.services import profile_ensure
from hub.core import i18n

MAX_EMAIL_LENGTH = 254
# Failed sign-ins to one account from every address together (ACCOUNT_RATE_LIMITS); see
# AccountAdapter.pre_authenticate.
ACCOUNT_UNDER_ATTACK = "login_failed_account"


class HubSite:
    """What allauth's emails call ``current_site``: the hub's name and the address it is served at
    (the sites framework's row says "example.com" and cannot follow the port ``make run`` uses)."""

    def __init__(self, request: HttpRequest | None) -> None:
        if request is not None:
            self.domain = request.get_host()
        else:
            self.domain = urlsplit(settings.SITE_URL).netloc

    @property
    def name(self) -> str:
        return str(_("LocalGov Hub"))

    def __str__(self) -> str:
        return self.domain


def _finish_profile_url(request: HttpRequest) -> str | None:
    if not request.user.is_authenticated:
        return None
    if profile_ensure(user=request.user).is_complete:
        return None
    return reverse("accounts:edit") + "?welcome=1"


def _signup_language(request: HttpRequest) -> str:
    """A new member keeps the language they signed up in (their emails use it too)."""
    return getattr(request, "LANGUAGE_CODE", "") or ""


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Too many failed login attempts from here. Wait a few minutes and try again, "
            "or sign in with a code sent to your email address."
        ),
        "account_under_attack": _(
            "Too many failed login attempts for this account, so password sign-in is paused "
            "for a while. Sign in with a code sent to your email address instead."
        ),
    }

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials) -> str:
        """allauth's per-"key" failed-login limit, keyed by account *and* address.

        allauth keys it by account alone, so anyone who knows a member's email address could
        lock them out with five wrong passwords. With the address in the key, a stranger's
        guesses only ever block the stranger (per-IP and per-account-and-IP limits). This is
        also the key a successful password reset clears.
        """
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}:{ratelimit.get_ip(request)}"

    def pre_authenticate(self, request: HttpRequest, **credentials) -> None:
        """Also count failures per account across all addresses (a distributed attack).

        When that limit is used up, password sign-in to the account pauses; its owner still
        gets in with a code by email (ACCOUNT_LOGIN_BY_CODE_ENABLED), which an attacker cannot
        read. Successful sign-ins roll the count back, as allauth does for its own limits.
        """
        super().pre_authenticate(request, **credentials)
        account = super()._get_login_attempts_cache_key(request, **credentials)
        usage = ratelimit.consume(
            request, app="allauth.account", action=ACCOUNT_UNDER_ATTACK, key=account
        )
        if not usage:
            self._rollback_login_failed_rl_usage()
            raise self.validation_error("account_under_attack")
        self._login_failed_rl_usage.usage.extend(usage.usage)

    def format_email_subject(self, subject: str) -> str:
        """ "[LocalGov Hub] ..." in the language the email is written in."""
        return f"{_('[LocalGov Hub]')} {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Every account email names the hub and its address, not the sites framework's."""
        context = {**context, "current_site": HubSite(getattr(allauth_context, "request", None))}
        # A member's own language wins over the language of the page that sent it.
        user = context.get("user")
        if getattr(user, "language", ""):
            with i18n.in_language_of(user):
                return super().send_mail(template_prefix, email, context)
        return super().send_mail(template_prefix, email, context)

    def clean_email(self, email: str) -> str:
        """Emails are compared case-insensitively, so Jo@Council.gov.uk cannot sign up twice."""
        email = super().clean_email(email).lower()
        # allauth's field has no length limit; the column does (and PostgreSQL would error).
        if len(email) > MAX_EMAIL_LENGTH:
            raise forms.ValidationError(
                _("Enter an email address of %(limit)s characters or fewer.")
                % {"limit": MAX_EMAIL_LENGTH}
            )
        # allauth also cleans the password-reset form's address here, where an existing
        # account is the point: only sign-up and adding an address refuse a taken one.
        request = getattr(allauth_context, "request", None)
        match = getattr(request, "resolver_match", None)
        resetting = match is not None and match.url_name == "account_reset_password"
        if not resetting and User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(self.error_messages["email_taken"])
        return email

    def save_user(self, request: HttpRequest, user, form, commit: bool = True):
        user.language = _signup_language(request)
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            profile_ensure(user=user)
        return user

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Send members with an unfinished profile to finish it before anything else."""
        return _finish_profile_url(request) or super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        """New members land on "Finish your profile" once they are signed in."""
        return reverse("accounts:edit") + "?welcome=1"

    def get_email_verification_redirect_url(self, email_address) -> str:
        request = self.request
        return _finish_profile_url(request) or super().get_email_verification_redirect_url(
            email_address
        )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def save_user(self, request: HttpRequest, sociallogin, form=None):
        sociallogin.user.language = _signup_language(request)
        user = super().save_user(request, sociallogin, form)
        profile_ensure(user=user)
        return user
