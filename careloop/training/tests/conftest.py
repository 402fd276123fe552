from __future__ import annotations

from typing import Any

import pytest

from careloop.training.exercise_library import exercise_library_ensure
from careloop.training.models import Exercise
from careloop.training.testing import make_client


@pytest.fixture
def client_record(personas: Any) -> Any:
    return make_client(personas.practice)


@pytest.fixture
def library(personas: Any) -> dict[str, Exercise]:
    exercise_library_ensure(practice=personas.practice)
    return {e.name: e for e in Exercise.objects.filter(practice=personas.practice)}
