"""No false alarms: valid requests for every current model, in every form the model allows, lint
without an error (or a warning). The generated corpus follows models.toml, so a new model is
covered the day it is added; the hand-written files in tests/fixtures/lint_valid/ are realistic
requests (agent loops, vision, budget thinking, Bedrock bodies, curl)."""

import copy
import json
from pathlib import Path

import pytest

import knowledge
from tui.lint import lint_request
from tests.test_lint_rules import lint_cli

KB = knowledge.load()
ACTIVE = [m for m in KB.models if m.lifecycle == "active"]
FIXTURES = sorted((Path(__file__).parent / "fixtures" / "lint_valid").iterdir())
PNG_1PX = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
TOOL = {"name": "get_weather", "description": "Current weather for a city.",
        "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}


def thinking_forms(model) -> list[dict | None]:
    """Every thinking setting the model's rules allow (None: thinking left out)."""
    rules = model.rules
    forms: list[dict | None] = [None]
    if "adaptive-thinking" in rules:
        forms.append({"type": "adaptive"})
    if "budget-thinking" in rules and "no-budget-thinking" not in rules:
        forms.append({"type": "enabled", "budget_tokens": 2048})
    if "rejects-thinking-disabled" not in rules and rules & {"adaptive-thinking", "budget-thinking"}:
        forms.append({"type": "disabled"})
    if "between-tools-thinking" in rules:
        forms.append({"type": "between_tools"})
    return forms


def requests_for(model) -> list[dict]:
    base = {"model": model.id, "max_tokens": 8000, "system": "Be concise.",
            "messages": [{"role": "user", "content": "What is the weather in Oslo?"}]}
    tools = copy.deepcopy(base) | {"tools": [TOOL], "messages": [
        {"role": "user", "content": "What is the weather in Oslo?"},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_01", "name": "get_weather",
                                           "input": {"city": "Oslo"}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_01", "content": "4 C"}]}]}
    vision = copy.deepcopy(base) | {"messages": [{"role": "user", "content": [
        {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": PNG_1PX}},
        {"type": "text", "text": "What is in this picture?"}]}]}
    out = []
    for shape in (base, tools, vision):
        for form in thinking_forms(model):
            req = copy.deepcopy(shape)
            if form is not None:
                req["thinking"] = form
            out.append(req)
    if "effort" in model.rules:
        levels = ["low", "medium", "high"] + (["xhigh"] if "effort-xhigh" in model.rules else []) + ["max"]
        out += [copy.deepcopy(base) | {"output_config": {"effort": e}} for e in levels]
    if "no-sampling-params" not in model.rules:
        out.append(copy.deepcopy(base) | {"temperature": 0.4})
    if "no-prefill" not in model.rules:
        out.append(copy.deepcopy(base) | {"messages": base["messages"] + [{"role": "assistant", "content": "It is"}]})
    if "system-role-in-messages" in model.rules:
        out.append(copy.deepcopy(base) | {"messages": base["messages"] + [
            {"role": "system", "content": "Answer in Celsius."}, {"role": "assistant", "content": "Mild."},
            {"role": "user", "content": "And tomorrow?"}]})
    return out


@pytest.mark.parametrize("model", ACTIVE, ids=lambda m: m.id)
def test_valid_requests_for_every_current_model(model):
    reqs = requests_for(model)
    assert len(reqs) >= 6
    for req in reqs:
        bad = [(f.rule, f.path, f.message) for f in lint_request(req, KB) if f.severity != "info"]
        assert not bad, (json.dumps(req)[:300], bad)


def test_every_thinking_form_appears_somewhere():
    forms = {f["type"] for m in ACTIVE for f in thinking_forms(m) if f}
    assert forms == {"adaptive", "enabled", "disabled", "between_tools"}
    assert {"type": "disabled"} in thinking_forms(KB.model_by_id["claude-opus-4-8"])


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_hand_written_valid_requests(path):
    code, out = lint_cli(str(path), "--format", "json", "--fail-on", "warning")
    noisy = [f for f in json.loads(out)["findings"] if f["severity"] != "info"]  # info is advice, not an alarm
    assert (code, noisy) == (0, []), noisy
