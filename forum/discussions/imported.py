"""What importing keeps: the people brought in from another site's comments, so that a person
who verifies their address can claim their old comments (importing/claims.py). The posts keep
their own ids there (Post.imported_from and external_id), by which importing the same export
again changes nothing."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ImportSource(models.TextChoices):
    """The comment systems `manage.py import_comments` reads exports of."""

    DISQUS = "disqus", "Disqus"
    WORDPRESS = "wordpress", "WordPress"


class ImportedAuthor(models.Model):
    """Someone who commented on the site's old comment system, brought in with their comments.

    A post needs an account as its author: `user` is a placeholder made for the person (no
    address, no usable password, inactive, so nobody can log in as it), shown by the name they
    used, until someone verifies the address whose hash is kept here. Their comments then move
    to that account, and `user` is it from then on (importing/claims.py).
    """

    key = models.CharField(
        max_length=200,
        unique=True,
        help_text="Who this is across imports: the address's hash where the export gave one, "
        "else the old account's name, else the name written.",
    )
    name = models.CharField(max_length=200)
    email_hash = models.CharField(
        max_length=64, blank=True, help_text="A keyed hash of the address, never the address."
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(
                fields=["email_hash"],
                name="imported_author_unclaimed",
                condition=models.Q(claimed_at__isnull=True) & ~models.Q(email_hash=""),
            )
        ]

    def __str__(self) -> str:
        return self.name
