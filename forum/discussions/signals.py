"""What the discussions tell the apps above them (search keeps its index by it), so that the
discussions import none of them. Sent inside the transaction that wrote the post: a receiver's
writes commit or roll back with it.

Status changes send nothing: who may see a post is read from the post itself wherever it is
shown, search included."""

from __future__ import annotations

from django.dispatch import Signal

# A post's body was written: a new post (created=True; a forum topic's opening post too,
# once the topic points at it) or an edit (created=False). Arguments: post, created.
post_written = Signal()

# Comments were imported (importing/services.py): new posts, written in bulk into one topic in
# the transaction that sends this, each with its `topic` set. Arguments: posts.
posts_imported = Signal()
