from careloop.network.markdown import has_link, mentioned_handles, render


def test_it_shows_raw_html_as_text():
    html = render('<script>alert("x")</script><img src=x onerror=alert(1)>')
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_it_drops_javascript_links_and_marks_others_nofollow_ugc():
    html = render("[bad](javascript:alert(1)) [good](https://example.org)")
    assert 'href="javascript' not in html
    assert 'href="https://example.org"' in html
    assert 'rel="nofollow ugc noopener"' in html


def test_it_renders_no_images():
    assert "<img" not in render("![x-ray](https://example.org/x.png)")


def test_it_links_known_mentions_outside_code():
    html = render(
        "thanks @bob. see `@bob`", lambda h: "/network/members/2/" if h == "bob" else None
    )
    assert '<a class="mention" href="/network/members/2/"' in html
    assert "<code>@bob</code>" in html


def test_it_finds_mentions_but_not_email_addresses():
    assert mentioned_handles("ask @Dana.W and mail dana@example.com") == ["dana.w"]


def test_it_sees_links_in_markdown_and_bare():
    assert has_link("see www.example.org") and has_link("[a](b)")
    assert not has_link("plain text about 3 sets of 10")
