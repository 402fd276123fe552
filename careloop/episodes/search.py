"""The top bar's search: clients, referral sources and episodes of one practice.

A read (a selector): every queryset starts from the practice, so another practice's
records can never match. The search term is client data (usually a name); it is never
logged or written to the audit trail (the request log drops query strings).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F, Q, QuerySet

from careloop.accounts.models import Practice
from careloop.clients.models import Client, ReferralSource
from careloop.clients.selectors import referral_source_list
from careloop.episodes.models import Episode

# Each kind shows this many; "more" sends to that kind's own list, already filtered.
RESULT_LIMIT = 10
# Longer input is cut: nobody types a 200-character name, and the LIKE stays cheap.
MAX_QUERY_LENGTH = 100


@dataclass
class SearchResults:
    q: str
    clients: list[Client] = field(default_factory=list)
    sources: list[ReferralSource] = field(default_factory=list)
    episodes: list[Episode] = field(default_factory=list)
    more_clients: bool = False
    more_sources: bool = False
    more_episodes: bool = False

    @property
    def empty(self) -> bool:
        return not (self.clients or self.sources or self.episodes)

    @property
    def shown_clients(self) -> list[Client]:
        """Every client whose name the page shows (as a client or as an episode's client),
        once each: these are the views of client data the search audits."""
        seen: dict[int, Client] = {c.pk: c for c in self.clients}
        for episode in self.episodes:
            seen.setdefault(episode.client_id, episode.client)
        return list(seen.values())


def clean_query(raw: str) -> str:
    return " ".join(raw.split())[:MAX_QUERY_LENGTH]


def _name_filter(terms: list[str], prefix: str = "") -> Q:
    """Every term must match the first or last name (so "ellis marg" finds Margaret Ellis)."""
    condition = Q()
    for term in terms:
        condition &= Q(**{f"{prefix}first_name__icontains": term}) | Q(
            **{f"{prefix}last_name__icontains": term}
        )
    return condition


def _clients(practice: Practice, terms: list[str]) -> QuerySet[Client]:
    return (
        Client.objects.filter(practice=practice)
        .filter(_name_filter(terms))
        .order_by("last_name", "first_name", "pk")
    )


def _episodes(practice: Practice, terms: list[str]) -> QuerySet[Episode]:
    # Open and monitoring episodes first (what is being worked on), then the newest.
    return (
        Episode.objects.filter(practice=practice, client__practice=practice)
        .filter(_name_filter(terms, prefix="client__"))
        .select_related("client")
        .order_by(F("resolved_at").asc(nulls_first=True), "-opened_at", "-pk")
    )


def _first(queryset: QuerySet, limit: int) -> tuple[list, bool]:  # type: ignore[type-arg]
    rows = list(queryset[: limit + 1])
    return rows[:limit], len(rows) > limit


def search(practice: Practice, raw_query: str, *, limit: int = RESULT_LIMIT) -> SearchResults:
    """Up to `limit` of each kind matching every word of the query. Three queries."""
    q = clean_query(raw_query)
    results = SearchResults(q=q)
    terms = q.split()
    if not terms:
        return results
    results.clients, results.more_clients = _first(_clients(practice, terms), limit)
    results.sources, results.more_sources = _first(referral_source_list(practice, q), limit)
    results.episodes, results.more_episodes = _first(_episodes(practice, terms), limit)
    return results
