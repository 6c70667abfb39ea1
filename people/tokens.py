"""Links that let someone choose a password: password resets and invitations.

Both are checked by allauth's "set a password from a key" page, so one generator
(ACCOUNT_PASSWORD_RESET_TOKEN_GENERATOR) accepts either kind. They differ in lifetime: a reset
link lasts PASSWORD_RESET_TIMEOUT (a day), because the person asked for it and is waiting; an
invitation lasts INVITATION_TIMEOUT_DAYS, because it may arrive at the start of a holiday. Each
kind is signed with its own salt, so a reset token can never pass as a longer-lived invitation.
Both hash the password, last login and email addresses, so either stops working once used.
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class _EmailAware(PasswordResetTokenGenerator):
    def _make_hash_value(self, user, timestamp):
        # allauth builds its default generator from the setting naming this module, so its forms
        # module is imported here only when a token is made, never at import time.
        from allauth.account.forms import EmailAwarePasswordResetTokenGenerator

        return EmailAwarePasswordResetTokenGenerator()._make_hash_value(user, timestamp)


class InvitationTokenGenerator(_EmailAware):
    key_salt = "people.tokens.InvitationTokenGenerator"

    def check_token(self, user, token):
        # Django's check_token reads PASSWORD_RESET_TIMEOUT itself, so the lifetime check is ours.
        if not (user and token):
            return False
        try:
            timestamp = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        age = self._num_seconds(self._now()) - timestamp
        if age > settings.INVITATION_TIMEOUT_DAYS * 24 * 60 * 60:
            return False
        return any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )


invitation_token_generator = InvitationTokenGenerator()


class PasswordResetOrInvitationTokenGenerator(_EmailAware):
    """Makes password-reset tokens (as allauth's own generator would); accepts those and
    invitation tokens."""

    def check_token(self, user, token):
        return super().check_token(user, token) or invitation_token_generator.check_token(
            user, token
        )
