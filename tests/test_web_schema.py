"""The JSON API against its own OpenAPI document, with schemathesis: generated requests,
valid and invalid, to every operation over the real store must never get a 5xx, and every
response must match the documented status codes, content types and schemas.

schemathesis's pytest integration needs the app when the module is collected (or, lazily,
a pytest internal that pytest 9 no longer has), so the operations are driven here through
its library interface: one Hypothesis run per operation and generation mode. Kept small (a
few examples each, derandomized) so the run stays well under a minute; ``POST /api/compare``
analyses what it is given, so its examples are the slow ones.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from rashomon.web.app import create_app
from tests.test_web_api import web_db  # noqa: F401  (the shared store fixture)

EXAMPLES = 6


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_api_conforms_to_its_schema(web_db: Path, mode: GenerationMode) -> None:  # noqa: F811
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(web_db))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.label for op in operations} >= {
        "GET /api/stories",
        "GET /api/stories/{story_id}",
        "GET /api/articles",
        "GET /api/articles/{article_id}",
        "GET /api/quotes",
        "POST /api/compare",
        "POST /api/ingest",
    }
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,  # the same examples on every run: a failure reproduces
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: schemathesis.Case) -> None:
            case.call_and_validate()

        check()
