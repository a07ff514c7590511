"""Forms of the profile and notification settings pages: shape only, the services decide."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from .avatars import AVATAR_CONTENT_TYPES, AVATAR_MAX_BYTES, AVATAR_MAX_SIDE
from .models import BIO_MAX_LENGTH, Delivery, NotificationKind, User


class PlainTextField(forms.CharField):
    """Browsers send a textarea's line breaks as CRLF; count and keep each as one character."""

    def to_python(self, value: Any) -> str | None:
        text = super().to_python(value)
        return text.replace("\r\n", "\n") if text is not None else None


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        max_length=User._meta.get_field("display_name").max_length,
        required=False,
        help_text="Shown with your posts. Leave it empty to be shown by your handle.",
    )
    bio = PlainTextField(
        max_length=BIO_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=f"Plain text, up to {BIO_MAX_LENGTH} characters.",
    )
    # A FileField, not an ImageField: accounts.avatars checks the content, not the name.
    avatar = forms.FileField(
        required=False,
        label="New avatar",
        widget=forms.FileInput(attrs={"accept": AVATAR_CONTENT_TYPES}),
        help_text=(
            f"JPEG, PNG, GIF or WebP, up to {AVATAR_MAX_BYTES // (1024 * 1024)} MB and "
            f"{AVATAR_MAX_SIDE}x{AVATAR_MAX_SIDE} pixels. It is cropped to a square."
        ),
    )
    remove_avatar = forms.BooleanField(required=False, label="Remove my avatar", label_suffix="")


class NotificationPreferencesForm(forms.Form):
    """One choice of delivery per kind the user may receive."""

    def __init__(self, *args: Any, kinds: Iterable[NotificationKind], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in kinds:
            self.fields[kind.value] = forms.ChoiceField(label=kind.label, choices=Delivery.choices)
