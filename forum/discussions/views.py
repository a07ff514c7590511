"""HTML views of the discussions. They work without JavaScript; htmx only adds live updates."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import push_url

from accounts.requests import AuthenticatedHttpRequest
from accounts.viewer import viewer_for
from config.web.cached_html import cached_page, csrf_placeholder
from config.web.form_responses import render_form
from config.web.html_errors import refusal_page, service_errors_as_pages, service_errors_on_form
from config.web.query_params import query_id, whole_number
from config.web.requests import HtmxHttpRequest
from forum.discussions.form_html import comment_form_html
from forum.discussions.forms import PostEditForm, PostForm, TopicForm
from forum.discussions.index_selectors import category_summaries
from forum.discussions.models import Post, Topic
from forum.discussions.permissions import (
    can_see_post,
    post_delete_refusal,
    post_edit_refusal,
    topic_reply_refusal,
    topic_start_refusal,
)
from forum.discussions.poll_cache import nothing_new_since
from forum.discussions.revisions import post_history_for_viewer
from forum.discussions.selectors import (
    Sort,
    category_get,
    post_get_for_viewer,
    post_on_first_page,
    posts_new_since,
    topic_get_for_viewer,
    topic_list,
    topic_public_page_version,
)
from forum.discussions.services.posting import post_create, post_delete, post_edit
from forum.discussions.services.reactions import reaction_add, reaction_remove
from forum.discussions.services.topics import topic_create
from forum.discussions.threads_html import threads_render

SORT_LABELS = [(Sort.OLDEST, "Oldest"), (Sort.NEWEST, "Newest"), (Sort.TOP, "Top")]


def comments_context(
    request: HttpRequest, topic: Topic, *, form: PostForm | None = None
) -> dict[str, Any]:
    """What the comments block needs, for the article page and the topic page alike. The
    form is the shared empty one (form_html.py) unless `form` is given."""
    reply_refusal = topic_reply_refusal(viewer_for(request), topic)
    shared_form = form is None and reply_refusal is None
    return {
        "topic": topic,
        "page": threads_render(
            request,
            topic=topic,
            sort=request.GET.get("sort", Sort.DEFAULT),
            after=query_id(request, "after"),
            thread=query_id(request, "thread"),
            reply_refusal=reply_refusal,
        ),
        "sorts": SORT_LABELS,
        "reply_refusal": reply_refusal,
        "form": form,
        "form_html": comment_form_html(topic) if shared_form else None,
    }


def topic_detail(request: HtmxHttpRequest, pk: int, slug: str) -> HttpResponse:
    """A topic and its comments. Everyone logged out sees the same page, so theirs is cached
    whole, under what the page is rendered from (topic_public_page_version: one query, of the
    fields alone); the topic is read whole only to render it."""
    # A member's roles and verified address are asked below (may they comment, moderate):
    # read together.
    viewer = viewer_for(request, with_checks=True)
    if viewer.user is None and not request.htmx and not len(get_messages(request)):
        found = topic_public_page_version(pk=pk)
        if found is not None:
            topic_slug, version = found
            if slug != topic_slug:
                return redirect("forum:topic", pk=pk, slug=topic_slug, permanent=True)
            return cached_page(
                "forum:topic-page",
                (version, request.build_absolute_uri()),
                lambda: _topic_page(
                    request,
                    topic_get_for_viewer(pk=pk, viewer=viewer),
                    csrf_token=csrf_placeholder(),
                ),
                seconds=settings.ARTICLE_PAGE_CACHE_SECONDS,
            )
    topic = topic_get_for_viewer(pk=pk, viewer=viewer)
    if slug != topic.slug:
        return redirect(topic, permanent=True)
    return _topic_page(request, topic)


def _topic_page(
    request: HttpRequest, topic: Topic, *, csrf_token: str | None = None
) -> HttpResponse:
    context = comments_context(request, topic)
    if csrf_token is not None:
        context["csrf_token"] = (
            csrf_token  # over the context processor's: config/web/cached_html.py
        )
    return render(request, "discussions/topic_detail.html", context)


@require_GET
def topic_threads(request: HttpRequest, pk: int) -> HttpResponse:
    """The next page of threads, for "Load more comments"."""
    topic = topic_get_for_viewer(pk=pk, viewer=viewer_for(request))
    return HttpResponse(comments_context(request, topic)["page"].html)


def poller_context(request: HttpRequest, topic_id: int, after: int) -> dict[str, Any]:
    """What discussions/_new_replies.html needs, without the topic's row."""
    sort = request.GET.get("sort", Sort.DEFAULT)
    return {
        "topic": {"pk": topic_id},
        "after": after,
        "page": {"sort": sort if sort in Sort.CHOICES else Sort.DEFAULT},
    }


