"""Full-text search over published posts, one interface above two engines.

- PostgreSQL: a stored generated `tsvector` column on network_post (thread title weighted
  A, body B) with a GIN index; `websearch_to_tsquery` parses what the member typed and
  `ts_rank_cd` orders the hits.
- SQLite: an FTS5 external-content table `network_post_fts` kept in step with
  network_post by triggers (see migration 0002); bm25() orders the hits, the title
  weighted 10:1 over the body.

Both return `Hit`s (post id, rank, a snippet with the matched words marked) for the
posts a member may see, filtered by category, tag, author and answered threads.

Ranking every match costs time in proportion to the number of matches (a word found in
most posts means ranking most of the table), so both engines rank only the WINDOW most
recent posts that match the words *and the filters*: the filters are applied while the
window is collected, so a selective filter (one author's posts) never leaves the window
short and no second, unbounded query is needed. For a word in more than WINDOW posts the
results are the best of the most recent WINDOW matches: on a forum, recency is a fair
tie-breaker among thousands of equally relevant posts. Snippets are made for the
returned hits only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Private-use markers around matched words: user text is escaped first, then they
# become <mark>.
START, STOP = "\ue000", "\ue001"
SNIPPET_WORDS = 24
# How many of the most recent matches are ranked first (see the module docstring).
WINDOW = 1000
HEADLINE_OPTIONS = f"StartSel={START}, StopSel={STOP}, MaxWords={SNIPPET_WORDS}, MinWords=8"


@dataclass(frozen=True)
class Filters:
    category_id: int | None = None
    tag_id: int | None = None
    author_id: int | None = None
    answered: bool | None = None
    excluded_author_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Hit:
    post_id: int
    rank: float
    snippet: SafeString


def _marked(raw: str) -> SafeString:
    text = escape(raw).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(text)


def _filter_sql(filters: Filters) -> tuple[str, list[Any]]:
    sql = " AND p.status = 'published' AND t.status = 'published'"
    params: list[Any] = []
    if filters.category_id is not None:
        sql += " AND t.category_id = %s"
        params.append(filters.category_id)
    if filters.tag_id is not None:
        sql += (
            " AND EXISTS (SELECT 1 FROM network_thread_tags tt"
            " WHERE tt.thread_id = t.id AND tt.tag_id = %s)"
        )
        params.append(filters.tag_id)
    if filters.author_id is not None:
        sql += " AND p.author_id = %s"
        params.append(filters.author_id)
    if filters.answered is True:
        sql += " AND t.accepted_post_id IS NOT NULL"
    elif filters.answered is False:
        sql += " AND t.accepted_post_id IS NULL"
    if filters.excluded_author_ids:
        sql += f" AND p.author_id NOT IN ({', '.join(['%s'] * len(filters.excluded_author_ids))})"
        params.extend(filters.excluded_author_ids)
    return sql, params


def fts5_query(text: str) -> str:
    """What the member typed as an FTS5 query: every word must appear (the porter
    stemmer matches "progression" to "progressions"), each quoted so no FTS5 syntax gets
    through. No prefix matching: without a prefix index a prefix query walks every
    token that starts with it, several times slower on a large table."""
    words = re.findall(r"\w+", text.lower())[:12]
    return " ".join(f'"{w}"' for w in words)


def search(
    text: str, filters: Filters | None = None, *, limit: int = 20, offset: int = 0
) -> list[Hit]:
    filters = filters or Filters()
    if not text.strip():
        return []
    engine = _search_postgres if connection.vendor == "postgresql" else _search_sqlite
    return engine(text, filters, limit, offset)


def _search_postgres(text: str, filters: Filters, limit: int, offset: int) -> list[Hit]:
    where, params = _filter_sql(filters)
    # The tsquery is written out where it is used (not in a CTE) so the planner sees it
    # when estimating how many posts match: a common word walks the primary key
    # backwards to the WINDOW newest matches; an author filter starts from the
    # author's index instead.
    sql = f"""
        WITH matches AS MATERIALIZED (
            SELECT p.id, p.search_vector
            FROM network_post p JOIN network_thread t ON t.id = p.thread_id
            WHERE p.search_vector @@ websearch_to_tsquery('english', %s) {where}
            ORDER BY p.id DESC LIMIT %s
        ),
        hits AS (
            SELECT m.id, ts_rank_cd(m.search_vector, websearch_to_tsquery('english', %s)) AS rank
            FROM matches m
            ORDER BY rank DESC, m.id DESC
            LIMIT %s OFFSET %s
        )
        SELECT hits.id, hits.rank,
               ts_headline('english', post.body, websearch_to_tsquery('english', %s),
                           '{HEADLINE_OPTIONS}')
        FROM hits JOIN network_post post ON post.id = hits.id
        ORDER BY hits.rank DESC, hits.id DESC
    """  # noqa: S608 - only our own fragments are formatted in; values are parameters
    args = [text, *params, WINDOW, text, limit, offset, text]
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        rows = cursor.fetchall()
    return [Hit(row[0], float(row[1]), _marked(row[2])) for row in rows]


def _search_sqlite(text: str, filters: Filters, limit: int, offset: int) -> list[Hit]:
    query = fts5_query(text)
    if not query:
        return []
    where, params = _filter_sql(filters)
    sql = f"""
        WITH matches AS MATERIALIZED (
            SELECT f.rowid AS id, bm25(network_post_fts, 10.0, 1.0) AS rank
            FROM network_post_fts f
            JOIN network_post p ON p.id = f.rowid
            JOIN network_thread t ON t.id = p.thread_id
            WHERE network_post_fts MATCH %s {where}
            ORDER BY f.rowid DESC LIMIT %s
        )
        SELECT m.id, m.rank FROM matches m
        ORDER BY m.rank, m.id DESC
        LIMIT %s OFFSET %s
    """  # noqa: S608 - only our own fragments are formatted in; values are parameters
    args = [query, *params, WINDOW, limit, offset]
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        rows = cursor.fetchall()
        snippets = _sqlite_snippets(cursor, query, [row[0] for row in rows])
    # bm25 is lower-is-better; turn it around so both engines rank high-is-better.
    return [Hit(row[0], -float(row[1]), snippets.get(row[0], _marked(""))) for row in rows]


def _sqlite_snippets(cursor: Any, query: str, ids: list[int]) -> dict[int, SafeString]:
    if not ids:
        return {}
    placeholders = ", ".join(["%s"] * len(ids))
    # Only placeholders and our own constants are formatted in.
    sql = (
        f"SELECT rowid, snippet(network_post_fts, 1, '{START}', '{STOP}', '…', {SNIPPET_WORDS})"  # noqa: S608
        f" FROM network_post_fts WHERE network_post_fts MATCH %s AND rowid IN ({placeholders})"
    )
    cursor.execute(sql, [query, *ids])
    return {row[0]: _marked(row[1]) for row in cursor.fetchall()}
