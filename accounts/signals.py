"""What accounts tell other apps of an account's lifecycle (STYLE: signals only for cross-app
lifecycle). Accounts import no other app; those that keep something about a person listen."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside account_delete's transaction, once the personal data is gone, with `user` (the
# locked, erased row), `from_state` (the state it was in) and `reason`. A receiver that fails
# undoes the deletion: moderation records it in the account's history and its log.
account_deleted = Signal()
