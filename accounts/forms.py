from __future__ import annotations

from allauth.account.forms import SignupForm as AllauthSignupForm


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form, with the username presented as the public handle."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        handle = self.fields["username"]
        handle.label = "Handle"
        handle.help_text = "3 to 30 letters, digits or underscores. Others @mention you by it."
        handle.widget.attrs["placeholder"] = "e.g. magnet_watcher"
