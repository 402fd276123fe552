"""This app's entries for careloop/testing/objects.py: URL kwarg -> maker of alice's object."""

from __future__ import annotations

from careloop.testing.objects import ObjectMaker

OBJECT_MAKERS: dict[str, ObjectMaker] = {}
