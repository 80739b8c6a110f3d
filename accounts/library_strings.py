"""Strings of libraries that our pages show and that no Welsh catalogue of theirs translates.

allauth ships no Welsh, and Django's Welsh catalogue predates some of its own strings (the
password validators'). Listing them here puts them in ``locale/cy/LC_MESSAGES/django.po``
(``manage.py translations``), where they get their Welsh; Django then finds them in our
catalogue. The msgids must match the libraries' exactly. The pseudo-locale test
(``tests/i18n``) names any string a page shows that still has no Welsh.
"""

from django.utils.translation import gettext_noop, ngettext

ALLAUTH = [
    gettext_noop("Sign In"),
    gettext_noop("Sign Out"),
    gettext_noop("Sign Up"),
    gettext_noop("Signup"),
    gettext_noop("Remember Me"),
    gettext_noop("Forgot your password?"),
    gettext_noop("Other sign-in options"),
    gettext_noop("Send me a sign-in code"),
    gettext_noop("Request Code"),
    gettext_noop("You will receive a special code for a password-free sign-in."),
    gettext_noop("Already have an account? Then please %(link)ssign in%(end_link)s."),
    gettext_noop(
        "If you have not created an account yet, then please %(link)ssign up%(end_link)s first."
    ),
    gettext_noop("Password Reset"),
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we'll send you an "
        "email allowing you to reset it."
    ),
    gettext_noop("Reset My Password"),
    gettext_noop("Please contact us if you have any trouble resetting your password."),
    gettext_noop("The email address and/or password you specified are not correct."),
    gettext_noop("Are you sure you want to sign out?"),
    gettext_noop("Change Email"),
    gettext_noop("Change to"),
    gettext_noop("Current email"),
    gettext_noop("Email Address"),
    gettext_noop("Change Password"),
    gettext_noop("Current Password"),
    gettext_noop("New Password"),
    gettext_noop("New Password (again)"),
    # allauth's less-seen steps: bad links, reauthentication, inactive accounts, social sign-in
    gettext_noop("Account Connections"),
    gettext_noop("Account Inactive"),
    gettext_noop("Add a Third-Party Account"),
    gettext_noop("Alternative options"),
    gettext_noop("Bad Token"),
    gettext_noop("Confirm"),
    gettext_noop("Confirm Access"),
    gettext_noop("Confirm Email Address"),
    gettext_noop("Enter your password:"),
    gettext_noop("Login Cancelled"),
    gettext_noop("Please reauthenticate to safeguard your account."),
    gettext_noop(
        'The password reset link was invalid, possibly because it has already been used.  Please request a <a href="%(passwd_reset_url)s">new password reset</a>.'
    ),
    gettext_noop(
        'This email confirmation link expired or is invalid. Please <a href="%(email_url)s">issue a new email confirmation request</a>.'
    ),
    gettext_noop("Verify Your Email Address"),
    gettext_noop(
        "We have sent an email to you for verification. Follow the link provided to finalize the signup process. If you do not see the verification email in your main inbox, check your spam folder. Please contact us if you do not receive the verification email within a few minutes."
    ),
    gettext_noop(
        "We have sent you an email. If you have not received it please check your spam folder. Otherwise contact us if you do not receive it in a few minutes."
    ),
    gettext_noop("You currently have no third-party accounts connected to this account."),
    gettext_noop(
        'You decided to cancel logging in to our site using one of your existing accounts. If this was a mistake, please proceed to <a href="%(login_url)s">sign in</a>.'
    ),
    gettext_noop("Your password is now changed."),
    gettext_noop("An error occurred while attempting to login via your third-party account."),
    gettext_noop("Third-Party Login Failure"),
    gettext_noop("Or use a third-party"),
    gettext_noop("Sign In Via %(provider)s"),
    gettext_noop("You are about to sign in using a third-party account from %(provider)s."),
]

# allauth's account emails (sign-up confirmation, password reset, sign-in code).
ALLAUTH_EMAILS = [
    gettext_noop("Hello from %(site_name)s!"),
    gettext_noop("Thank you for using %(site_name)s!\n%(site_domain)s"),
    gettext_noop(
        "You're receiving this email because user %(user_display)s has given your email "
        "address to register an account on %(site_domain)s."
    ),
    gettext_noop(
        "Your email verification code is listed below. Please enter it in your open browser window."
    ),
    gettext_noop("To confirm this is correct, go to %(activate_url)s"),
    gettext_noop("Please Confirm Your Email Address"),
    gettext_noop(
        "You're receiving this email because you or someone else has requested a password "
        "reset for your user account.\nIt can be safely ignored if you did not request a "
        "password reset. Click the link below to reset your password."
    ),
    gettext_noop("In case you forgot, your username is %(username)s."),
    gettext_noop("Password Reset Email"),
    gettext_noop("Your sign-in code is listed below. Please enter it in your open browser window."),
    gettext_noop("This mail can be safely ignored if you did not initiate this action."),
    gettext_noop("Sign-In Code"),
]

DJANGO = [
    gettext_noop("This password is too common."),
    gettext_noop("Your password can’t be a commonly used password."),  # noqa: RUF001
    gettext_noop("Your password can’t be entirely numeric."),  # noqa: RUF001
    gettext_noop("Your password can’t be too similar to your other personal information."),  # noqa: RUF001
]


def _plurals() -> None:  # never called: makemessages reads these calls
    ngettext(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        0,
    )
    ngettext(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        0,
    )
