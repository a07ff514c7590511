"""A held post's reason becomes a code plus text: `held_code` says which rule held it, and
`held_reason` keeps the words moderators read.

Posts held before the code existed get theirs from their text, here and only here: the texts
the rules wrote are known (forum/moderation/gate.py and services/reports.py as they were), and
an edit held again wrote the rule's text after "Edited: ". A text no rule wrote is left without
a code. Going back, the column goes and the texts stay as they were."""

import re

from django.db import migrations, models

# The start of each text a rule wrote, and its rule's code.
_TEXTS = [
    (re.compile(r"Every post in this discussion is reviewed\."), "premoderated"),
    (re.compile(r"Contains words on the watch list: "), "suspect_word"),
    (re.compile(r"A first post: "), "first_post"),
    (re.compile(r"\d+ links from an author with "), "many_links"),
    (re.compile(r"Reported by \d+ readers"), "reports"),
]
_EDITED = "Edited: "


def _code(text):
    text = text.removeprefix(_EDITED)
    return next((code for pattern, code in _TEXTS if pattern.match(text)), "")


def held_code_from_text(apps, schema_editor):
    Post = apps.get_model("discussions", "Post")
    held = Post.objects.exclude(held_reason="").only("held_reason").order_by("pk")
    by_code = {}
    for post in held.iterator(chunk_size=2000):
        if code := _code(post.held_reason):
            by_code.setdefault(code, []).append(post.pk)
    for code, ids in by_code.items():
        for start in range(0, len(ids), 500):
            Post.objects.filter(pk__in=ids[start : start + 500]).update(held_code=code)


class Migration(migrations.Migration):

    dependencies = [
        ('discussions', '0002_post_report_fields'),
    ]

    operations = [
        migrations.AddField(
            model_name='post',
            name='held_code',
            field=models.CharField(blank=True, choices=[('premoderated', 'Every post in the discussion is reviewed'), ('suspect_word', 'A word on the watch list'), ('first_post', 'A first post'), ('many_links', 'Many links from an author without standing'), ('reports', "Hidden by readers' reports")], help_text="Which rule held the post: what moderators' tools decide by.", max_length=30),
        ),
        migrations.AlterField(
            model_name='post',
            name='held_reason',
            field=models.CharField(blank=True, help_text='Why the rule held the post, for moderators.', max_length=300),
        ),
        migrations.RunPython(held_code_from_text, migrations.RunPython.noop, elidable=True),
    ]
