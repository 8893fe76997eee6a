"""The validation explainer (tui/engine/validation.py) and the request.schema-violation cause.

The messages are real: each was posted in the public thread named beside it.
"""

import json

import pytest

import knowledge
from knowledge.generate_request_schema import generate, render
from knowledge.loader import data_dir, REQUEST_SCHEMA
from tui.engine import diagnose
from tui.engine.validation import explain, load_schema, locate, parse, shown_path

KB = knowledge.load()
SCHEMA = load_schema()

# (message, source, expected (path, kind, found/expected/limit detail))
REAL = [
    ("messages.65.content.1.tool_use.text: Extra inputs are not permitted", "anthropics/claude-code#4378",
     (("messages", 65, "content", 1, "tool_use", "text"), "extra")),
    ("context_management: Extra inputs are not permitted", "anthropics/claude-code#14135",
     (("context_management",), "extra")),
    ("response_format: Extra inputs are not permitted", "amrit110/oli#7", (("response_format",), "extra")),
    ("extra_body: Extra inputs are not permitted", "Aider-AI/aider#3367", (("extra_body",), "extra")),
    ("messages.1.content.1.tool_use.index: Additional input is not allowed", "langchain-ai/langchain#31208",
     (("messages", 1, "content", 1, "tool_use", "index"), "extra")),
    ("tools.3.cache_control: Extra inputs are not permitted", "earendil-works/pi#7938",
     (("tools", 3, "cache_control"), "extra")),
    ("messages.1.content.0.thinking.signature: Field required", "anthropics/claude-code#26542",
     (("messages", 1, "content", 0, "thinking", "signature"), "missing")),
    ("prompt: Field required", "QuantumNous/new-api#94", (("prompt",), "missing")),
    ("messages.0.content.1.text.text: Input should be a valid string", "simonw/llm-anthropic#23",
     (("messages", 0, "content", 1, "text", "text"), "type")),
    ("prompt: Input should be a valid string", "danny-avila/LibreChat#6002", (("prompt",), "type")),
    ("messages.61.content.0.tool_use.input: Input should be a valid dictionary", "anthropics/claude-code#6696",
     (("messages", 61, "content", 0, "tool_use", "input"), "type")),
    ("system.2.cache_control.ephemeral.scope: Extra inputs are not permitted", "anthropics/claude-code#25597",
     (("system", 2, "cache_control", "ephemeral", "scope"), "extra")),
    ("tools.7.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'", "apify/tester-mcp-client#11",
     (("tools", 7, "custom", "name"), "pattern")),
    ("tools.0.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'", "home-assistant/core#147760",
     (("tools", 0, "custom", "name"), "pattern")),
    ("tools.18.custom.name: String should have at most 128 characters", "anthropics/claude-code#96152",
     (("tools", 18, "custom", "name"), "max_length")),
    ("tools.0.FrontendRemoteMcpToolDefinition.name: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'",
     "malloydata/publisher#543", (("tools", 0, "FrontendRemoteMcpToolDefinition", "name"), "pattern")),
    ("tools.28.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'", "cyanheads/atlas-mcp-server#14",
     (("tools", 28, "custom", "name"), "pattern")),
    ("messages.1.role: Input should be 'user' or 'assistant'", "Alishahryar1/free-claude-code#1041",
     (("messages", 1, "role"), "enum")),
    ("messages.12.content.0: unexpected `tool_use_id` found in `tool_result` blocks: toolu_01JLpBvrkaJHBDU3z3cWqtyv. "
     "Each `tool_result` block must have a corresponding `tool_use` block in the previous message.",
     "router-for-me/CLIProxyAPI#497", (("messages", 12, "content", 0), "orphan_tool_result")),
    ("max_completion_tokens: Extra inputs are not permitted", "1Panel-dev/MaxKB#2912",
     (("max_completion_tokens",), "extra")),
    ("messages.10.content.0.document.source: Input tag 'file' found using 'type' does not match any of the "
     "expected tags: 'base64', 'content', 'text', 'url'", "a public repository's fix note",
     (("messages", 10, "content", 0, "document", "source"), "tag")),
    ("tools.0: Input tag 'web_search_20260209' found using 'type' does not match any of the expected tags",
     "a public repository's test of a server tool", (("tools", 0), "tag")),
]


@pytest.mark.parametrize("message,source,expected", REAL, ids=[s for _, s, _ in REAL])
def test_parse_real_messages(message, source, expected):
    (v,) = parse(message)
    assert (v.path, v.kind) == expected


