"""Many people at once, in bulk: the factories make one user per few queries, too slow for
the thousands a benchmark needs."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from accounts.models import User
from accounts.roles import Role

BATCH = 1000


def users_bulk_create(prefix: str, count: int, *, verified_readers: bool = False) -> list[User]:
    """`count` active users named `<prefix><n>`, fetched back afresh (nothing cached on them,
    as a request's user). With `verified_readers`, each is also what sign-up leaves once the
    address is verified: in Readers, with a verified primary address."""
    password = make_password(None)  # unusable: nobody logs in as these
    User.objects.bulk_create(
        [
            User(username=f"{prefix}{n}", email=f"{prefix}{n}@bench.example", password=password)
            for n in range(count)
        ],
        batch_size=BATCH,
    )
    users = list(User.objects.filter(username__startswith=prefix).order_by("pk"))
    if verified_readers:
        readers = Group.objects.get(name=Role.READERS)
        EmailAddress.objects.bulk_create(
            [
                EmailAddress(user=user, email=user.email, verified=True, primary=True)
                for user in users
            ],
            batch_size=BATCH,
        )
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=user.pk, group_id=readers.pk) for user in users],
            batch_size=BATCH,
        )
    return users
