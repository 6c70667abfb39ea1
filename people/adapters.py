from allauth.account.adapter import DefaultAccountAdapter


class PortalAccountAdapter(DefaultAccountAdapter):
    """No public sign-up: accounts come from HR's staff import (or are made by HR)."""

    def is_open_for_signup(self, request):
        return False

    def send_mail(self, template_prefix, email, context):
        # Sign-in codes and password resets are urgent: allauth sends them at once.
        super().send_mail(template_prefix, email, context)


try:
    from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
except ImportError:  # socialaccount is only installed when Microsoft or Google sign-in is set up
    DefaultSocialAccountAdapter = None

if DefaultSocialAccountAdapter is not None:

    class PortalSocialAccountAdapter(DefaultSocialAccountAdapter):
        """Microsoft / Google sign-in may only connect to an account HR already created."""

        def is_open_for_signup(self, request, sociallogin):
            return False
