from __future__ import annotations

from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A person on the site. Custom from day one so identity can grow without a swap."""

    def __str__(self) -> str:
        return self.get_full_name() or self.username
