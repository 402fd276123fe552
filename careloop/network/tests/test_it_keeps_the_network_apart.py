"""Tenancy: non-members get 404 on every member-only URL; members of every practice see
the same content, and nothing of any practice's records; pages cost a fixed number of
queries."""

import pytest
from django.urls import reverse

from careloop.network.models import Post
from careloop.network.services import reply_create
from careloop.network.testing import OBJECT_MAKERS, make_thread
from careloop.network.urls import urlpatterns

pytestmark = pytest.mark.django_db

PUBLIC = {"network_home", "network_conduct", "network_join", "network_badge", "network_unsubscribe"}


def _url(pattern, personas):
    kwargs = {k: OBJECT_MAKERS[k](personas) for k in pattern.pattern.converters}
    return reverse(pattern.name, kwargs=kwargs)


@pytest.mark.parametrize(
    "pattern", [p for p in urlpatterns if p.name not in PUBLIC], ids=lambda p: p.name
)
def test_non_members_get_404_on_member_only_urls(personas, charlie_client, pattern):
    url = _url(pattern, personas)
    assert charlie_client.get(url).status_code == 404, url
    assert charlie_client.post(url).status_code == 404, url


def test_signed_out_visitors_are_sent_to_sign_in(client, personas):
    thread_url = reverse(
        "network_thread", kwargs={"thread_id": OBJECT_MAKERS["thread_id"](personas)}
    )
    response = client.get(thread_url)
    assert response.status_code == 302 and "/login/" in response.url


def test_members_of_every_practice_share_the_content_not_the_records(
    charlie_client, members, alices_records
):
    thread = make_thread(members.alice, title="Hold after a swollen calf")
    # The main content (the menu of charlie's own practice is his to see).
    page = charlie_client.get(f"/network/t/{thread.pk}/").content.decode().split('id="main"')[1]
    assert "Hold after a swollen calf" in page
    for record_value in ("Margaret", "Ellis", "Natarajan", "1956"):
        assert record_value not in page
    assert "/clients/" not in page  # no path from the network into any practice's records


def test_the_thread_page_costs_the_same_however_long(
    alice_client, members, django_assert_max_num_queries
):
    thread = make_thread(members.bob, tags=["knee", "acl"])
    reply_create(member=members.charlie, thread=thread, body="One.")
    with django_assert_max_num_queries(20) as few:
        alice_client.get(f"/network/t/{thread.pk}/")
    for i in range(25):
        author = (members.alice, members.charlie)[i % 2]
        reply_create(member=author, thread=thread, body=f"Reply {i} @bob")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = alice_client.get(f"/network/t/{thread.pk}/")
    assert response.content.decode().count('class="card net-post') == 27


def test_lists_cost_the_same_however_many_threads(
    alice_client, members, django_assert_max_num_queries
):
    make_thread(members.bob, tags=["knee"])
    urls = ["/network/", "/network/c/cases/", "/network/tags/knee/", "/network/moderation/"]
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(20) as captured:
            alice_client.get(url)
        counts[url] = len(captured.captured_queries)
    for i in range(20):
        make_thread(
            (members.bob, members.charlie)[i % 2], title=f"Thread {i}", tags=["knee", f"t{i}"]
        )
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            assert alice_client.get(url).status_code == 200


def test_long_threads_are_paged_by_post_number(
    alice_client, members, django_assert_max_num_queries
):
    thread = make_thread(members.bob)
    for i in range(59):
        reply_create(
            member=(members.alice, members.charlie)[i % 2], thread=thread, body=f"Reply {i}"
        )
    with django_assert_max_num_queries(20) as first:
        page1 = alice_client.get(f"/network/t/{thread.pk}/").content.decode()
    with django_assert_max_num_queries(len(first.captured_queries)):
        page2 = alice_client.get(f"/network/t/{thread.pk}/?page=2").content.decode()
    assert page1.count('class="card net-post') == 50 and 'id="post-50"' in page1
    assert page2.count('class="card net-post') == 10 and 'id="post-51"' in page2
    assert "Page 2 of 2" in page2
    post = Post.objects.get(thread=thread, number=55)
    assert post.get_absolute_url() == f"/network/t/{thread.pk}/?page=2#post-55"
    quote = alice_client.get(f"/network/t/{thread.pk}/?page=2&quote={post.pk}").content.decode()
    assert "wrote:\n&gt; Reply 53" in quote
