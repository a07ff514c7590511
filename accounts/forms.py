from __future__ import annotations

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm

from .models import HANDLE_MAX_LENGTH, HANDLE_MIN_LENGTH, HANDLE_PATTERN


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form, with the username presented as the public handle."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        handle = self.fields["username"]
        handle.label = "Handle"
        handle.help_text = "3 to 30 letters, digits or underscores. Others @mention you by it."
        handle.widget.attrs["placeholder"] = "e.g. magnet_watcher"
        # The browser holds the handle to what the help text says, before sending it.
        handle.widget.attrs |= {
            "minlength": str(HANDLE_MIN_LENGTH),
            "maxlength": str(HANDLE_MAX_LENGTH),
            "pattern": HANDLE_PATTERN,
            "title": "3 to 30 letters, digits or underscores",
        }


class LoginForm(AllauthLoginForm):
    """allauth's login form, naming the handle as sign-up does."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = "Email or handle"
        login.widget.attrs["placeholder"] = "Email or handle"