def test_parse_details_of_each_complaint():
    (tag,) = parse(REAL[20][0])
    assert tag.found == "file" and tag.expected == ("base64", "content", "text", "url")
    (enum,) = parse("messages.1.role: Input should be 'user' or 'assistant'")
    assert enum.expected == ("user", "assistant")
    (length,) = parse("tools.18.custom.name: String should have at most 128 characters")
    assert length.limit == "128"
    (items,) = parse("messages: List should have at least 1 item after validation, not 0")
    assert (items.path, items.kind, items.limit) == (("messages",), "min_items", "1")
    (value,) = parse("thinking.budget_tokens: Input should be greater than or equal to 1024")
    assert (value.kind, value.limit) == ("ge", "1024")
    assert parse("messages.2: Unexpected value")[0].kind == "unexpected"


def test_parse_several_errors_and_both_orders_and_bracket_paths():
    two = parse("messages.0.content.1.image_url: Extra inputs are not permitted\nmax_tokens: Field required")
    assert [(v.path, v.kind) for v in two] == [(("messages", 0, "content", 1, "image_url"), "extra"),
                                               (("max_tokens",), "missing")]
    # musistudio/claude-code-router#1221: complaint first, the framework's 'input.' prefix, ' & ' between
    rev = parse("Input should be a valid string: input.messages.0.content & "
                "Input should be a valid string: input.messages.2.content")
    assert [v.path for v in rev] == [("messages", 0, "content"), ("messages", 2, "content")]
    assert parse("messages[0].content[1].image_url: Extra inputs are not permitted")[0].path == \
        ("messages", 0, "content", 1, "image_url")
    # a wrapper's words before the path, the JSON escaping after it
    (v,) = parse('API Error: 400 tools.18.custom.name: String should have at most 128 characters"}')
    assert v.path == ("tools", 18, "custom", "name")


def test_parse_ignores_other_messages():
    assert parse("messages: roles must alternate between \"user\" and \"assistant\"") == []
    assert parse("messages.2.content.1.document.citations: Citations are not supported for this document type") == []
    assert parse(None) == [] and parse("") == []


def test_locate_reads_union_members_and_the_request():
    request = {"messages": [{"role": "user", "content": [{"type": "text", "text": "hi"},
                                                         {"type": "image_url", "image_url": {"url": "u"}}]}]}
    place = locate(SCHEMA, "messages", ("messages", 0, "content", 1), request)
    assert place.value == request["messages"][0]["content"][1]
    tags = {SCHEMA.tag(n) for n in SCHEMA.objects_in(place.type)}
    assert {"text", "image", "document", "tool_use", "tool_result"} <= tags
    # `thinking` is both a block tag and a field of that block: the path's next segment decides
    sig = locate(SCHEMA, "messages", ("messages", 1, "content", 0, "thinking", "signature"), None)
    assert sig.field is not None and sig.field.get("required") and sig.parent == ["ThinkingBlockParam"]
    assert shown_path(("messages", 0, "content", 1)) == "messages[0].content[1]"


def test_explanations_name_the_nearest_field_value_and_tag():
    (typo,) = explain("metadata.user_idd: Extra inputs are not permitted", None, KB)
    assert "Did you mean `user_id`?" in typo.fix
    (stop,) = explain("messages.0.content.0.cache_control.type: Input should be 'ephemeral'",
                      {"messages": [{"role": "user", "content": [
                          {"type": "text", "text": "x", "cache_control": {"type": "ephemerall"}}]}]}, KB)
    assert "'ephemeral'" in stop.fix and "'ephemerall'" in stop.evidence
    (tag,) = explain("messages.0.content.0: Input tag 'txt' found using 'type' does not match any of the "
                     "expected tags: 'text', 'image', 'document'", None, KB)
    assert "Did you mean 'text'?" in tag.fix
    (signature,) = explain(REAL[6][0], None, KB)
    assert "`signature` is required on a `thinking` block: a string" in signature.evidence
    (length,) = explain("tools.0.custom.name: String should have at most 128 characters",
                        {"tools": [{"name": "x" * 140, "input_schema": {"type": "object"}}]}, KB)
    assert "yours has 140" in length.evidence


def test_beta_only_fields_and_tags_are_named_as_beta():
    (field,) = explain("context_management: Extra inputs are not permitted", None, KB)
    assert "only in the beta Messages API" in field.fix and "anthropic 2.17.0" in field.fix
    (tag,) = explain(REAL[20][0], None, KB)
    assert "only in the beta" in tag.fix


