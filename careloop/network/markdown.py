"""Markdown to safe HTML: markdown-it-py renders, nh3 sanitises.

markdown-it runs with raw HTML off, so `<script>` is shown as text; nh3 then keeps only
the tags below (no images in the network yet) and rewrites every link to
rel="nofollow ugc noopener". @mentions become links to the member's profile.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li",
    "h3", "h4", "hr", "a", "table", "thead", "tbody", "tr", "th", "td", "del",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "class"}, "ol": {"start"}, "code": {"class"}}
URL_SCHEMES = {"http", "https", "mailto"}

# @handle: letters, digits, dot, dash, underscore; not part of an e-mail address.
MENTION_RE = re.compile(r"(?<![\w@.])@([A-Za-z0-9][A-Za-z0-9._-]{1,39})")
LINK_RE = re.compile(r"(https?://|www\.)\S+|\[[^\]]*\]\([^)]*\)", re.IGNORECASE)

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_md.enable(["table", "strikethrough"])
# Images are not part of the network yet: render ![alt](src) as its alt text.
_md.disable("image")


def mentioned_handles(markdown: str) -> list[str]:
    seen: dict[str, None] = {}
    for match in MENTION_RE.finditer(markdown):
        seen.setdefault(match.group(1).rstrip(".").lower(), None)
    return list(seen)


def has_link(markdown: str) -> bool:
    return bool(LINK_RE.search(markdown))


def render(markdown: str, mention_url: Callable[[str], str | None] | None = None) -> str:
    html = _md.render(markdown)
    if mention_url is not None:
        html = _link_mentions(html, mention_url)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc noopener",
    )


def _link_mentions(html: str, mention_url: Callable[[str], str | None]) -> str:
    # Only in text outside tags and outside <code>/<pre>/<a>: split on tags, track depth.
    parts = re.split(r"(<[^>]+>)", html)
    skip = 0
    out = []
    for part in parts:
        if part.startswith("<"):
            name = re.match(r"</?\s*(\w+)", part)
            if name and name.group(1).lower() in {"code", "pre", "a"}:
                skip += -1 if part.startswith("</") else 1
            out.append(part)
            continue
        if skip > 0:
            out.append(part)
            continue

        def link(match: re.Match[str]) -> str:
            handle = match.group(1).rstrip(".")
            url = mention_url(handle.lower())
            if url is None:
                return match.group(0)
            rest = match.group(1)[len(handle) :]
            return f'<a class="mention" href="{url}">@{handle}</a>{rest}'

        out.append(MENTION_RE.sub(link, part))
    return "".join(out)
