"""`manage.py demo`: accounts for every role and a lively discussion to try them on."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import User
from accounts.roles import Role
from articles.models import Article
from articles.services import article_publish
from forum.discussions.models import Post
from forum.discussions.services.posting import post_create
from forum.discussions.services.reactions import reaction_add
from forum.moderation.services.decisions import post_approve

DEMO_SLUG = "demo-magnet-makers-weigh-new-export-rules"


@dataclass(frozen=True)
class DemoAccount:
    handle: str
    display_name: str
    roles: tuple[Role, ...]
    is_staff: bool = False


ROLE_ACCOUNTS = (
    DemoAccount("demo_reader", "Dana Reader", (Role.READERS,)),
    DemoAccount("demo_moderator", "Mo Derator", (Role.READERS, Role.MODERATORS), is_staff=True),
    DemoAccount("demo_editor", "Eddie Tor", (Role.READERS, Role.EDITORS), is_staff=True),
)
VOICES = (
    DemoAccount("magnet_watcher", "Priya N.", (Role.READERS,)),
    DemoAccount("ore_body", "Tom K.", (Role.READERS,)),
    DemoAccount("separation_sam", "Sam L.", (Role.READERS,)),
    DemoAccount("midstream_mia", "Mia W.", (Role.READERS,)),
)

# (speaker, index of the comment answered or None, body). Indexes refer to earlier lines.
CONVERSATION: tuple[tuple[str, int | None, str], ...] = (
    ("magnet_watcher", None, "The licensing delay is the story here, not the quota itself."),
    ("ore_body", 0, "Agreed. Buyers I talk to are already **double-sourcing** NdPr oxide."),
    (
        "separation_sam",
        1,
        "Double-sourcing from where, though? Outside China the separation "
        "capacity is still a rounding error.",
    ),
    (
        "midstream_mia",
        2,
        "Lynas and the Texas plant are real, but they won't cover dysprosium for years.",
    ),
    ("magnet_watcher", 3, "Which is why @separation_sam is right to push on heavy rare earths."),
    ("ore_body", 4, "A reply past the visible depth: it sits beside the one it answers."),
    ("demo_editor", 0, "Author here: we'll follow up on the licensing timelines next week."),
    (
        "separation_sam",
        None,
        "Does anyone have a source for the 30-day figure in the second "
        "section?\n\n> applications are processed within 30 working days\n\nThat is not what "
        "exporters describe.",
    ),
    (
        "demo_moderator",
        7,
        "Please keep sources linked, e.g. [the ministry notice]"
        "(https://example.com/notice). Thanks for a civil thread.",
    ),
    (
        "midstream_mia",
        None,
        "Prices barely moved on the announcement; the market had priced it in.",
    ),
    ("demo_reader", 9, "Or liquidity is thin enough that the spot quotes mean little."),
)
LIKES = ((0, 3), (1, 2), (7, 2), (9, 1))  # (comment index, how many likes)
# Newcomers whose first comments wait in the moderation queue, for trying /moderation/.
WAITING = (
    (
        DemoAccount("new_voice", "Nia V.", (Role.READERS,)),
        "First time here: is Bayan Obo still the largest rare-earth mine?",
    ),
    (
        DemoAccount("link_dropper", "Lee D.", (Role.READERS,)),
        "Great deals on magnets at "
        "https://example.com/a https://example.com/b https://example.com/c",
    ),
)


class Command(BaseCommand):
    help = "Demo accounts (reader, moderator, editor) and a demo discussion. DEBUG only."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("make demo adds known accounts: it runs only with DEBUG on.")
        with transaction.atomic():
            passwords = {account.handle: self._account(account) for account in ROLE_ACCOUNTS}
            voices = {
                account.handle: self._account(account)[1]
                for account in (*VOICES, *(account for account, _ in WAITING))
            }
            users = {handle: user for handle, (_, user) in passwords.items()} | voices
            article = self._article(users["demo_editor"])
            made = self._discussion(article, users)
        self.stdout.write(f"Demo article: {article.get_absolute_url()}")
        self.stdout.write(
            "Discussion: " + (f"{made} comments added." if made else "already there, left as is.")
        )
        self.stdout.write("Log in at /accounts/login/ with (passwords are new each run):")
        for handle, (password, _) in passwords.items():
            self.stdout.write(f"  {handle:<16} {password}")

    def _account(self, account: DemoAccount) -> tuple[str, User]:
        user, _ = User.objects.get_or_create(
            username=account.handle,
            defaults={"email": f"{account.handle}@demo.invalid"},
        )
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.display_name = account.display_name
        user.is_staff = account.is_staff
        user.save()
        user.groups.set(Group.objects.filter(name__in=account.roles))
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        return password, user

    def _article(self, editor: User) -> Article:
        article = Article.objects.filter(slug=DEMO_SLUG).first()
        if article is not None:
            return article
        article = Article(
            title="Demo: Magnet Makers Weigh New Export Rules",
            slug=DEMO_SLUG,
            standfirst="A demonstration article for trying comments, replies and moderation.",
            body=(
                "This article exists to try the discussion features.\n\n"
                "## The rules\n\nExport licences for some rare-earth products now need "
                "approval, and applications are processed within 30 working days.\n\n"
                "## The market\n\nSpot prices moved little on the news."
            ),
            disclaimer="Demonstration content, not news.",
            source_name="Rare Earth Exchanges demo",
            author=editor,
        )
        return article_publish(article=article)

    def _discussion(self, article: Article, users: dict[str, User]) -> int:
        """The conversation, approved by the demo moderator as it goes (first posts are held
        for review), then a few newcomers' comments left waiting in the queue."""
        topic = article.discussion
        if Post.objects.filter(topic=topic).exists():
            return 0
        moderator = users["demo_moderator"]
        posts: list[Post] = []
        for speaker, answers, body in CONVERSATION:
            reply_to = posts[answers] if answers is not None else None
            post = post_create(topic=topic, author=users[speaker], body=body, reply_to=reply_to)
            if post.status == Post.Status.PENDING:
                post = post_approve(post=post, moderator=moderator)
            posts.append(post)
        likers = list(users.values())
        for index, count in LIKES:
            post = posts[index]
            for liker in [u for u in likers if u.pk != post.author_id][:count]:
                reaction_add(post=post, user=liker)
        for account, body in WAITING:
            post_create(topic=topic, author=users[account.handle], body=body)
        return len(posts) + len(WAITING)
