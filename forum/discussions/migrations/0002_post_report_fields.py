"""A post's count and time of open reports say "report", as the site does: real column renames.

The partial index post_reported_queue is on both columns. Renaming a column renames it inside
the indexes that use it as well (PostgreSQL, and SQLite's ALTER TABLE ... RENAME COLUMN, both
rewrite the index's columns and its condition), so only the migration state's copy of the index
is replaced, around the renames; dropping and building it again would change nothing."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('discussions', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name='post', name='post_reported_queue'),
            ],
            database_operations=[],
        ),
        migrations.RenameField(
            model_name='post',
            old_name='open_flag_count',
            new_name='open_report_count',
        ),
        migrations.RenameField(
            model_name='post',
            old_name='flagged_at',
            new_name='reported_at',
        ),
        migrations.AlterField(
            model_name='post',
            name='reported_at',
            field=models.DateTimeField(blank=True, help_text='When the oldest open report was raised.', null=True),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(
                    model_name='post',
                    index=models.Index(condition=models.Q(('open_report_count__gt', 0)), fields=['reported_at', 'id'], name='post_reported_queue'),
                ),
            ],
            database_operations=[],
        ),
    ]
