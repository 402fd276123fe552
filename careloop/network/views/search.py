from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from careloop.network import search as engine
from careloop.network.forms import SearchForm
from careloop.network.models import Member, Post, Tag
from careloop.network.relations import hidden_author_ids
from careloop.network.views.common import network_view

RESULTS = 20


@network_view
def search(request: HttpRequest) -> HttpResponse:
    member: Member = request.network_member  # type: ignore[attr-defined]
    form = SearchForm(request.GET or None)
    hits: list[tuple[engine.Hit, Post]] = []
    searched = False
    if form.is_valid() and form.cleaned_data["q"].strip():
        searched = True
        data = form.cleaned_data
        tag = Tag.objects.filter(name=data["tag"].strip().lower()).first() if data["tag"] else None
        author = (
            Member.objects.filter(handle=data["author"].lstrip("@").lower()).first()
            if data["author"]
            else None
        )
        hidden = tuple(sorted(hidden_author_ids(member)))
        unknown = (data["tag"] and tag is None) or (data["author"] and author is None)
        filters = engine.Filters(
            category_id=data["category"].pk if data["category"] else None,
            tag_id=tag.pk if tag else None,
            author_id=author.pk if author else None,
            answered={"yes": True, "no": False}.get(data["answered"]),
            excluded_author_ids=hidden,
        )
        found = [] if unknown else engine.search(data["q"], filters, limit=RESULTS)
        posts = Post.objects.select_related("thread__category", "author").in_bulk(
            [h.post_id for h in found]
        )
        hits = [(h, posts[h.post_id]) for h in found if h.post_id in posts]
    return render(
        request, "network/search.html", {"form": form, "hits": hits, "searched": searched}
    )
