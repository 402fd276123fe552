from typing import Any

import pytest
from django.test import Client

from careloop.api.testing import bearer, make_token


@pytest.fixture
def alice_api(personas: Any) -> Any:
    """A test client calling the API with a read-write token of alice's practice."""
    return Client(**bearer(make_token(personas.alice, personas.practice)))


@pytest.fixture
def charlie_api(personas: Any) -> Any:
    """The same, for charlie's practice (another practice)."""
    return Client(**bearer(make_token(personas.charlie, personas.other_practice)))
