"""schemathesis against the live API (a real server thread, real HTTP): examples generated
from the OpenAPI schema for every operation, then stateful sequences that chain them
(create a client, read it back, log its session, report pain...). No answer may be a
server error, and every answer must match the schema (status, content type, body).

Bounded (a few examples per operation) so the whole file takes about a minute. For a
deeper search, set CARELOOP_SCHEMATHESIS_EXAMPLES (e.g. 100) and run this file alone.
"""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from careloop.api.api import api
from careloop.api.testing import make_token
from careloop.episodes.testing import make_client
from careloop.training.testing import make_session

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = int(os.environ.get("CARELOOP_SCHEMATHESIS_EXAMPLES", "4"))
STATEFUL_STEPS = max(4, EXAMPLES // 5)

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())


@pytest.fixture
def live_api(transactional_db, live_server, personas, settings):
    """A token of alice's practice, with a client who has a session, and no rate limit in
    the way of the generated calls."""
    settings.API_RATE_LIMIT_PER_MINUTE = 1_000_000
    client = make_client(personas.practice)
    make_session(client, personas.alice, days_ago=1)
    token = make_token(personas.alice, personas.practice)
    return live_server.url, {"Authorization": f"Bearer {token}"}


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_within_its_schema(case, live_api):
    base_url, headers = live_api
    case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS)


def test_the_stateful_sequences_answer_within_the_schema(live_api):
    base_url, headers = live_api

    class Sequences(schema.as_state_machine()):
        def get_call_kwargs(self, case):
            return {"base_url": base_url, "headers": headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS)

    # Generate only, with no example database: the live database keeps what every step
    # wrote, so replaying or shrinking a sequence meets another state and hypothesis stops
    # with FlakyStrategyDefinition instead of the failure (seen at 150 examples).
    Sequences.run(
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STATEFUL_STEPS,
            deadline=None,
            phases=[Phase.generate],
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )
