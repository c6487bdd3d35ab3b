"""schemathesis against the central server's own /openapi.json, over real HTTP on loopback:
no request, however odd, gets a 5xx. Requests are signed by a registered terminal, so the
generated bodies reach the handlers behind the signature check (unsigned ones are refused at
the door and would test nothing else). A few examples per operation here; more with
`POS_FUZZ_EXAMPLES=500 pytest tests/central/test_openapi_fuzz.py`."""
from __future__ import annotations

import os
from urllib.parse import urlsplit

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from pos_loyalty.sync.http import register
from pos_loyalty.sync.signing import Signer, new_key
from tests.central.chain import code_for

EXAMPLES = int(os.environ.get("POS_FUZZ_EXAMPLES", "12"))


class Signed(requests.auth.AuthBase):
    """Signs each prepared request the way the till's transport does."""

    def __init__(self, signer: Signer, clock) -> None:  # noqa: ANN001
        self.signer, self.clock = signer, clock

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        body = request.body or b""
        body = body.encode() if isinstance(body, str) else body
        request.headers.update(self.signer.headers(request.method or "GET", urlsplit(request.url).path, body,
                                                   timestamp=int(self.clock().timestamp())))
        return request


@pytest.fixture
def signed_session(central_server) -> requests.Session:  # noqa: ANN001
    private, public = new_key()
    registered = register(central_server.url, code_for(central_server.db_url), public, "fuzz")
    session = requests.Session()
    session.auth = Signed(Signer(registered.terminal, private), central_server.clock)
    yield session
    session.close()


def test_no_generated_request_gets_a_server_error(central_server, signed_session):  # noqa: ANN001
    schema = schemathesis.openapi.from_url(central_server.url + "/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert any(op.path == "/v1/sync/push" for op in operations)

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def no_server_error(case) -> None:  # noqa: ANN001
            response = case.call(base_url=central_server.url, session=signed_session, timeout=30)
            case.validate_response(response, checks=[not_a_server_error])

        no_server_error()
