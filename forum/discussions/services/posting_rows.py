"""The rows posting locks, read with statements written out.

post_create runs for every comment, and the ORM took longer to build these reads than the
database took to run them (bench/bench_posting.py). Each function reads the same rows, under the
same lock, into the same model instances as the ORM call in its docstring (pinned by
tests/forum/discussions/test_posting.py:
test_post_create_returns_the_rows_it_locked_as_the_orm_reads_them).
The select lists come from the models, so a field added to one is read without a change here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache, cached_property
from typing import Any, Generic, TypeVar
from weakref import WeakKeyDictionary

from django.db import connection
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import Field, Model
from django.db.models.expressions import Col

from accounts.models import User
from accounts.roles import DISCUSSION_STAFF_ROLES
from accounts.viewer import Viewer
from articles.models import Article
from forum.discussions.models import Category, Post, Topic

_M = TypeVar("_M", bound=Model)


class _Columns(Generic[_M]):
    """A model's columns (but `leave_out`) as a statement written out here selects them, and
    the model instance made of their values: converted as the ORM converts them (on SQLite,
    datetimes made aware and 0 or 1 made booleans), a field left out deferred."""

    def __init__(self, model: type[_M], *, leave_out: tuple[str, ...] = ()) -> None:
        self.model = model
        self.leave_out = leave_out
        self._converting: WeakKeyDictionary[BaseDatabaseOperations, list[_Converting]]
        self._converting = WeakKeyDictionary()

    @cached_property
    def fields(self) -> tuple[Field, ...]:
        concrete = self.model._meta.concrete_fields
        return tuple(field for field in concrete if field.name not in self.leave_out)

    @cached_property
    def select_list(self) -> str:
        """E.g. `"forum_post"."id", "forum_post"."topic_id", ...`, in the order of `fields`."""
        quote = connection.ops.quote_name
        table = quote(self.model._meta.db_table)
        return ", ".join(f"{table}.{quote(field.column)}" for field in self.fields)

    def instance(self, values: Sequence[Any]) -> _M:
        values = list(values)
        for index, column, converters in self._converters():
            for convert in converters:
                values[index] = convert(values[index], column, connection)
        return self.model.from_db(connection.alias, self._attnames, values)

    @cached_property
    def _attnames(self) -> list[str]:
        return [field.attname for field in self.fields]

    def _converters(self) -> list[_Converting]:
        """Which values the ORM converts, and how: worked out once for each connection to the
        database, whose methods the converters are."""
        ops = connection.ops
        if ops not in self._converting:
            self._converting[ops] = [
                (index, field.cached_col, converters)
                for index, field in enumerate(self.fields)
                if (
                    converters := ops.get_db_converters(field.cached_col)
                    + field.cached_col.get_db_converters(connection)
                )
            ]
        return self._converting[ops]


_Converting = tuple[int, Col, list[Callable[[Any, Col, Any], Any]]]
"""A value's place in the row, its column, and what converts it."""

_USER = _Columns(User)
_TOPIC = _Columns(Topic)
_CATEGORY = _Columns(Category)
# What posting never reads of the article under a topic, and would otherwise fetch with its lock.
_ARTICLE = _Columns(
    Article, leave_out=("standfirst", "body", "body_html", "sections", "disclaimer")
)
_POST = _Columns(Post)


def _locking(*of: str) -> str:
    """The clause taking posting's row locks, on the rows of the tables `of` (all when none is
    named), or nothing where the database has no row locks (SQLite: a writing transaction holds
    the whole database). FOR NO KEY UPDATE: rows referring to a locked one may still be written."""
    features, ops = connection.features, connection.ops
    if not features.has_select_for_update:
        return ""
    tables = [ops.quote_name(table) for table in of]
    return ops.for_update_sql(no_key=features.has_select_for_no_key_update, of=tables)


def _one_row(model: type[Model], sql: str, params: Sequence[Any]) -> tuple[Any, ...]:
    """The row `sql` reads; raises `model.DoesNotExist`, as get() does, when there is none."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        raise model.DoesNotExist(f"{model._meta.object_name} matching query does not exist.")
    return tuple(row)


@cache
def _author_sql() -> str:
    staff_roles = ", ".join(["%s"] * len(DISCUSSION_STAFF_ROLES))
    return f"""
        SELECT {_USER.select_list},
            EXISTS (
                SELECT 1 FROM "account_emailaddress" e
                WHERE e.user_id = "accounts_user".id AND e.verified
            ),
            EXISTS (
                SELECT 1 FROM "accounts_user_groups" ug
                JOIN "auth_group" g ON g.id = ug.group_id
                WHERE ug.user_id = "accounts_user".id AND g.name IN ({staff_roles})
            )
        FROM "accounts_user"
        WHERE "accounts_user".id = %s
        {_locking()}
    """  # noqa: S608 - names from the models and constants; every value is a parameter


def author_locked(pk: int) -> tuple[User, Viewer]:
    """User.objects.select_for_update(no_key=True).get(pk=pk), and the author as the rules see
    them: whether the address is verified and whether the user holds a discussion staff role
    are read with the row, so that checking them costs no query."""
    params = [*DISCUSSION_STAFF_ROLES, pk]
    *values, verified, staff = _one_row(User, _author_sql(), params)
    author = _USER.instance(values)
    return author, Viewer.of(author, email_verified=bool(verified), discussion_staff=bool(staff))


@cache
def _topic_sql() -> str:
    reserve = ", nextval(pg_get_serial_sequence('forum_post', 'id'))" if _ids_ahead() else ""
    return f"""
        SELECT {_TOPIC.select_list}, {_CATEGORY.select_list}, {_ARTICLE.select_list} {reserve}
        FROM "forum_topic"
        JOIN "forum_category" ON "forum_category".id = "forum_topic".category_id
        LEFT JOIN "articles_article" ON "articles_article".id = "forum_topic".article_id
        WHERE "forum_topic".id = %s
        {_locking("forum_topic")}
    """  # noqa: S608 - names from the models; every value is a parameter


def _ids_ahead() -> bool:
    """Whether the database hands ids out ahead of an INSERT (PostgreSQL's sequences)."""
    return connection.vendor == "postgresql"


def topic_locked(pk: int) -> tuple[Topic, int | None]:
    """Topic.objects.select_for_update(no_key=True, of=("self",)).select_related("article",
    "category").defer(<the article's text>).get(pk=pk), and where the database hands ids out
    ahead of the INSERT, the new post's id: the post is then written with its path in one
    statement, not an INSERT and an UPDATE once the id is known. A post refused after it leaves
    a gap in the ids, as any rolled-back INSERT does."""
    row = _one_row(Topic, _topic_sql(), [pk])
    topic_ends = len(_TOPIC.fields)
    article_starts = topic_ends + len(_CATEGORY.fields)
    article_ends = article_starts + len(_ARTICLE.fields)
    topic = _TOPIC.instance(row[:topic_ends])
    topic.category = _CATEGORY.instance(row[topic_ends:article_starts])
    if topic.article_id is not None:
        topic.article = _ARTICLE.instance(row[article_starts:article_ends])
    else:
        topic.article = None
    reserved_id = row[article_ends] if _ids_ahead() else None
    return topic, reserved_id


@cache
def _post_sql() -> str:
    where = f'WHERE "forum_post".id = %s {_locking()}'
    return f'SELECT {_POST.select_list} FROM "forum_post" {where}'  # noqa: S608


def post_locked(pk: int) -> Post:
    """Post.objects.select_for_update(no_key=True).get(pk=pk)"""
    return _POST.instance(_one_row(Post, _post_sql(), [pk]))
