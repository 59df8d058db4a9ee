"""The JSON API against its own OpenAPI document, and the API's JSON against the CLI's.

With schemathesis: generated requests, valid and invalid, to every operation over the real
store must never get a 5xx, and every response must match the documented status codes,
content types and schemas. Then the one schema (rashomon/present/schema/): the CLI and
the API write the same JSON for one article's analysis, a comparison of the same articles,
a stored story and a page of stories, and both validate against the schema; and the OpenAPI
document types every field it answers with.

schemathesis's pytest integration needs the app when the module is collected (or, lazily,
a pytest internal that pytest 9 no longer has), so the operations are driven here through
its library interface: one Hypothesis run per operation and generation mode. Kept small (a
few examples each, derandomized) so the run stays well under a minute; ``POST /api/compare``
analyses what it is given, so its examples are the slow ones.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
import schemathesis
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from rashomon.cli import main
from rashomon.present.schema.analysis import AnalysisBatch, PublicArticle
from rashomon.present.schema.comparison import ComparisonDocument
from rashomon.present.schema.stories import StoryListing, StoryRecord
from rashomon.web.api import ArticleDetail, CompareOut, StoryDetail
from rashomon.web.app import create_app
from tests.test_web_api import KORSA, article_id_of, web_db  # noqa: F401  (the store fixture)

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's notice that httpx will be replaced
    from fastapi.testclient import TestClient

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


def cli_json(*args: str) -> str:
    """What ``rashomon ARGS --format json`` writes, run in this process (models loaded once)."""
    result = CliRunner().invoke(main, [*args, "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_cli_and_the_api_give_one_analysis_the_same_json(web_db: Path) -> None:  # noqa: F811
    article_id = article_id_of(web_db, "Harbor Ledger")
    with TestClient(create_app(web_db)) as client:
        response = client.get(f"/api/articles/{article_id}")
    assert response.status_code == 200
    ArticleDetail.model_validate_json(response.text, strict=True)
    written = cli_json("analyze", str(KORSA / "harbor-ledger.txt"))
    AnalysisBatch.model_validate_json(written, strict=True)
    cli, api = json.loads(written), response.json()
    (cli_analysis,) = cli["analyses"]
    cli_article = cli_analysis.pop("article")
    assert api["analysis"] == cli_analysis
    assert cli_article["id"] == article_id and api["analysis"]["quotes"]
    assert api["article"] == {name: cli_article[name] for name in PublicArticle.model_fields}


def test_the_cli_and_the_api_give_one_comparison_the_same_json(
    web_db: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    records = [
        {"text": (KORSA / name).read_text("utf-8"), "outlet": name.removesuffix(".txt")}
        for name in ("harbor-ledger.txt", "northgate-wire.txt")
    ]
    jsonl = tmp_path / "two.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    with TestClient(create_app(web_db)) as client:
        response = client.post("/api/compare", json={"articles": records})
    assert response.status_code == 200, response.text[:2000]
    CompareOut.model_validate_json(response.text, strict=True)
    written = cli_json("compare", str(jsonl))
    ComparisonDocument.model_validate_json(written, strict=True)
    cli, api = json.loads(written), response.json()["comparison"]
    assert [a.pop("path") for a in cli["articles"]] == [f"{jsonl}#{n}" for n in (1, 2)]
    assert api == cli


def test_the_cli_and_the_api_give_a_stored_story_the_same_json(web_db: Path) -> None:  # noqa: F811
    with TestClient(create_app(web_db)) as client:
        story_id = client.get("/api/stories", params={"order": "size"}).json()["items"][0]["id"]
        response = client.get(f"/api/stories/{story_id}")
    detail = StoryDetail.model_validate_json(response.text, strict=True)
    assert detail.comparison is not None and detail.comparison.facts
    cli = json.loads(cli_json("story", str(story_id), "--db", str(web_db)))
    api = response.json()
    story = cli.pop("story")
    StoryRecord.model_validate(story, strict=True)
    assert story == api["story"]
    ComparisonDocument.model_validate(cli, strict=True)
    assert all(article.pop("path") for article in cli["articles"])
    assert api["comparison"] == cli


def test_the_cli_and_the_api_list_the_same_stories(web_db: Path) -> None:  # noqa: F811
    with TestClient(create_app(web_db)) as client:
        api = client.get("/api/stories", params={"order": "size", "limit": 3}).json()
    listed = cli_json("stories", "--db", str(web_db), "--order", "size", "--limit", "3")
    StoryListing.model_validate_json(listed, strict=True)
    cli = json.loads(listed)
    assert len(cli["stories"]) == 3 and cli["total"] == api["total"]
    assert cli["stories"] == api["items"]


def untyped(node: object, where: str = "") -> list[str]:
    """Where a JSON schema lets anything through: ``{}``, an object without fields."""
    if isinstance(node, list):
        return [w for n, item in enumerate(node) for w in untyped(item, f"{where}[{n}]")]
    if not isinstance(node, dict):
        return []
    found = [where] if node == {} or node.get("additionalProperties") is True else []
    if node.get("type") == "object" and not {"properties", "additionalProperties"} & set(node):
        found.append(where)
    return found + [w for key, item in node.items() for w in untyped(item, f"{where}/{key}")]


def test_the_openapi_document_types_every_field_it_answers_with(web_db: Path) -> None:  # noqa: F811
    spec = create_app(web_db).openapi()
    schemas = spec["components"]["schemas"]
    # FastAPI's own list of validation problems is the one free-form answer.
    assert untyped(schemas.pop("Problem")) == ["/properties/detail/anyOf[1]/items"]
    assert untyped(schemas) == []
    compared = schemas["CompareOut"]["properties"]["comparison"]
    assert compared["$ref"] == "#/components/schemas/ComparisonDocument"
    fields = {f.alias or name for name, f in ComparisonDocument.model_fields.items()}
    assert set(schemas["ComparisonDocument"]["required"]) == fields
