"""An article's topic was last active when its latest shown comment was posted, or else when the
article was published: not when the topic was made (an import made January's articles' topics
today, and the index said "a minute ago")."""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce


def article_topics_active_since_publication(apps: Any, schema_editor: Any) -> None:
    Topic = apps.get_model("discussions", "Topic")
    Post = apps.get_model("discussions", "Post")
    Article = apps.get_model("articles", "Article")
    latest_comment = (
        Post.objects.filter(topic_id=OuterRef("pk"), status="visible")
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    published = Article.objects.filter(pk=OuterRef("article_id")).values("publish_at")[:1]
    Topic.objects.filter(article__isnull=False).update(
        last_activity_at=Coalesce(Subquery(latest_comment), Subquery(published), F("created_at"))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("discussions", "0006_post_tickers_disclosure_hold_reasons"),
        ("articles", "0003_highlight_position_not_unique"),
    ]

    operations = [
        migrations.RunPython(
            article_topics_active_since_publication, migrations.RunPython.noop, elidable=True
        ),
    ]
