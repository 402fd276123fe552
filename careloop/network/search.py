"""Full-text search over published posts, one interface above two engines.

- PostgreSQL: a stored generated `tsvector` column on network_post (thread title weighted
  A, body B) with a GIN index; `websearch_to_tsquery` parses what the member typed and
  `ts_rank_cd` orders the hits.
- SQLite: an FTS5 external-content table `network_post_fts` kept in step with
  network_post by triggers (see migration 0002); bm25() orders the hits, the title
  weighted 10:1 over the body.

Both return `Hit`s (post id, rank, a snippet with the matched words marked) for the
posts a member may see, filtered by category, tag, author and answered threads.
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
    """What the member typed as an FTS5 query: every word must appear (prefix match on
    the last, for search-as-you-type), all quoted so no FTS5 syntax gets through."""
    words = re.findall(r"\w+", text.lower())[:12]
    if not words:
        return ""
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def search(
    text: str, filters: Filters | None = None, *, limit: int = 20, offset: int = 0
) -> list[Hit]:
    filters = filters or Filters()
    if not text.strip():
        return []
    if connection.vendor == "postgresql":
        return _search_postgres(text, filters, limit, offset)
    return _search_sqlite(text, filters, limit, offset)


def _search_postgres(text: str, filters: Filters, limit: int, offset: int) -> list[Hit]:
    where, params = _filter_sql(filters)
    sql = f"""
        WITH q AS (SELECT websearch_to_tsquery('english', %s) AS query),
        hits AS (
            SELECT p.id, p.body, ts_rank_cd(p.search_vector, q.query) AS rank
            FROM network_post p JOIN network_thread t ON t.id = p.thread_id, q
            WHERE p.search_vector @@ q.query {where}
            ORDER BY rank DESC, p.id DESC
            LIMIT %s OFFSET %s
        )
        SELECT hits.id, hits.rank,
               ts_headline('english', hits.body, q.query,
                           'StartSel={START}, StopSel={STOP}, MaxWords={SNIPPET_WORDS}, MinWords=8')
        FROM hits, q ORDER BY hits.rank DESC, hits.id DESC
    """  # noqa: S608 - only our own fragments are formatted in; values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [text, *params, limit, offset])
        return [Hit(row[0], float(row[1]), _marked(row[2])) for row in cursor.fetchall()]


def _search_sqlite(text: str, filters: Filters, limit: int, offset: int) -> list[Hit]:
    query = fts5_query(text)
    if not query:
        return []
    where, params = _filter_sql(filters)
    sql = f"""
        SELECT p.id, bm25(network_post_fts, 10.0, 1.0) AS rank,
               snippet(network_post_fts, 1, '{START}', '{STOP}', '…', {SNIPPET_WORDS})
        FROM network_post_fts
        JOIN network_post p ON p.id = network_post_fts.rowid
        JOIN network_thread t ON t.id = p.thread_id
        WHERE network_post_fts MATCH %s {where}
        ORDER BY rank, p.id DESC
        LIMIT %s OFFSET %s
    """  # noqa: S608 - only our own fragments are formatted in; values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [query, *params, limit, offset])
        # bm25 is lower-is-better; turn it around so both engines rank high-is-better.
        return [Hit(row[0], -float(row[1]), _marked(row[2])) for row in cursor.fetchall()]
