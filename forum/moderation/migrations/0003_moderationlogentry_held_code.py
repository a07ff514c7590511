"""A hold in the log names the rule that held the post, as the post now does (discussions
0003): `held_code`, beside the text in `reason`.

Holds logged before the code existed get theirs from their text, here and only here, as posts
do in discussions 0003 (the same texts, the same codes). Going back, the column goes."""

import re

from django.db import migrations, models

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
    ModerationLogEntry = apps.get_model("moderation", "ModerationLogEntry")
    holds = ModerationLogEntry.objects.filter(action="hold").only("reason").order_by("pk")
    by_code = {}
    for entry in holds.iterator(chunk_size=2000):
        if code := _code(entry.reason):
            by_code.setdefault(code, []).append(entry.pk)
    # update(), not save(): the model refuses to change an entry once written, and this only
    # names what the entry already says.
    for code, ids in by_code.items():
        for start in range(0, len(ids), 500):
            ModerationLogEntry.objects.filter(pk__in=ids[start : start + 500]).update(
                held_code=code
            )


class Migration(migrations.Migration):

    dependencies = [
        ('moderation', '0002_flag_renamed_report'),
    ]

    operations = [
        migrations.AddField(
            model_name='moderationlogentry',
            name='held_code',
            field=models.CharField(blank=True, choices=[('premoderated', 'Every post in the discussion is reviewed'), ('suspect_word', 'A word on the watch list'), ('first_post', 'A first post'), ('many_links', 'Many links from an author without standing'), ('reports', "Hidden by readers' reports")], help_text='A hold: which rule held the post (its text is the reason).', max_length=30),
        ),
        migrations.RunPython(held_code_from_text, migrations.RunPython.noop, elidable=True),
    ]
