"""One object of each protected kind, owned by alice's practice, keyed by URL kwarg name.

tests/test_it_answers_404_to_another_practice_on_every_url.py walks every URL pattern that
takes an object id and asks this registry for one of alice's objects to probe as charlie. A
new URL kwarg without an entry here fails that test: add a maker for it (returning the id to
put in the URL).
"""

from __future__ import annotations

import importlib

from careloop.accounts.models import Membership
from careloop.testing.personas import ObjectMaker, Personas


def _membership(p: Personas) -> object:
    return Membership.objects.get(user=p.bob, practice=p.practice).pk


OBJECT_MAKERS: dict[str, ObjectMaker] = {
    "membership_id": _membership,
}

# Each app keeps its own makers in <app>/testing.py (OBJECT_MAKERS), merged here.
APP_MAKER_MODULES = [
    "careloop.clients.testing",
    "careloop.training.testing",
    "careloop.episodes.testing",
    "careloop.letters.testing",
    "careloop.network.testing",
    "careloop.checkin.testing",
    "careloop.outbox.testing",
    "careloop.api.testing",
    "careloop.cases.testing",
]


def _merge_app_makers() -> None:
    for name in APP_MAKER_MODULES:
        for kwarg, maker in importlib.import_module(name).OBJECT_MAKERS.items():
            if kwarg in OBJECT_MAKERS and OBJECT_MAKERS[kwarg] is not maker:
                raise RuntimeError(f"two makers for URL kwarg {kwarg!r}")
            OBJECT_MAKERS[kwarg] = maker


# URL kwargs that are not ids of practice records (public tokens, enum values...).
# Secrets in links (invitation, sign-up, password reset), not ids of practice objects.
NOT_OBJECT_IDS: set[str] = {"token", "uidb64"}


_merge_app_makers()
