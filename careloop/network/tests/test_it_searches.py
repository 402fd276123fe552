"""Full-text search: the same behaviour on SQLite (FTS5) and PostgreSQL (tsvector + GIN)."""

import pytest

from careloop.network import search
from careloop.network.models import Post, Tag
from careloop.network.services import post_edit, post_flag, post_hide, reply_create
from careloop.network.testing import category, make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(members):
    knee = make_thread(
        members.bob,
        title="Swelling after knee replacement exercises",
        body="Six weeks post-op, swelling after step-ups.",
        category=category("post-op-knee-and-hip"),
        tags=["knee"],
        is_question=True,
    )
    answer = reply_create(
        member=members.alice, thread=knee, body="Ice, elevate and reduce the step height."
    )
    knee.accepted_post = answer
    knee.save()
    letter = make_thread(
        members.charlie,
        title="Writing to an orthopaedic surgeon",
        body="How do you phrase a question about swelling to the surgeon?",
        category=category("working-with-physicians"),
    )
    spine = make_thread(
        members.alice,
        title="Deadlift progressions",
        body="Hip hinge drills before loading.",
        category=category("spine"),
    )
    return {"knee": knee, "answer": answer, "letter": letter, "spine": spine}


def _threads(hits):
    posts = Post.objects.in_bulk([h.post_id for h in hits])
    return [posts[h.post_id].thread.title for h in hits]


def test_it_ranks_title_matches_first_and_stems_words(corpus):
    titles = _threads(search.search("swelling"))
    assert titles[0] == "Swelling after knee replacement exercises"
    assert "Writing to an orthopaedic surgeon" in titles
    assert _threads(search.search("progression")) == ["Deadlift progressions"]


def test_it_filters_by_category_tag_author_and_answered(corpus, members):
    knee_cat = category("post-op-knee-and-hip").pk
    assert _threads(search.search("swelling", search.Filters(category_id=knee_cat))) == [
        "Swelling after knee replacement exercises"
    ]
    tag = Tag.objects.get(name="knee").pk
    assert set(_threads(search.search("swelling", search.Filters(tag_id=tag)))) == {
        "Swelling after knee replacement exercises"
    }
    by_charlie = search.search("swelling", search.Filters(author_id=members.charlie.pk))
    assert _threads(by_charlie) == ["Writing to an orthopaedic surgeon"]
    assert _threads(search.search("swelling", search.Filters(answered=False))) == [
        "Writing to an orthopaedic surgeon"
    ]
    answered = search.search("step", search.Filters(answered=True))
    assert {h.post_id for h in answered} == {
        corpus["knee"].posts.get(number=1).pk,
        corpus["answer"].pk,
    }


def test_it_follows_edits_and_leaves_out_hidden_posts(corpus, members):
    spine_post = corpus["spine"].posts.get()
    post_edit(member=members.alice, post=spine_post, body="Romanian deadlift with a dowel.")
    assert _threads(search.search("dowel")) == ["Deadlift progressions"]
    assert search.search("hinge") == []
    post_hide(moderator=members.alice, post=spine_post, reason="test")
    assert search.search("dowel") == []
    letter_post = corpus["letter"].posts.get()
    post_flag(member=members.bob, post=letter_post, reason="client_info")
    assert search.search("surgeon") == []


def test_it_marks_matches_in_an_escaped_snippet(members):
    make_thread(members.bob, title="Markup", body="<script>x</script> shoulder pain at night")
    (hit,) = search.search("shoulder")
    assert "<mark>shoulder</mark>" in hit.snippet
    assert "<script>" not in hit.snippet


def test_it_takes_any_text_safely(corpus):
    for text in ['"', "AND OR NOT", "knee*", "-", "NEAR(a b)", "'); DROP TABLE x; --", "   "]:
        search.search(text)  # no syntax error reaches the member


def test_the_search_page_filters_and_hides_muted_authors(bob_client, corpus, members):
    page = bob_client.get("/network/search/", {"q": "swelling", "answered": "no"}).content.decode()
    assert "Writing to an orthopaedic surgeon" in page and "1 result" in page
    bob_client.post(f"/network/members/{members.charlie.pk}/relation/", {"kind": "mute"})
    page = bob_client.get("/network/search/", {"q": "surgeon"}).content.decode()
    assert "Writing to an orthopaedic surgeon" not in page
    page = bob_client.get(
        "/network/search/", {"q": "swelling", "author": "@nobody"}
    ).content.decode()
    assert "Nothing found." in page


def test_a_common_word_ranks_the_recent_window_and_filters_apply_inside_it(members, monkeypatch):
    """With the window at 2 posts: the unfiltered search ranks the 2 newest matches; a
    filter is applied while the window is collected, so an older post by the filtered
    author is still found."""
    monkeypatch.setattr(search, "WINDOW", 2)
    old = make_thread(members.charlie, title="Scapular control", body="scapular work")
    for i in range(3):
        make_thread(members.bob, title=f"Note {i}", body="scapular setting drills")
    newest = search.search("scapular", limit=2)
    assert len(newest) == 2 and old.posts.get().pk not in {h.post_id for h in newest}
    by_charlie = search.search("scapular", search.Filters(author_id=members.charlie.pk), limit=2)
    assert [h.post_id for h in by_charlie] == [old.posts.get().pk]