@require_GET
def topic_new_since(request: HttpRequest, pk: int) -> HttpResponse:
    """Posts newer than ?after=, placed into the page by htmx without a reload."""
    after = query_id(request, "after", minimum=0) or 0
    if not request.user.is_authenticated and nothing_new_since(topic_id=pk, after_id=after):
        # Most polls: one cache read, no database query (poll_cache.py). The poller renewed
        # as the full answer would renew it, cursor and sort unchanged.
        return render(request, "discussions/_new_replies.html", poller_context(request, pk, after))
    viewer = viewer_for(request)
    topic = topic_get_for_viewer(pk=pk, viewer=viewer)
    nodes = posts_new_since(topic=topic, viewer=viewer, after_id=after)
    sort = request.GET.get("sort", Sort.DEFAULT)
    context = {
        "topic": topic,
        "nodes": nodes,
        "after": nodes[-1].post.pk if nodes else after,
        # Only what the new posts and the poller need, not a page of threads every 20 s.
        "page": {"sort": sort if sort in Sort.CHOICES else Sort.DEFAULT},
        "reply_refusal": topic_reply_refusal(viewer, topic),
    }
    return render(request, "discussions/_new_since.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@service_errors_as_pages(PermissionDenied)
def topic_reply(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Post a comment (or, with `parent`, a reply). GET shows the form on a page of its own,
    or, asked by htmx (a comment's Reply link), the form alone."""
    viewer = viewer_for(request)
    topic = topic_get_for_viewer(pk=pk, viewer=viewer)
    # No form where the comment would be refused (the service asks again, on the locked rows).
    if refusal := topic_reply_refusal(viewer, topic):
        return refusal_page(request, refusal.message, status=403)
    parent = None
    parent_id = request.POST.get("parent") or request.GET.get("parent")
    if parent_id:
        parent_pk = whole_number(parent_id, minimum=1)
        parent = (
            Post.objects.filter(pk=parent_pk, topic=topic).select_related("author").first()
            if parent_pk is not None
            else None
        )
        if parent is None:
            return refusal_page(request, "That comment does not exist.", status=400)
        # What this reader may not see is neither quoted nor answered (its placeholder already
        # says it is there); the service says why a comment they can see cannot be answered.
        if not can_see_post(viewer, parent):
            return refusal_page(request, "That comment can no longer be replied to.", status=400)
    # A reply's fields are named after its comment: htmx may put several on one page.
    form = PostForm(request.POST or None, auto_id=f"reply-{parent.pk}-%s" if parent else "id_%s")
    if request.method == "POST" and form.is_valid():
        # Refused for its input or its pace: the form again, with what was typed (what is wrong
        # with the hidden parent is said above it); nothing is lost by waiting a few seconds.
        with service_errors_on_form(form):
            post = post_create(
                topic=topic,
                author=request.user,
                body=form.cleaned_data["body"],
                reply_to=parent,
                disclosure=form.cleaned_data["disclosure"] or None,
            )
            if post.status == Post.Status.PENDING:
                messages.info(
                    request,
                    "Thanks. Your comment will appear once a moderator has approved it; "
                    "until then only you can see it.",
                )
            return redirect("forum:post", pk=post.pk)
    context = {"topic": topic, "form": form, "parent": parent}
    if request.htmx:
        # The form alone, in place of the comment's Reply link (boosted: htmx would otherwise
        # put the reply page's address in the history, the link being gone by then).
        response = render_form(request, "discussions/_reply_form.html", context, form=form)
        return push_url(response, False)
    return render_form(request, "discussions/reply.html", context, form=form)


def post_permalink(request: HttpRequest, pk: int) -> HttpResponse:
    """A comment's lasting address: on the page where the comments are read, with all of them
    when its thread is on the first page, else with its thread alone."""
    viewer = viewer_for(request)
    post = post_get_for_viewer(pk=pk, viewer=viewer)
    if post_on_first_page(post=post, viewer=viewer):
        return redirect(f"{post.topic.comments_url}#comment-{post.pk}")
    return redirect(f"{post.topic.comments_url}?thread={post.thread_id}#comment-{post.pk}")


@require_GET
def post_revisions_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Every version of a comment, with what each edit changed: to whoever may see it."""
    history = post_history_for_viewer(pk=pk, viewer=viewer_for(request))
    return render(request, "discussions/post_revisions.html", {"history": history})


@login_required
@require_http_methods(["GET", "POST"])
@service_errors_as_pages(PermissionDenied)
def post_edit_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request)
    post = post_get_for_viewer(pk=pk, viewer=viewer)
    # Nobody is shown a form, with its text, that saving would refuse.
    if refusal := post_edit_refusal(viewer, post):
        return refusal_page(request, refusal.message, status=403)
    form = PostEditForm(request.POST or None, initial={"body": post.body})
    if request.method == "POST" and form.is_valid():
        with service_errors_on_form(form):
            post_edit(
                post=post,
                editor=request.user,
                body=form.cleaned_data["body"],
                reason=form.cleaned_data["reason"],
            )
            return redirect("forum:post", pk=post.pk)
    context = {"post": post, "form": form, "moderator_edit": post.author_id != viewer.pk}
    return render_form(request, "discussions/post_edit.html", context, form=form)


@login_required
@require_http_methods(["GET", "POST"])
@service_errors_as_pages(PermissionDenied)
def post_delete_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request)
    post = post_get_for_viewer(pk=pk, viewer=viewer)
    if refusal := post_delete_refusal(viewer, post):
        return refusal_page(request, refusal.message, status=403)
    if request.method == "POST":
        post_delete(post=post, by=request.user)
        return redirect(f"{post.topic.comments_url}#comments")
    return render(request, "discussions/post_delete.html", {"post": post})


@login_required
@require_POST
@service_errors_as_pages(PermissionDenied)
def post_like(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Like a comment, or take the like back."""
    post = post_get_for_viewer(pk=pk, viewer=viewer_for(request))
    if post.reactions.filter(user=request.user).exists():
        reaction_remove(post=post, user=request.user)
    else:
        reaction_add(post=post, user=request.user)
    return redirect("forum:post", pk=post.pk)


def forum_index(request: HttpRequest) -> HttpResponse:
    return render(request, "discussions/index.html", {"summaries": category_summaries()})


def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    category, viewer = category_get(slug=slug), viewer_for(request)
    page = Paginator(
        topic_list(category=category, viewer=viewer), settings.FORUM_TOPICS_PER_PAGE
    ).get_page(request.GET.get("page"))
    context = {
        "category": category,
        "page": page,
        "start_refusal": topic_start_refusal(viewer, category),
    }
    return render(request, "discussions/category_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@service_errors_as_pages(PermissionDenied)
def topic_new(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    category = category_get(slug=slug)
    if refusal := topic_start_refusal(viewer_for(request), category):
        return refusal_page(request, refusal.message, status=403)
    form = TopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Refused for its input or its pace: the form again, with what was typed.
        with service_errors_on_form(form):
            topic = topic_create(
                category=category,
                author=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                disclosure=form.cleaned_data["disclosure"] or None,
            )
            return redirect(topic)
    context = {"category": category, "form": form}
    return render_form(request, "discussions/topic_new.html", context, form=form)
