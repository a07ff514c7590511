"""What each engine searches with: a GIN index on PostgreSQL, an FTS5 table on SQLite.

SQLite's part is raw SQL because Django has no FTS5 support: a virtual table with the porter
tokenizer whose content is search_searchdocument (external content: the text is not stored
twice), bm25 ranking weighted as PostgreSQL's (title, then standfirst and Highlights, then
body), and triggers that keep it in step with every INSERT, UPDATE and DELETE of a document,
in the same transaction.

A later migration that makes Django rebuild search_searchdocument on SQLite (most column
changes do) drops these triggers with the old table: it must create them again
(`sqlite_triggers_create` below).
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

GIN_INDEX = GinIndex(fields=["search_vector"], name="search_doc_vector_gin")

SQLITE_TABLE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title, summary, body, content='search_searchdocument', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    # Weights of title, summary and body in bm25, which the hidden column `rank` applies.
    "INSERT INTO search_fts(search_fts, rank) VALUES ('rank', 'bm25(10.0, 4.0, 1.0)')",
]
SQLITE_TRIGGERS = [
    "CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN "
    "INSERT INTO search_fts(rowid, title, summary, body) VALUES (new.id, new.title, new.summary, new.body); "
    "END",
    "CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, summary, body) "
    "VALUES ('delete', old.id, old.title, old.summary, old.body); "
    "END",
    "CREATE TRIGGER search_fts_update AFTER UPDATE OF title, summary, body "
    "ON search_searchdocument BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, summary, body) "
    "VALUES ('delete', old.id, old.title, old.summary, old.body); "
    "INSERT INTO search_fts(rowid, title, summary, body) VALUES (new.id, new.title, new.summary, new.body); "
    "END",
]


def sqlite_triggers_create(schema_editor):
    for statement in SQLITE_TRIGGERS:
        schema_editor.execute(statement)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.add_index(apps.get_model("search", "SearchDocument"), GIN_INDEX)
    elif vendor == "sqlite":
        for statement in SQLITE_TABLE:
            schema_editor.execute(statement)
        sqlite_triggers_create(schema_editor)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("search", "SearchDocument"), GIN_INDEX)
    elif vendor == "sqlite":
        for name in ("insert", "delete", "update"):
            schema_editor.execute(f"DROP TRIGGER search_fts_{name}")
        schema_editor.execute("DROP TABLE search_fts")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_documents")]

    operations = [migrations.RunPython(forwards, backwards)]
