"""The people behind imported comments: one ImportedAuthor each, with a placeholder account
their comments are written by until someone claims them (claims.py).

A placeholder is a User, so every path that shows or checks a post's author works unchanged;
it has no address (only the ImportedAuthor keeps a hash of one), an unusable password and
`is_active` off, which is what Django and allauth refuse a login for, and it belongs to no
role. It shows by the name written on the old site, with the initials avatar.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from django.contrib.auth.hashers import make_password
from django.utils.crypto import salted_hmac

from accounts.models import User
from forum.discussions.importing.sources import SourceAuthor
from forum.discussions.models import ImportedAuthor, ImportSource

NAMELESS = "Guest"
KEY_MAX_LENGTH = 200  # ImportedAuthor.key
_EMAIL_HASH_SALT = "forum.discussions.importing.email"


def email_hash(email: str) -> str:
    """A keyed hash of an address, the same for any case or surrounding spaces. Keyed with
    SECRET_KEY: a plain hash of an address is a dictionary lookup away from the address. (So a
    new SECRET_KEY leaves earlier imports unclaimable.)"""
    return salted_hmac(_EMAIL_HASH_SALT, email.strip().lower(), algorithm="sha256").hexdigest()


def author_key(author: SourceAuthor, source: ImportSource) -> str:
    """Who this is across threads and imports: by address where the export gives one, so the
    same person from Disqus and WordPress is one; else by the old account; else by name."""
    if author.email.strip():
        return f"email:{email_hash(author.email)}"
    if author.username:
        return f"{source}:user:{author.username.lower()}"[:KEY_MAX_LENGTH]
    return f"{source}:name:{author.name.strip().lower() or NAMELESS.lower()}"[:KEY_MAX_LENGTH]


def _placeholder_handle(key: str) -> str:
    """`imported_` and 16 hex digits fixed by the key: a valid handle, the same every time."""
    return "imported_" + hashlib.sha256(key.encode()).hexdigest()[:16]


def imported_authors_ensure(
    *, authors: Mapping[str, SourceAuthor], known: Mapping[str, int] | None = None
) -> tuple[dict[str, int], int]:
    """For each author, by their key (`author_key`, which the caller has for each comment
    already), the account their comments go to: the ImportedAuthor's user, made with its
    placeholder the first time. Returns that mapping and how many were made.

    `known` holds keys and accounts already looked up or made by this import in transactions
    since committed (the threads before): those are not looked up again, so an export's
    regular commenters cost no statement after their first thread.

    Precondition: inside the caller's transaction. At most three statements however many
    authors: the lookup of those not known, then the new accounts and their ImportedAuthor
    rows in bulk.
    """
    known = known or {}
    users = {key: known[key] for key in authors if key in known}
    unknown = [key for key in authors if key not in users]
    if unknown:
        users |= dict(ImportedAuthor.objects.filter(key__in=unknown).values_list("key", "user_id"))
    missing = [key for key in authors if key not in users]
    if not missing:
        return users, 0
    password = make_password(None)  # unusable
    placeholders = User.objects.bulk_create(
        [
            User(
                username=_placeholder_handle(key),
                display_name=authors[key].name.strip()[:60] or NAMELESS,
                password=password,
                is_active=False,
            )
            for key in missing
        ]
    )
    ImportedAuthor.objects.bulk_create(
        [
            ImportedAuthor(
                key=key,
                name=authors[key].name.strip()[:200] or NAMELESS,
                email_hash=email_hash(authors[key].email) if authors[key].email.strip() else "",
                user=user,
            )
            for key, user in zip(missing, placeholders, strict=True)
        ]
    )
    return users | {key: user.pk for key, user in zip(missing, placeholders, strict=True)}, len(
        missing
    )
