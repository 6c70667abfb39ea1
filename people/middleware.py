from django.conf import settings
from django.shortcuts import redirect

from people.access import must_use_mfa

# The sign-in pages (and the MFA set-up itself) must stay reachable; the admin is not exempt.
EXEMPT_PREFIXES = ("/accounts/", "/static/", "/health/")


class RequireMFAForPrivilegedRoles:
    """Everyone who sees survey results or health data, and every admin user, must set up an
    authenticator app before using the portal (see people.access.must_use_mfa)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            getattr(settings, "REQUIRE_MFA_FOR_PRIVILEGED_ROLES", False)
            and request.user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
            and must_use_mfa(request.user)
            and not _has_totp(request.user)
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)


def _has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
