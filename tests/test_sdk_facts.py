"""The generated SDK facts against the installed pinned SDK, and every code of it against the KB.

generated/sdk_facts.toml is written by `python -m knowledge.generate_sdk_facts` from the installed
`anthropic` (and npm's @anthropic-ai/sdk); error_codes.toml holds what a person wrote on top of it.
"""

import tomllib

import pytest

import knowledge
from helpers import require_pinned_anthropic
from knowledge import generate_sdk_facts
from knowledge.schema import GENERATED_FACTS

KB = knowledge.load()
FACTS = KB.sdk_facts
GENERATED = tomllib.loads((generate_sdk_facts.OUT).read_text(encoding="utf-8"))
CODES = [(c["status"], c["code"]) for c in GENERATED["error_code"]]
REGENERATE = "generated/sdk_facts.toml is stale: run `python -m knowledge.generate_sdk_facts`"


def test_the_generated_file_names_its_sdk_versions_and_is_marked_generated():
    head = generate_sdk_facts.OUT.read_text(encoding="utf-8").splitlines()[0:2]
    assert f"anthropic {FACTS.versions['python']}" in head[0] and "@anthropic-ai/sdk" in head[0]
    assert "python -m knowledge.generate_sdk_facts" in head[0] and "Do not edit" in head[1]


def test_the_generated_file_matches_the_installed_sdk():
    """A stale file (the SDK was upgraded, the generator not rerun) fails here with what to run."""
    require_pinned_anthropic()
    py = generate_sdk_facts.python_facts()
    written = {(c["status"], c["code"]): c for c in GENERATED["error_code"] if "python" in c["classes"]}
    assert {(c["status"], c["code"]) for c in py["codes"]} == set(written), REGENERATE
    for c in py["codes"]:
        w = written[(c["status"], c["code"])]
        assert (w["classes"]["python"], w["parents"]["python"], w["doc"]) == (c["python"], c["python_parent"], c["doc"]), REGENERATE
        assert [(d["key"], d["type"], d["required"], d["doc"]) for d in w.get("detail", [])] == \
               [(d["key"], d["type"], d["required"], d["doc"]) for d in c["detail"]], REGENERATE
    package = next(p for p in GENERATED["package"] if p["language"] == "python")
    assert package["status_classes"] == py["status_map"], REGENERATE
    exceptions = [{k: v for k, v in e.items() if k != "language"} for e in GENERATED["exception"] if e["language"] == "python"]
    assert exceptions == [{k: v for k, v in e.items() if k != "language" and v not in (None, [], "")}
                          for e in py["exceptions"]], REGENERATE


def test_every_pair_of_the_installed_sdk_is_in_the_knowledge_base():
    """Walks anthropic._error_classes.ERROR_CLASSES: each (status, code) has its class in the KB;
    each bare status has its class in sdks.toml's status map."""
    require_pinned_anthropic()
    from anthropic._error_classes import ERROR_CLASSES
    assert len(ERROR_CLASSES) == len(CODES) + len(KB.sdks["python"].classes) - 1  # the "5xx" fallback
    for (status, code), cls in ERROR_CLASSES.items():
        if code is None:
            assert KB.sdks["python"].classes[str(status)] == cls.__name__, status
        else:
            entry = KB.error_codes.get((status, code))
            assert entry is not None, f"{status} {code}: no entry in error_codes.toml"
            assert entry.sdk_class == cls.__name__ and entry.parent == cls.__bases__[0].__name__


