"""The knowledge base against its sources: the installed SDK's tables, the reference document, the schema."""

import csv
import shutil
import typing
from pathlib import Path

import pytest

import knowledge
from knowledge import SchemaError

KB = knowledge.load()
SHARED = Path(__file__).resolve().parents[2] / "shared" / "reference"


def test_error_codes_match_the_installed_sdk():
    """A code the SDK learns (or drops) after an upgrade makes this fail, so the KB is updated."""
    from anthropic._error_classes import ERROR_CLASSES
    sdk = {(status, code): cls.__name__ for (status, code), cls in ERROR_CLASSES.items() if code}
    kb = {(e.status, e.code): e.sdk_class for e in KB.error_codes.values()}
    assert set(sdk) - set(kb) == set(), "codes the SDK knows and the KB lacks"
    assert set(kb) - set(sdk) == set(), "codes in the KB the SDK no longer has"
    assert {k: v for k, v in kb.items() if sdk[k] != v} == {}


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
    from anthropic.types.model import Model
    literal = typing.get_args(typing.get_args(Model)[0])
    known = set(KB.model_by_id)
    assert set(literal) - known == set()


def test_sdk_deprecations_carry_their_dates():
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
