from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Accounts come from invitations only; there is no open sign-up."""

    def is_open_for_signup(self, request):
        return False
