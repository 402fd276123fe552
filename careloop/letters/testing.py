"""This app's entries for careloop/testing/objects.py: URL kwarg -> maker of alice's object."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # careloop.testing.objects imports this module: no import cycle at run time
    from careloop.testing.personas import ObjectMaker, Personas


def _letter(p: Personas) -> object:
    """A final SBAR report about one of alice's episodes on hold."""
    from careloop.episodes.testing import _hold_and_contact
    from careloop.letters.services import letter_draft, letter_finalise

    report = _hold_and_contact(p)
    letter = letter_draft(kind="sbar", author=p.alice, episode=report.episode)
    return letter_finalise(letter=letter, actor=p.alice).pk


OBJECT_MAKERS: dict[str, ObjectMaker] = {"letter_id": _letter}
