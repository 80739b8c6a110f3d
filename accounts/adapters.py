"""allauth customisation: every new account gets a profile, and unfinished profiles are finished first."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django import forms
from django.http import HttpRequest
from django.urls import reverse

from accounts.models import User
from accounts.services import profile_ensure

MAX_EMAIL_LENGTH = 254


def _finish_profile_url(request: HttpRequest) -> str | None:
    if not request.user.is_authenticated:
        return None
    if profile_ensure(user=request.user).is_complete:
        return None
    return reverse("accounts:edit") + "?welcome=1"


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email: str) -> str:
        """Emails are compared case-insensitively, so Jo@Council.gov.uk cannot sign up twice."""
        email = super().clean_email(email).lower()
        # allauth's field has no length limit; the column does (and PostgreSQL would error).
        if len(email) > MAX_EMAIL_LENGTH:
            raise forms.ValidationError(
                f"Enter an email address of {MAX_EMAIL_LENGTH} characters or fewer."
            )
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(self.error_messages["email_taken"])
        return email

    def save_user(self, request: HttpRequest, user, form, commit: bool = True):
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
        user = super().save_user(request, sociallogin, form)
        profile_ensure(user=user)
        return user