@pytest.mark.parametrize("status,code", CODES, ids=[f"{s}-{c}" for s, c in CODES])
def test_every_code_has_class_meaning_fix_and_its_details(status, code):
    """The walk over every code of the pinned SDK (from the generated file, so it runs anywhere)."""
    entry = KB.error_codes.get((status, code))
    assert entry is not None, f"{status} {code} is in {GENERATED_FACTS} but not in error_codes.toml: write its entry"
    assert entry.sdk_class and entry.classes["python"] == entry.sdk_class and entry.parent
    assert len(entry.meaning) > 40 and len(entry.fix) > 30, "meaning and fix in full sentences"
    assert entry.meaning.strip() != entry.fix.strip()
    assert set(entry.details) == set(FACTS.detail_keys[(status, code)]), \
        "every `details` key the SDK documents for this code needs a one-line meaning"
    sdk_doc = next(c["doc"] for c in GENERATED["error_code"] if (c["status"], c["code"]) == (status, code))
    for ours in (entry.meaning, entry.fix, *entry.details.values()):
        assert not _shares_a_sentence(ours, sdk_doc), "own words: facts carry over, sentences do not"


def _shares_a_sentence(ours: str, theirs: str) -> bool:
    """True when a sentence of 8+ words appears verbatim in both texts."""
    import re
    sentences = [s.strip(" .") for s in re.split(r"(?<=[.;:])\s+", theirs) if len(s.split()) >= 8]
    return any(s.lower() in ours.lower() for s in sentences)


def test_the_sdk_status_maps_in_sdks_toml_match_the_generated_ones():
    for language in ("python", "typescript"):
        hand = {k: v for k, v in KB.sdks[language].classes.items() if k != "5xx"}
        assert hand == {str(s): c for s, c in FACTS.status_classes[language].items()}, language
        assert KB.sdks[language].classes["5xx"] == "InternalServerError"


@pytest.mark.parametrize("language", ["python", "typescript"])
def test_the_catch_order_catches_each_subclass_before_its_parent(language):
    parents = {e.name: e.parent for e in FACTS.exceptions if e.language == language}

    def ancestors(name):
        while name in parents:
            name = parents[name]
            yield name
    order = KB.sdks[language].catch_order
    assert set(order) <= set(parents), "catch_order names a class the SDK does not have"
    for i, earlier in enumerate(order):
        for later in order[i + 1:]:
            assert earlier not in ancestors(later), f"{later} is a {earlier}: catch it first"


def test_derived_lookups():
    assert FACTS.sdk_class("python", 400, "image_dimensions_too_large") == "ImageDimensionsTooLargeError"
    assert FACTS.sdk_class("typescript", 400, "image_dimensions_too_large") == "ImageDimensionsTooLargeError"
    assert FACTS.sdk_class("python", 400, "no_such_code") == "BadRequestError"
    assert FACTS.sdk_class("typescript", 501) == "NotImplementedError"
    assert FACTS.sdk_class("python", 500) is None  # the SDK falls back to InternalServerError
    assert FACTS.class_status("python", "DeadlineExceededError") == 504  # a deprecated alias
    assert FACTS.class_status("python", "OrganizationOnHoldError") == 400


def test_a_hand_written_code_the_sdk_lacks_is_refused(tmp_path):
    import shutil
    root = tmp_path / "data"
    shutil.copytree(knowledge.data_dir(), root)
    path = root / "error_codes.toml"
    path.write_text(path.read_text() + '\n[[error_code]]\nstatus = 400\ncode = "made_up"\narea = "other"\n'
                    'meaning = "m"\nfix = "f"\nretryable = false\n')
    with pytest.raises(knowledge.SchemaError, match="made_up.*rerun `python -m knowledge.generate_sdk_facts`"):
        knowledge.load_raw(root, use_cache=False)
    path.write_text(path.read_text().replace('code = "made_up"', 'code = "approval_required"'))
    with pytest.raises(knowledge.SchemaError, match="approval_required.*listed twice"):
        knowledge.load_raw(root, use_cache=False)


def test_a_details_key_the_sdk_does_not_document_is_refused(tmp_path):
    import shutil
    root = tmp_path / "data"
    shutil.copytree(knowledge.data_dir(), root)
    path = root / "error_codes.toml"
    path.write_text(path.read_text().replace("  max_side_length_pixels = ", "  max_side_pixels = ", 1))
    with pytest.raises(knowledge.SchemaError, match="details key 'max_side_pixels' is not in the SDK's details type"):
        knowledge.load_raw(root, use_cache=False)
