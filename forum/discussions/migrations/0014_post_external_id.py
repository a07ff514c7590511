"""An imported comment's id in the export on the post itself (Post.imported_from and
external_id) instead of an ImportedPost row beside it: an import wrote one such row per
comment, a second INSERT of 10,000 rows per 10,000 comments, with three indexes of its own.
What ImportedPost held is copied over before it goes; the unique index is partial, so posts
written here, whose id is NULL, are not in it (nor looked up by full_clean)."""

from typing import Any

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

BATCH = 1000


def ids_to_posts(apps: Any, schema_editor: Any) -> None:
    ImportedPost = apps.get_model("discussions", "ImportedPost")
    Post = apps.get_model("discussions", "Post")
    record = ImportedPost.objects.filter(post_id=OuterRef("pk"))
    Post.objects.filter(pk__in=ImportedPost.objects.values("post_id")).update(
        imported_from=Subquery(record.values("source")[:1]),
        external_id=Subquery(record.values("external_id")[:1]),
    )


def ids_to_records(apps: Any, schema_editor: Any) -> None:
    ImportedPost = apps.get_model("discussions", "ImportedPost")
    Post = apps.get_model("discussions", "Post")
    imported = Post.objects.filter(external_id__isnull=False).values_list(
        "pk", "imported_from", "external_id"
    )
    ImportedPost.objects.bulk_create(
        (
            ImportedPost(post_id=post_id, source=source, external_id=external_id)
            for post_id, source, external_id in imported.iterator(chunk_size=BATCH)
        ),
        batch_size=BATCH,
    )


class Migration(migrations.Migration):
    dependencies = [("discussions", "0013_imported_post_id_first")]

    operations = [
        migrations.AddField(
            model_name="post",
            name="external_id",
            field=models.CharField(
                blank=True,
                help_text="An imported comment's id in the export, by which importing again "
                "finds it.",
                max_length=100,
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="post",
            name="imported_from",
            field=models.CharField(
                blank=True,
                choices=[("disqus", "Disqus"), ("wordpress", "WordPress")],
                help_text="The comment system an imported comment came from.",
                max_length=20,
            ),
        ),
        migrations.RunPython(ids_to_posts, ids_to_records),
        migrations.AddConstraint(
            model_name="post",
            constraint=models.UniqueConstraint(
                condition=models.Q(("external_id__isnull", False)),
                fields=("external_id", "imported_from"),
                name="post_one_per_source_id",
            ),
        ),
        migrations.DeleteModel(name="ImportedPost"),
    ]
