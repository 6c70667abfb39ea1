import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter


class PortalAccountAdapter(DefaultAccountAdapter):
    """No public sign-up: accounts come from HR's staff import (or are made by HR)."""

    def is_open_for_signup(self, request):
        return False

    def send_mail(self, template_prefix, email, context):
        # Sign-in codes and password resets are urgent: allauth sends them at once.
        super().send_mail(template_prefix, email, context)

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        # Someone who signed in a moment ago (the MFA set-up HR, trustees and governors are sent
        # to straight after signing in) is not asked for their password a second time.
        required = super().is_reauthentication_required(app=app, **kwargs)
        return required and not _signed_in_recently()


def _signed_in_recently() -> bool:
    from allauth.account.internal.flows.login import get_authentication_records

    request = context.request
    if request is None or not request.user.is_authenticated:
        return False
    records = get_authentication_records(request, request.user)
    if not records:
        return False
    latest = max(record.get("at", 0) for record in records)
    return time.time() - latest < account_settings.REAUTHENTICATION_TIMEOUT


class PortalSocialAccountAdapter(DefaultSocialAccountAdapter):
    """Microsoft / Google sign-in may only connect to an account HR already created."""

    def is_open_for_signup(self, request, sociallogin):
        return False
