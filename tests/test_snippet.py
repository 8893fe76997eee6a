"""The catch-chain snippet catches the SDK's own class for the paste's error code first."""

import knowledge
from tui.render.snippet import catch_chain


def test_python_catches_the_codes_class_before_the_status_classes():
    kb = knowledge.load()
    text = catch_chain(kb, "python", 400, "image_dimensions_too_large")
    excepts = [line.split()[1] for line in text.splitlines() if line.startswith("except ")]
    assert excepts[0] == "anthropic.ImageDimensionsTooLargeError"
    assert "anthropic.APIStatusError" in excepts  # the rest of the chain stays
    compile(text.replace("import anthropic", "anthropic = None"), "snippet", "exec")  # still Python


def test_typescript_tests_the_codes_class_first():
    kb = knowledge.load()
    text = catch_chain(kb, "typescript", 400, "image_dimensions_too_large")
    tests = [line.strip() for line in text.splitlines() if "instanceof" in line]
    assert tests[0].startswith("if (err instanceof Anthropic.ImageDimensionsTooLargeError)")
    assert tests[1].startswith("} else if (err instanceof Anthropic.NotFoundError)")
    assert text.count("{") == text.count("}")


def test_no_code_or_no_class_leaves_the_snippet_as_it_is():
    kb = knowledge.load()
    plain = kb.sdks["python"].snippet.strip("\n")
    assert catch_chain(kb, "python") == plain
    assert catch_chain(kb, "python", 400, "no_such_code") == plain
    assert catch_chain(kb, "go", 400, "image_dimensions_too_large") == kb.sdks["go"].snippet.strip("\n")
