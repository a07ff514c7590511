"""The search vector computed by PostgreSQL as a document is written: a stored generated column
over title, summary and body, where the code used to send the expression with every write and,
for a bulk insert, UPDATE the rows again after it (a second version of each row, and of each of
its index entries). That second write was a third of PostgreSQL's time in an import.

On PostgreSQL the plain column is dropped (its GIN index with it) and the generated one added,
which computes every existing row's vector, then the GIN index is made again. On SQLite, where
the column is never read and FTS5 is the index, only Django's idea of the field changes: the
column stays as it is, empty, and the table is not rebuilt (which would drop the FTS5
triggers, 0002). Going back leaves the old column empty on PostgreSQL until `manage.py
search_rebuild` fills it.
"""

from __future__ import annotations

from typing import Any

import django.contrib.postgres.search
from django.contrib.postgres.indexes import GinIndex
from django.db import migrations, models
from django.db.migrations.operations.base import Operation

GIN_INDEX = GinIndex(fields=["search_vector"], name="search_doc_vector_gin")


class OnPostgreSQL(Operation):
    """`operation` as it is in Django's idea of the models, and in the database on PostgreSQL
    only."""

    def __init__(self, operation: Operation) -> None:
        self.operation = operation

    def state_forwards(self, app_label: str, state: Any) -> None:
        self.operation.state_forwards(app_label, state)

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            self.operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            self.operation.database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self) -> str:
        return f"{self.operation.describe()} (in the database on PostgreSQL only)"


def gin_index_add(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("search", "SearchDocument"), GIN_INDEX)


def gin_index_remove(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("search", "SearchDocument"), GIN_INDEX)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_engine_indexes")]

    operations = [
        migrations.RunPython(gin_index_remove, gin_index_add),
        OnPostgreSQL(migrations.RemoveField(model_name="searchdocument", name="search_vector")),
        OnPostgreSQL(
            migrations.AddField(
                model_name="searchdocument",
                name="search_vector",
                field=models.GeneratedField(
                    db_persist=True,
                    expression=django.contrib.postgres.search.CombinedSearchVector(
                        django.contrib.postgres.search.CombinedSearchVector(
                            django.contrib.postgres.search.SearchVector(
                                models.F("title"), config="english", weight="A"
                            ),
                            "||",
                            django.contrib.postgres.search.SearchVector(
                                models.F("summary"), config="english", weight="B"
                            ),
                            django.contrib.postgres.search.SearchConfig("english"),
                        ),
                        "||",
                        django.contrib.postgres.search.SearchVector(
                            models.F("body"), config="english", weight="C"
                        ),
                        django.contrib.postgres.search.SearchConfig("english"),
                    ),
                    help_text="PostgreSQL only: the weighted text, GIN-indexed.",
                    null=True,
                    output_field=django.contrib.postgres.search.SearchVectorField(),
                ),
            )
        ),
        migrations.RunPython(gin_index_add, gin_index_remove),
    ]