# The Anthropic shape of OpenAI-shaped requests: the maps are the linter's (CT701, CT702, CT703, CT203).
OPENAI = [
    ("max_completion_tokens: Extra inputs are not permitted", {"max_completion_tokens": 10}, "max_tokens"),
    ("response_format: Extra inputs are not permitted", {"response_format": {"type": "json_object"}},
     "output_config.format"),
    ("messages.1.tool_calls: Extra inputs are not permitted",
     {"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "tool_calls": []}]},
     "tool_use content blocks"),
    ("messages.1.role: Input should be 'user' or 'assistant'",
     {"messages": [{"role": "user", "content": "hi"}, {"role": "tool", "content": "12 C"}]}, "tool_result block"),
    ("tools.0: Input tag 'function' found using 'type' does not match any of the expected tags: 'custom'",
     {"tools": [{"type": "function", "function": {"name": "f"}}]}, "input_schema"),
    ("messages.0.content.1: Input tag 'image_url' found using 'type' does not match any of the expected tags: "
     "'text', 'image'", {"messages": [{"role": "user", "content": [{"type": "text", "text": "?"},
                                                                    {"type": "image_url", "image_url": {}}]}]},
     '"source": {"type": "url"'),
]


@pytest.mark.parametrize("message,request_body,anthropic", OPENAI, ids=[m.split(":")[0] for m, _, _ in OPENAI])
def test_openai_shapes_get_their_anthropic_form(message, request_body, anthropic):
    (e,) = explain(message, request_body, KB)
    assert anthropic in e.fix


def _paste(message: str, request: dict) -> str:
    body = json.dumps({"type": "error", "error": {"type": "invalid_request_error", "message": message},
                       "request_id": "req_011CW2kRn5pXq8LvT3mZsHyA"})
    return (f"POST https://api.anthropic.com/v1/messages\n{json.dumps(request, indent=2)}\n\n"
            f"HTTP/1.1 400 Bad Request\ncontent-type: application/json\n\n{body}\n")


BASE = {"model": "claude-opus-4-8", "max_tokens": 1024}


@pytest.mark.parametrize("message,request_body,anthropic", OPENAI, ids=[m.split(":")[0] for m, _, _ in OPENAI])
def test_end_to_end_each_shape(message, request_body, anthropic):
    """Through the whole pipeline: the schema cause carries the shape in its fix, and ranks above the
    generic 400 cause but never above a cause that knows the message or a linter finding."""
    request = {**BASE, "messages": [{"role": "user", "content": "hi"}], **request_body}
    d = diagnose(_paste(message, request), use_env=False)
    ids = [c.id for c in d.causes]
    assert "request.schema-violation" in ids and d.top.id != "request.invalid-generic"
    mine = d.causes[ids.index("request.schema-violation")]
    assert anthropic in mine.fix[0]
    assert all(c.specific for c in d.causes[:ids.index("request.schema-violation")])
    if "request.invalid-generic" in ids:
        assert ids.index("request.invalid-generic") > ids.index("request.schema-violation")


def test_end_to_end_resolves_the_path_in_the_pasted_request():
    request = {**BASE, "messages": [{"role": "user", "content": [
        {"type": "text", "text": "What is in this picture?"},
        {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}}]}]}
    d = diagnose(_paste(OPENAI[5][0], request), use_env=False)
    assert d.top.id == "request.schema-violation"
    assert any("messages[0].content[1]" in e and "your `image_url` block" in e for e in d.top.evidence)
    out = d.to_dict()["causes"][0]
    assert out["fix"][0] == d.top.fix[0] and out["fix"][1:] == list(d.top.cause.fix)


def test_schema_file_is_generated_from_the_pinned_sdk():
    with open(f"{data_dir()}/{REQUEST_SCHEMA}", encoding="utf-8") as fh:
        assert fh.read() == render(generate()), "run python -m knowledge.generate_request_schema"
    root = SCHEMA.objects[SCHEMA.roots["messages"]]["fields"]
    assert {k for k, f in root.items() if f.get("required")} == {"model", "max_tokens", "messages"}
    assert "context_management" in SCHEMA.objects[SCHEMA.roots["beta"]]["fields"]


def test_only_a_validation_message_pays_for_the_schema():
    """Start-up stays as it was: a paste without the grammar imports neither the explainer nor the
    schema, and a paste with it reads the JSON, never the SDK."""
    import subprocess
    import sys

    from tests.helpers import ROOT
    probe = ("import sys, knowledge.loader as L\nfrom tui import diagnose\n"
             "diagnose(sys.argv[1], env={})\n"
             "print('tui.engine.validation' in sys.modules, L._SCHEMA is not None, 'anthropic' in sys.modules)")

    def run(paste: str) -> str:
        return subprocess.run([sys.executable, "-c", probe, paste], capture_output=True, text=True, cwd=ROOT,
                              check=True).stdout.split()

    assert run("Error code: 429 - {'type': 'error', 'error': {'type': 'rate_limit_error'}}") == ["False"] * 3
    assert run(_paste(REAL[14][0], BASE)) == ["True", "True", "False"]


def test_the_schema_cause_needs_the_grammar():
    """A 400 whose message is not the validator's (the generic cause's own example) gets no schema cause."""
    paste = KB.cause_by_id["request.invalid-generic"].examples[0].paste
    assert "request.schema-violation" not in [c.id for c in diagnose(paste, use_env=False).causes]
