"""The sign-in backends: Django's and allauth's, reading each request's user as access checks
need them (people.access.user_with_grants: the staff record and roles in the same query)."""

from allauth.account.auth_backends import AuthenticationBackend as AccountBackend
from django.contrib.auth.backends import ModelBackend

from people.access import user_with_grants


class _UserWithGrants:
    def get_user(self, user_id):
        user = user_with_grants(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class PasswordBackend(_UserWithGrants, ModelBackend):
    """Django's ModelBackend (the admin's sign-in)."""


class AccountsBackend(_UserWithGrants, AccountBackend):
    """allauth's backend (the portal's sign-in pages)."""
