"""The knowledge base against its sources: the installed SDK's tables, the reference document, the schema."""

import csv
import shutil
import typing
from pathlib import Path

import pytest

import knowledge
from helpers import require_pinned_anthropic
from knowledge import SchemaError

KB = knowledge.load()
SHARED = Path(__file__).resolve().parents[2] / "shared" / "reference"


def test_error_codes_match_the_generated_sdk_facts():
    """Every code of the pinned SDK (generated/sdk_facts.toml) has its hand-written entry and no
    entry names a code the SDK lacks; tests/test_sdk_facts.py walks them one by one and checks the
    generated file against the installed SDK when that is the pinned release."""
    generated = set(KB.sdk_facts.code_classes)
    assert generated - set(KB.error_codes) == set(), "codes the SDK knows and error_codes.toml lacks"
    assert set(KB.error_codes) - generated == set(), "codes in error_codes.toml the SDK no longer has"
    assert all(e.sdk_class == KB.sdk_facts.code_classes[k]["python"] for k, e in KB.error_codes.items())


@pytest.mark.skipif(not (SHARED / "sdk-error-codes.tsv").exists(), reason="shared/ not beside the checkout")
def test_error_codes_cover_the_reference_table():
    with open(SHARED / "sdk-error-codes.tsv", newline="") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t") if r["error_code"]]
    assert len(rows) == 125
    for r in rows:
        entry = KB.error_codes.get((int(r["status"]), r["error_code"]))
        assert entry is not None, r
        assert entry.sdk_class == r["sdk_class"] and entry.meaning and entry.fix


def test_models_cover_the_sdk_model_type():
    require_pinned_anthropic()
    from anthropic.types.model import Model
    literal = typing.get_args(typing.get_args(Model)[0])
    known = set(KB.model_by_id)
    assert set(literal) - known == set()


def test_sdk_deprecations_carry_their_dates():
    require_pinned_anthropic()
    from anthropic._data import DEPRECATED_MODELS
    for model_id in DEPRECATED_MODELS:
        m = KB.model_by_id[model_id]
        assert m.lifecycle in ("deprecated", "retired") and m.retires


def test_reference_model_rules():
    """error-codes-reference.txt: the model-specific 400s on Fable 5 / Opus 4.8 / Opus 4.7."""
    rules = {m: KB.model_by_id[m].rules for m in ("claude-fable-5", "claude-opus-4-8", "claude-opus-4-7")}
    for model_id, r in rules.items():
        assert {"no-sampling-params", "no-budget-thinking"} <= r, model_id
    assert "rejects-thinking-disabled" in rules["claude-fable-5"]
    assert "rejects-thinking-disabled" not in rules["claude-opus-4-8"] | rules["claude-opus-4-7"]
    assert "requires-30d-retention" in rules["claude-fable-5"]


def test_every_sdk_language_and_status_class():
    assert set(KB.sdks) == {"python", "typescript", "java", "go", "ruby", "csharp", "php"}
    assert KB.sdks["python"].classes["429"] == "RateLimitError"
    assert KB.sdks["java"].classes["401"] == "UnauthorizedException"
    assert KB.sdks["csharp"].classes["403"] == "AnthropicForbiddenException"


def _broken_copy(tmp_path, rel, old, new):
    root = tmp_path / "data"
    shutil.copytree(knowledge.data_dir(), root)
    path = root / rel
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return root


@pytest.mark.parametrize("rel,old,new,expected", [
    ("error_types.toml", 'retryable = false', 'retryable = "no"', "error_types.toml: error_type[0]: 'retryable'"),
    ("causes/auth.toml", "weight = ", "weight = 7 #", "'weight' must be a number in (0, 1]"),
    ("models.toml", 'lifecycle = "active"', 'lifecycel = "active"', "missing required field 'lifecycle'"),
    ("error_codes.toml", "[[error_code]]", "[[error_code]]\nbogus = 1", "unknown field(s) bogus"),
    ("causes/auth.toml", "[[cause]]", "[[cause]", "causes/auth.toml: invalid TOML"),
])
def test_invalid_file_names_the_file_and_field(tmp_path, rel, old, new, expected):
    root = _broken_copy(tmp_path, rel, old, new)
    with pytest.raises(SchemaError) as info:
        knowledge.load_raw(root, use_cache=False)
    assert expected in str(info.value)
    assert str(info.value).startswith(rel)


def test_cache_is_rebuilt_when_a_file_changes(tmp_path):
    root = _broken_copy(tmp_path, "error_types.toml", 'title = "Overloaded"', 'title = "Overloaded!"')
    first = knowledge.build(knowledge.load_raw(root))
    assert first.error_types["overloaded_error"].title == "Overloaded!"
    (root / "error_types.toml").write_text((root / "error_types.toml").read_text().replace("Overloaded!", "Busy"))
    assert knowledge.build(knowledge.load_raw(root)).error_types["overloaded_error"].title == "Busy"


def test_an_outdated_cache_of_the_same_data_folder_is_removed(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = _broken_copy(tmp_path, "error_types.toml", 'title = "Overloaded"', 'title = "Overloaded!"')
    other = _broken_copy(tmp_path / "other", "error_types.toml", 'title = "Overloaded"', 'title = "Busy"')
    knowledge.load_raw(root)
    knowledge.load_raw(other)
    folder = tmp_path / "cache" / "claude-triage"
    assert len(list(folder.iterdir())) == 4  # core + examples, for each of the two data folders
    (root / "error_types.toml").write_text((root / "error_types.toml").read_text().replace("Overloaded!", "Calm"))
    assert knowledge.build(knowledge.load_raw(root)).error_types["overloaded_error"].title == "Calm"
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 4, names  # the edited folder's old pair is gone, the other folder's kept
    assert knowledge.build(knowledge.load_raw(other)).error_types["overloaded_error"].title == "Busy"


def test_derived_tables_belong_to_their_knowledge_base():
    from knowledge import loader
    raw = loader.load_raw()
    first, second = knowledge.build(raw), knowledge.build(raw)
    built = []
    table = first.derived("probe", lambda: built.append(1) or {"kb": "first"})
    assert first.derived("probe", dict) is table and built == [1]  # built once, then kept
    assert second.derived("probe", lambda: {"kb": "second"}) == {"kb": "second"}  # never the other KB's
    assert first == second  # derived data is not part of the record's value


OUR_FILES = ("api-error-facts", "request-rules-facts", "sdk-error-codes", "textual-anchors", "diagnosis-anchors")


def test_no_source_shown_to_users_names_our_own_reference_files():
    """Sources are public URLs, issue references or the bundled error-codes-reference.txt: a user
    cannot open our working notes. Walks every string value of every data file."""
    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for v in value.values():
                yield from strings(v)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v)
    found = [(rel, text[:80]) for rel, doc in knowledge.load_raw(use_cache=False).items()
             for text in strings(doc) if any(name in text for name in OUR_FILES)]
    assert found == []
