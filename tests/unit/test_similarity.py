from __future__ import annotations

import ast
import difflib
import io
import re
import time
import tokenize
from pathlib import Path

import pytest

from grader.similarity import (
    Match,
    closest_matches,
    fingerprint_sources,
    normalised_tokens,
    paired_files,
    render_pair_html,
)
from tests.conftest import ROOT, SUBMISSIONS

EXERCISES = ROOT / "exercises"
INDEPENDENT = [  # a reference solution and a junior answer written apart from it
    ("exercise_01_path_operations", "exercise_01"),
    ("exercise_03_dependency_injection", "exercise_03"),
    ("exercise_05_background_tasks", "exercise_05"),
    ("exercise_09_websockets", "exercise_09"),
    ("exercise_10_observability", "exercise_10"),
    ("exercise_14_caching", "exercise_14"),
]
ROUTE_A = """
@app.get("/me")
def me(request: Request) -> dict[str, str]:
    return {"user": request.headers.get("x-user", "anonymous")}
"""
ROUTE_B = """
@app.get("/health")
async def health() -> dict[str, bool]:
    return {"ok": len(app.routes) > 0}
"""


def sources(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text() for p in sorted(folder.rglob("*.py"))}


def disguised(source: str) -> str:
    """The program as a copier might hand it in: top-level functions in reverse
    order, its own names renamed, comments reworded, indentation and spacing changed."""
    renamed = _renamed(_reworded_comments(_functions_reversed(source)))
    reindented = re.sub(r"^((?:    )+)", lambda m: "  " * (len(m[1]) // 4), renamed, flags=re.M)
    return reindented.replace("\n\n", "\n\n\n").replace("):\n", ") :\n")


def _functions_reversed(source: str) -> str:
    lines = source.splitlines()
    chunks = []
    for node in ast.parse(source).body:
        first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        is_function = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        chunks.append((is_function, "\n".join(lines[first - 1 : node.end_lineno])))
    functions = [text for is_function, text in chunks if is_function][::-1]
    ordered = [functions.pop(0) if is_function else text for is_function, text in chunks]
    return "\n\n\n".join(ordered) + "\n"


def _reworded_comments(source: str) -> str:
    lines = source.splitlines()
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            row, col = tok.start
            lines[row - 1] = lines[row - 1][:col] + "# (reworded by the copier)"
    return "\n".join(lines) + "\n"


def _renamed(source: str) -> str:
    """Functions, arguments and variables renamed; model fields (the contract) kept."""
    tree = ast.parse(source)
    fields = {
        node.target.id
        for cls in ast.walk(tree)
        if isinstance(cls, ast.ClassDef)
        for node in cls.body
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
    }
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    names -= fields | {"self", "cls", "app"}
    pattern = re.compile(r"(?<![\w.])(" + "|".join(sorted(map(re.escape, names))) + r")\b")
    return pattern.sub(lambda m: f"my_{m[1]}_v2", source) if names else source


def test_identical_submissions_score_100_both_ways() -> None:
    solution = sources(EXERCISES / "exercise_01_path_operations" / "solution")
    stub = sources(EXERCISES / "exercise_01_path_operations" / "app")
    matches = closest_matches({"ann": solution, "bob": dict(solution)}, stub)
    assert matches == {"ann": Match("bob", 100.0), "bob": Match("ann", 100.0)}


@pytest.mark.parametrize("folder", ["exercise_01_path_operations", "exercise_09_websockets"])
def test_a_disguised_copy_still_scores_high(folder: str) -> None:
    solution = sources(EXERCISES / folder / "solution")
    copy = {f"renamed_{path}": disguised(text) for path, text in solution.items()}
    for path, text in copy.items():
        ast.parse(text)  # still a program
        original = solution[path.removeprefix("renamed_")]
        if len(original) > 500:  # and really disguised
            assert difflib.SequenceMatcher(None, original, text).ratio() < 0.8, path
    matches = closest_matches(
        {"original": solution, "copy": copy}, sources(EXERCISES / folder / "app")
    )
    assert matches["copy"] is not None and matches["copy"].percent > 80
    assert matches["original"] is not None and matches["original"].percent > 80


@pytest.mark.parametrize(("folder", "exercise_id"), INDEPENDENT)
def test_independent_solutions_score_clearly_lower(folder: str, exercise_id: str) -> None:
    solution = sources(EXERCISES / folder / "solution")
    junior = sources(SUBMISSIONS / exercise_id / "junior")
    matches = closest_matches(
        {"solution": solution, "junior": junior}, sources(EXERCISES / folder / "app")
    )
    for name, match in matches.items():
        assert match is not None, name
        assert match.percent < 35, (name, match.percent)


@pytest.mark.parametrize("folder", ["exercise_03_dependency_injection", "exercise_08_lifespan"])
def test_untouched_stubs_have_nothing_of_their_own(folder: str) -> None:
    stub = sources(EXERCISES / folder / "app")
    solution = sources(EXERCISES / folder / "solution")
    matches = closest_matches({"s1": stub, "s2": dict(stub), "sol": solution}, stub)
    assert matches["s1"] is None and matches["s2"] is None
    assert matches["sol"] is not None and matches["sol"].percent == 0.0
    # Without the baseline the two stubs are the same text.
    assert closest_matches({"s1": stub, "s2": dict(stub)}, {})["s1"] == Match("s2", 100.0)


@pytest.mark.parametrize("folder", ["exercise_03_dependency_injection", "exercise_08_lifespan"])
def test_a_few_lines_added_to_the_stub_do_not_match_because_of_the_stub(folder: str) -> None:
    stub = sources(EXERCISES / folder / "app")
    main = stub["main.py"]
    gap = main.rindex("\n\n\n")  # both write in the same place, between the stub's lines
    a = {**stub, "main.py": main[:gap] + "\n\n" + ROUTE_A + main[gap:]}
    b = {**stub, "main.py": main[:gap] + "\n\n" + ROUTE_B + main[gap:]}
    matches = closest_matches({"a": a, "b": b}, stub)
    for name, match in matches.items():
        assert match is not None and match.percent < 10, (name, match)
    unexcluded = closest_matches({"a": a, "b": b}, {})
    assert all(m is not None and m.percent > 80 for m in unexcluded.values())


def test_names_literals_comments_docstrings_and_whitespace_do_not_count() -> None:
    original = '''
def total(items, rate=0.2):
    """Sum with tax."""
    result = 0  # running sum
    for item in items:
        result += item.price * (1 + rate)
    return {"total": result}
'''
    rewritten = """
def grand_sum(rows,   tax = 0.07):
    # no docstring here, a comment instead
    acc = 10
    for r in rows:


        acc += r.price * (2 + tax)   # same shape
    return {'sum': acc}
"""
    assert normalised_tokens(original) == normalised_tokens(rewritten)
    # ... but attributes, keywords and builtins do.
    assert normalised_tokens(original) != normalised_tokens(original.replace(".price", ".cost"))
    assert "price" in normalised_tokens(original) and "for" in normalised_tokens(original)


def test_files_are_matched_by_content_and_only_python_counts() -> None:
    solution = sources(EXERCISES / "exercise_01_path_operations" / "solution")
    moved = {"routes/handlers.py": solution["main.py"], "notes.txt": "not code", "__init__.py": ""}
    matches = closest_matches({"a": solution, "b": moved}, {})
    assert matches["a"] == Match("b", 100.0) and matches["b"] == Match("a", 100.0)
    assert not fingerprint_sources({"main.txt": solution["main.py"]}).kgrams


def test_nothing_to_compare_is_none_and_ties_go_to_the_first_name() -> None:
    solution = sources(EXERCISES / "exercise_01_path_operations" / "solution")
    assert closest_matches({"alone": solution}, {}) == {"alone": None}
    assert closest_matches({"empty": {}, "full": solution}, {}) == {
        "empty": None,
        "full": Match("empty", 0.0),
    }
    matches = closest_matches({"c": solution, "b": solution, "a": solution}, {})
    assert matches == {"a": Match("b", 100.0), "b": Match("a", 100.0), "c": Match("a", 100.0)}


def test_code_that_does_not_tokenize_keeps_what_came_before() -> None:
    good = (EXERCISES / "exercise_01_path_operations" / "solution" / "main.py").read_text()
    whole = fingerprint_sources({"main.py": good}).kgrams
    for broken in (good + '\ndef oops(:\n    """never closed\n', good + "\n  bad = 1\n x = 2\n"):
        kept = fingerprint_sources({"main.py": broken}).kgrams
        assert len(whole & kept) > 0.95 * len(whole)


def test_files_are_paired_by_content_for_the_page() -> None:
    solution = sources(EXERCISES / "exercise_03_dependency_injection" / "solution")
    solution = {path: solution[path] for path in ("__init__.py", "db.py", "main.py")}
    renamed = {
        "core.py": solution["main.py"],
        "storage.py": solution["db.py"],
        "extra.py": "x = 1\n",
    }
    assert paired_files(solution, renamed) == [
        ("__init__.py", None),
        ("db.py", "storage.py"),
        (None, "extra.py"),
        ("main.py", "core.py"),
    ]


def test_the_page_escapes_the_candidates_text_and_loads_nothing() -> None:
    code = (EXERCISES / "exercise_01_path_operations" / "solution" / "main.py").read_text()
    evil = '"""<script>alert(1)</script>"""\nx = "</td><script>alert(2)</script>"  # <b>\x00+\x01\n'
    evil += code
    page = render_pair_html(
        "<script>alert(3)</script>",
        {"<img src=x onerror=alert(4)>.py": evil},
        "bob & co",
        {"main.py": evil + "y = 2\n"},
        baseline={},
    )
    assert "<script" not in page.lower() and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\ufffd+\ufffd" in page  # HtmlDiff's own markers cannot be smuggled in
    assert "&lt;script&gt;alert(3)&lt;/script&gt; vs bob &amp; co" in page  # the title
    assert "100% of &lt;script&gt;alert(3)&lt;/script&gt;'s fingerprints" in page
    assert not re.search(r"https?://|<[^>]*\s(src|href)=(?!\"#)", page)  # nothing to fetch


def test_the_page_leaves_the_stub_out_when_given_it() -> None:
    folder = EXERCISES / "exercise_03_dependency_injection"
    stub = sources(folder / "app")
    a = {**stub, "main.py": stub["main.py"] + ROUTE_A}
    b = {**stub, "main.py": stub["main.py"] + ROUTE_B}
    assert "0% of a's fingerprints are found in b" in render_pair_html("a", a, "b", b, stub)
    assert "left out" not in render_pair_html("a", a, "b", b)


def test_thirty_submissions_of_three_hundred_lines_take_well_under_two_seconds() -> None:
    corpus = sorted(EXERCISES.glob("*/solution/*.py"))
    submissions: dict[str, dict[str, str]] = {}
    for i in range(30):
        files: dict[str, str] = {}
        for path in corpus[i:] + corpus[:i]:
            if sum(text.count("\n") for text in files.values()) >= 300:
                break
            files[f"{path.parent.parent.name}/{path.name}"] = path.read_text()
        submissions[f"candidate-{i:02d}"] = files
    started = time.perf_counter()
    matches = closest_matches(submissions, {})
    seconds = time.perf_counter() - started
    assert len(matches) == 30 and all(m is not None for m in matches.values())
    assert seconds < 2.0, f"{seconds:.2f}s"  # ~0.3 s measured on a busy 2-core machine
