"""The mutation operators, the sample, equivalent records and the mutation run
(with a fake sandbox that plays the hidden suite)."""

from __future__ import annotations

import ast
import json
import re
import shutil
import textwrap
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import cli
from grader import catalog, mutants
from grader.errors import EngineUnavailable, ExerciseInvalid, InfrastructureError
from grader.mutants import Mutant, MutationRun, Plan, mutate_sources, sample
from grader.sandbox.base import SandboxJob, SandboxLimits, SandboxOutcome
from tests.fakes import ran, record

ID = re.compile(r"^[a-z-]+:[\w/.]+\.py:\d+:\d+:[0-9a-f]{6}$")


def mutants_of(source: str, operator: str) -> list[Mutant]:
    found = mutate_sources({"main.py": textwrap.dedent(source)})
    return [m for m in found if m.operator == operator]


def changed_lines(source: str, mutant: Mutant) -> list[tuple[int, str]]:
    """(line number, text after) for each line the mutant changed (same line count only)."""
    before = textwrap.dedent(source)
    after = mutant.apply(before)
    old, new = before.splitlines(), after.splitlines()
    assert len(old) == len(new), after
    pairs = zip(old, new, strict=True)
    return [(number, b.strip()) for number, (a, b) in enumerate(pairs, start=1) if a != b]


def afters(source: str, operator: str) -> list[str]:
    """The changed line of each mutant, after the change, checking that it is the
    line the mutant names and that the mutant parses."""
    found = []
    for mutant in mutants_of(source, operator):
        ast.parse(mutant.apply(textwrap.dedent(source)))
        ((number, text),) = changed_lines(source, mutant)
        assert mutant.line == number
        found.append(text)
    return found


# --- each operator ---------------------------------------------------------------

STATUS = """
    from fastapi import FastAPI, HTTPException, Response, status
    app = FastAPI()

    @app.post("/items", status_code=201)
    def create(response: Response) -> None:
        response.status_code = 401
        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="no")

    def conflict() -> HTTPException:
        return HTTPException(409, "taken")
"""


def test_status_codes_change_to_a_realistic_wrong_code() -> None:
    assert afters(STATUS, "status-code") == [
        '@app.post("/items", status_code=200)',
        "response.status_code = 403",
        'raise HTTPException(status_code=400, detail="no")',
        'return HTTPException(400, "taken")',
    ]


def test_swapped_status_falls_back_to_the_class_base_code() -> None:
    assert [mutants.swapped_status(c) for c in (201, 204, 401, 418, 299, 599)] == [
        200,
        200,
        403,
        400,
        200,
        500,
    ]


CONSTRAINTS = """
    from typing import Annotated
    from fastapi import Query
    from pydantic import BaseModel, ConfigDict, Field

    class ItemIn(BaseModel):
        model_config = ConfigDict(extra="forbid", frozen=True)
        price: float = Field(gt=0, description="in euros")
        other: dict = Field(default_factory=dict)

    def list_items(limit: Annotated[int, Query(ge=1, le=100)] = 10) -> None: ...
"""


def test_validation_constraints_are_dropped_one_at_a_time() -> None:
    assert afters(CONSTRAINTS, "drop-constraint") == [
        "model_config = ConfigDict(frozen=True)",
        "price: float = Field(description='in euros')",
        "def list_items(limit: Annotated[int, Query(le=100)] = 10) -> None: ...",
        "def list_items(limit: Annotated[int, Query(ge=1)] = 10) -> None: ...",
    ]


def test_extra_other_than_forbid_is_no_constraint() -> None:
    assert (
        mutants_of(
            "from pydantic import ConfigDict\nc = ConfigDict(extra='allow')\n", "drop-constraint"
        )
        == []
    )


DEPENDENCIES = """
    from typing import Annotated
    from fastapi import Depends, FastAPI, Security

    app = FastAPI()

    def get_user() -> str:
        return "ann"

    def get_active(
        user: Annotated[str, Depends(get_user)],
    ) -> str:
        return user

    def require_key() -> None: ...

    Active = Annotated[str, Depends(get_active)]

    @app.get("/a", dependencies=[Depends(require_key), Security(get_user, scopes=["a"])])
    def read(user: Active, _: Annotated[None, Depends(require_key)]) -> str:
        return user
"""


def test_dependencies_are_removed_where_nothing_else_breaks() -> None:
    found = {m.description: m for m in mutants_of(DEPENDENCIES, "drop-dependency")}
    assert sorted(found) == [
        "drop Depends(require_key) from dependencies=[...]",
        'drop Security(get_user, scopes=["a"]) from dependencies=[...]',
        "drop parameter '_' (depends on require_key) of read",
        'drop scopes=["a"] from Security(...)',
    ]  # `user` is used by the handler: removing it would be a NameError, not a bug
    source = textwrap.dedent(DEPENDENCIES)
    mutated = found["drop parameter '_' (depends on require_key) of read"].apply(source)
    assert "def read(user: Active) -> str:\n    return user" in mutated
    assert mutated.count("\n") == source.count("\n")


def test_a_dependency_is_swapped_for_one_it_depends_on() -> None:
    swaps = [(m.line, m.description) for m in mutants_of(DEPENDENCIES, "swap-dependency")]
    assert swaps == [
        (17, "Depends(get_active) -> Depends(get_user)"),  # the active check skipped
        (19, "Depends(require_key) -> Depends(get_active)"),  # no own dependency: the next
        (19, "Security(get_user) -> Security(require_key)"),
        (20, "Depends(require_key) -> Depends(get_active)"),
    ]  # none on line 11: get_active exists only once its def ends (a NameError at import)


AWAITS = """
    import asyncio

    async def handler(store) -> int:
        await asyncio.sleep(0.1)
        await store.flush()
        count = await store.count()
        return await asyncio.to_thread(store.total, 1, key=2)
"""


def test_an_await_is_removed_only_where_its_result_is_used() -> None:
    assert afters(AWAITS, "remove-await") == [
        "count = store.count()",
        "return asyncio.to_thread(store.total, 1, key=2)",
    ]


def test_async_waits_become_blocking_calls() -> None:
    found = mutants_of(AWAITS, "blocking-call")
    source = textwrap.dedent(AWAITS)
    assert [changed_lines(source, m)[0][1] if not m.edit.append else "" for m in found] == [
        "",
        "return store.total(1, key=2)",
    ]
    sleeping = found[0].apply(source)
    assert "    time.sleep(0.1)\n" in sleeping and sleeping.rstrip().endswith(
        "import time  # added by the blocking-call mutant"
    )
    compile(sleeping, "main.py", "exec")


def test_blocking_call_leaves_sync_code_and_other_times_alone() -> None:
    other_time = (
        "from datetime import time\nimport asyncio\nasync def f():\n    await asyncio.sleep(1)\n"
    )
    assert mutants_of(other_time, "blocking-call") == []
    nested = "import asyncio\nasync def f():\n    def g():\n        return 1\n    return g()\n"
    assert mutants_of(nested, "blocking-call") == []


BOUNDS = """
    from itertools import islice

    def page(items: list[int], offset: int, limit: int) -> list[int]:
        if len(items) < limit:
            return items[offset:]
        return list(islice(items, offset, offset + limit))
"""


def test_off_by_one_in_slices_islice_and_comparisons() -> None:
    assert afters(BOUNDS, "off-by-one") == [
        "if len(items) <= limit:",
        "return items[offset + 1:]",
        "return list(islice(items, offset + 1, offset + limit))",
        "return list(islice(items, offset, offset + limit + 1))",
    ]


def test_slices_bump_each_bound() -> None:
    assert afters("def f(a, x, y):\n    return a[x:y]\n", "off-by-one") == [
        "return a[x + 1:y]",
        "return a[x:y + 1]",
    ]


FLIPS = """
    def check(a, b, tags):
        if not (a or b):
            return a == b
        return b is None and a not in tags
"""


def test_boolean_comparisons_flip() -> None:
    assert afters(FLIPS, "flip-comparison") == [
        "if (a or b):",  # the parentheses stay: `if a or b and c` would mean something else
        "return a != b",
        "return b is not None and a not in tags",
        "return b is None and a in tags",
    ]


HEADERS = """
    from fastapi import HTTPException, Response

    def answer(response: Response, item_id: int) -> None:
        response.headers["Location"] = f"/items/{item_id}"
        raise HTTPException(401, headers={"WWW-Authenticate": "Bearer", "Retry-After": str(3)})
"""


def test_header_names_and_literal_values_change() -> None:
    assert [m.description for m in mutants_of(HEADERS, "header")] == [
        "header name 'Location' -> 'X-Location'",
        "header value f\"/items/{item_id}\" -> ''",
        "header name 'WWW-Authenticate' -> 'X-WWW-Authenticate'",
        "header value \"Bearer\" -> ''",
        "header name 'Retry-After' -> 'X-Retry-After'",
    ]  # str(3) is not a literal: left alone


def test_media_types_change() -> None:
    source = (
        "from fastapi.responses import JSONResponse\n"
        "class P(JSONResponse):\n    media_type = 'application/problem+json'\n"
    )
    assert afters(source, "header") == ["media_type = 'application/json'"]


def test_raises_become_pass_but_reraise_stays() -> None:
    source = """
        def load(key):
            try:
                return int(key)
            except ValueError:
                raise
            raise KeyError(key)
    """
    assert afters(source, "drop-raise") == ["pass"]


RESPONSE_MODELS = """
    from fastapi import FastAPI
    app = FastAPI()

    @app.get("/items", response_model=list[int], response_model_exclude_none=True)
    async def items() -> list[int]:
        return []

    @app.delete("/items/{item_id}", status_code=204)
    async def delete(item_id: int) -> None:
        return None
"""


def test_response_models_and_return_annotations_are_dropped() -> None:
    assert afters(RESPONSE_MODELS, "drop-response-model") == [
        "@app.get('/items', response_model_exclude_none=True)",
        "@app.get('/items', response_model=list[int])",
        "async def items():",
    ]  # `-> None` declares no model


def test_registrations_are_dropped() -> None:
    source = """
        from fastapi import FastAPI
        from fastapi.middleware.gzip import GZipMiddleware
        app = FastAPI()
        app.add_middleware(GZipMiddleware, minimum_size=10)

        @app.exception_handler(KeyError)
        async def missing(request, exc):
            return None
    """
    found = mutants_of(source, "drop-registration")
    assert [m.description for m in found] == [
        "app.add_middleware(GZipMiddleware, minimum_size=10) -> pass",
        "drop @app.exception_handler(KeyError) from missing",
    ]
    assert "@app.exception_handler" not in found[1].apply(textwrap.dedent(source))


def test_calls_made_for_their_effect_are_dropped() -> None:
    source = """
        def get_db(database):
            session = database.session()
            try:
                yield session
            finally:
                session.close()
    """
    assert afters(source, "drop-call") == ["pass"]  # the assignment's call is kept


# --- every mutant, ids, determinism ----------------------------------------------


@pytest.mark.parametrize("exercise", catalog.discover(), ids=lambda e: e.id)
def test_every_mutant_of_every_solution_compiles_and_changes_the_code(
    exercise: catalog.Exercise,
) -> None:
    found = mutants.exercise_mutants(exercise)
    assert len({m.id for m in found}) == len(found)
    for mutant in found:
        assert ID.match(mutant.id) and mutant.operator in mutants.OPERATORS
        original = (exercise.solution_dir / mutant.file).read_text(encoding="utf-8")
        mutated = mutant.apply(original)
        compile(mutated, mutant.file, "exec", dont_inherit=True)
        assert ast.dump(ast.parse(mutated)) != ast.dump(ast.parse(original)), mutant.id


def test_mutants_are_the_same_on_every_run() -> None:
    exercise = catalog.find("01")
    first, second = mutants.exercise_mutants(exercise), mutants.exercise_mutants(exercise)
    assert [m.model_dump() | {"edit": m.edit} for m in first] == [
        m.model_dump() | {"edit": m.edit} for m in second
    ]
    assert mutants.plan(exercise, 7).selected == mutants.plan(exercise, 7).selected


def test_ids_name_the_place_and_survive_changes_elsewhere() -> None:
    source = (
        "from fastapi import FastAPI\napp = FastAPI()\n"
        "@app.post('/a', status_code=201)\ndef a(): ...\n"
    )
    (mutant,) = mutants_of(source, "status-code")
    assert mutant.id == "status-code:main.py:3:28:" + mutant.id.rsplit(":", 1)[1]
    (after_more_code,) = mutants_of(source + "\ndef b():\n    return 1\n", "status-code")
    assert after_more_code.id == mutant.id
    (moved,) = mutants_of("# a comment\n" + source, "status-code")
    assert moved.id.split(":")[2] == "4" and moved.id.endswith(mutant.id.rsplit(":", 1)[1])


def test_skip_lines_keep_mutants_off_code_the_stub_has() -> None:
    source = "def f(a):\n    return a == 1\n\ndef g(b):\n    return b == 2\n"
    found = mutate_sources({"main.py": source}, {"main.py": frozenset({"return a == 1"})})
    assert [m.line for m in found] == [5]


def test_plan_skips_given_modules_tests_and_stub_lines() -> None:
    exercise = catalog.find("03")  # db.py is given; the stub has the diagnostics route
    files = {m.file for m in mutants.exercise_mutants(exercise)}
    assert "db.py" not in files and "main.py" in files
    stub = (exercise.stub_dir / "main.py").read_text()
    solution = (exercise.solution_dir / "main.py").read_text().splitlines()
    for mutant in mutants.exercise_mutants(exercise):
        if mutant.file == "main.py":
            assert solution[mutant.line - 1].strip() not in stub.splitlines()


def test_sample_is_capped_spread_over_operators_and_in_source_order() -> None:
    every = mutants.exercise_mutants(catalog.find("03"))
    operators = {m.operator for m in every}
    chosen = sample(every, len(operators))
    assert {m.operator for m in chosen} == operators
    assert chosen == sorted(chosen, key=every.index)
    assert sample(every, 12) == sample(every, 12) and len(sample(every, 12)) == 12
    assert sample(every, 1000) == every
    assert sample(every, 12, seed="another") != sample(every, 12)


# --- equivalent records ----------------------------------------------------------------


@pytest.fixture
def exercise_copy(tmp_path: Path) -> catalog.Exercise:
    source = catalog.find("01").root
    target = tmp_path / source.name
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
    return catalog.load_exercise(target)


def test_equivalent_records_are_set_aside_and_stale_ones_reported(
    exercise_copy: catalog.Exercise,
) -> None:
    chosen = mutants.plan(exercise_copy, 5).selected
    (exercise_copy.root / "mutants.toml").write_text(
        f'[[equivalent]]\nid = "{chosen[1].id}"\nreason = "same behaviour"\n\n'
        '[[equivalent]]\nid = "status-code:main.py:1:0:abcdef"\nreason = "moved"\n'
    )
    planned = mutants.plan(exercise_copy, 5)
    assert planned.selected == chosen  # recording one never changes the sample
    assert planned.equivalent == {chosen[1].id: "same behaviour"}
    assert chosen[1] not in planned.to_grade and len(planned.to_grade) == 4
    assert planned.stale == ("status-code:main.py:1:0:abcdef",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[equivalent]]\nid = 'x'\n", "equivalent.0.reason: Field required"),
        ("[[equivalent]]\nid = 'x'\nreason = 'r'\nwhy = 1\n", "equivalent.0.why"),
        ("[[equivalent]\n", "not valid TOML"),
    ],
)
def test_a_bad_equivalents_file_is_an_invalid_exercise(
    exercise_copy: catalog.Exercise, text: str, message: str
) -> None:
    (exercise_copy.root / "mutants.toml").write_text(text)
    with pytest.raises(ExerciseInvalid, match=re.escape(message)):
        mutants.load_equivalents(exercise_copy)


# --- the run, with a fake hidden suite ---------------------------------------------


class OracleSandbox:
    """Plays exercise_01's hidden suite: everything fails on the stub (its TODOs),
    body-validation fails when `gt=0` is gone, the app crashes at startup when
    main.py holds `CRASH`; all else passes."""

    name = "fake"
    isolation = "container"

    def __init__(self) -> None:
        self.sources: list[str] = []
        self.criteria = [c.id for c in catalog.find("01").config.criteria]

    def run(self, job: SandboxJob) -> SandboxOutcome:
        schema = catalog.find("01").hidden_dir / "openapi.json"  # what the app would serve
        if schema.is_file():
            shutil.copyfile(schema, job.output_dir / "openapi.json")
        source = (job.submission_dir / "app" / "main.py").read_text()
        self.sources.append(source)
        if "CRASH" in source:
            outcome = SandboxOutcome(app_ready=False, app_exited_early=True, app_exit_code=1)
        else:
            outcome = ran(
                [
                    record(f"t_{c}", [c], "failed" if self.fails(c, source) else "passed")
                    for c in self.criteria
                ]
            )
        return replace(outcome, facts=self.facts(job.limits))

    def fails(self, criterion: str, source: str) -> bool:
        return "TODO" in source or (criterion == "body-validation" and "gt=0" not in source)

    def facts(self, limits: SandboxLimits) -> dict[str, Any]:
        return {"backend": self.name, "isolation": self.isolation, "limits": limits.as_dict()}


def fixed_plan(exercise: catalog.Exercise) -> Plan:
    every = mutants.exercise_mutants(exercise)
    gt = next(m for m in every if m.description == "drop gt=0 from Field(...)")
    status = next(m for m in every if m.operator == "status-code")
    crash = gt.model_copy(
        update={"id": "crash", "edit": mutants.Edit(start=0, end=0, text="CRASH = 1\n")}
    )
    header = next(m for m in every if m.operator == "header")
    return Plan(exercise, len(every), 10, (gt, status, crash, header), {header.id: "same"}, ())


def test_run_classifies_caught_survived_equivalent_and_not_viable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    exercise = catalog.find("01")
    sandboxes: list[OracleSandbox] = []

    def open_sandbox() -> OracleSandbox:
        sandboxes.append(OracleSandbox())
        return sandboxes[-1]

    monkeypatch.setattr(mutants, "imports_on_host", lambda folder: False)
    seen = []
    report = MutationRun(open_sandbox, jobs=2).run(fixed_plan(exercise), seen.append)  # type: ignore[arg-type]
    statuses = [(r.mutant.operator, r.status) for r in report.results]
    assert statuses == [
        ("drop-constraint", "caught"),
        ("status-code", "survived"),
        ("drop-constraint", "not-viable"),
        ("header", "equivalent"),
    ]
    assert report.results[0].missed == ("body-validation",) and report.results[0].score < 100
    assert report.results[3].note == "same" and len(seen) == 3  # equivalents are not graded
    assert (report.caught, report.survived, report.equivalent, report.not_viable) == (1, 1, 1, 1)
    assert report.score == 50.0 and report.control_score == 100.0
    assert 1 <= len(sandboxes) <= 2  # one per worker thread, not one per mutant
    graded = [s for sandbox in sandboxes for s in sandbox.sources]
    original = (exercise.solution_dir / "main.py").read_text()
    assert sorted(s == original for s in graded) == [False, False, False, True]  # + control
    dumped = json.loads(report.model_dump_json())
    assert dumped["score"] == 50.0 and "edit" not in dumped["results"][0]["mutant"]


def test_a_startup_crash_that_still_imports_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    exercise = catalog.find("01")
    monkeypatch.setattr(mutants, "imports_on_host", lambda folder: True)
    planned = fixed_plan(exercise)
    planned = replace(planned, selected=planned.selected[2:3], equivalent={})
    (result,) = MutationRun(OracleSandbox, jobs=1).run(planned).results  # type: ignore[arg-type]
    assert result.status == "caught" and result.score == 0


def test_imports_on_host_tells_a_broken_module(tmp_path: Path) -> None:
    exercise = catalog.find("01")
    folder = mutants.write_mutant(exercise, None, tmp_path / "good")
    assert mutants.imports_on_host(folder)
    (folder / "app" / "main.py").write_text("raise RuntimeError('at import')\n")
    assert not mutants.imports_on_host(folder)


def test_cli_validate_mutants_json_and_min_score(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "open_sandbox", lambda name: OracleSandbox())
    monkeypatch.setattr(mutants, "imports_on_host", lambda folder: True)
    args = ["validate", "01", "--mutants", "--max-mutants", "6", "--format", "json"]
    report_only = CliRunner().invoke(cli.main, args)
    assert report_only.exit_code == 0, report_only.stdout + report_only.stderr
    result = CliRunner().invoke(cli.main, [*args, "--min-score", "90"])
    document = json.loads(result.stdout)
    (entry,) = document["exercises"]
    mutation = entry["mutation"]
    assert len(mutation["results"]) == 6 and mutation["control_score"] == 100.0
    assert mutation["caught"] + mutation["survived"] == 6
    assert mutation["score"] is not None and mutation["score"] < 90
    assert f"mutation score {mutation['score']:g}% is below --min-score 90%" in entry["problems"]
    assert result.exit_code == 1
    assert "mutation score of the hidden suites" in result.stderr


def test_cli_rejects_a_cap_of_zero() -> None:
    result = CliRunner().invoke(cli.main, ["validate", "01", "--mutants", "--max-mutants", "0"])
    assert result.exit_code == 2 and "--max-mutants" in result.stderr


class FlakyEngine(OracleSandbox):
    """The engine fails to start a container now and then (as runc does under load)."""

    def __init__(self, failures: int, error: type[Exception] = InfrastructureError) -> None:
        super().__init__()
        self.failures, self.error = failures, error

    def run(self, job: SandboxJob) -> SandboxOutcome:
        if self.failures:
            self.failures -= 1
            raise self.error("docker engine error: can't get final child's PID from pipe")
        return super().run(job)


def test_an_engine_error_is_tried_again_but_not_forever(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mutants, "ENGINE_RETRY_PAUSE", 0.0)
    exercise = catalog.find("01")
    planned = fixed_plan(exercise)
    planned = replace(planned, selected=planned.selected[:1], equivalent={})
    engine = FlakyEngine(failures=2)
    (result,) = MutationRun(lambda: engine, jobs=1).run(planned).results  # type: ignore[arg-type, return-value]
    assert result.status == "caught" and len(engine.sources) == 2  # the mutant and the control
    with pytest.raises(InfrastructureError):
        MutationRun(lambda: FlakyEngine(failures=9), jobs=1).run(planned)  # type: ignore[arg-type, return-value]
    unavailable = FlakyEngine(failures=1, error=EngineUnavailable)
    with pytest.raises(EngineUnavailable):
        MutationRun(lambda: unavailable, jobs=1).run(planned)  # type: ignore[arg-type, return-value]


def test_nothing_to_grade_runs_nothing() -> None:
    exercise = catalog.find("01")
    planned = replace(fixed_plan(exercise), selected=(), equivalent={})
    engine = OracleSandbox()
    report = MutationRun(lambda: engine, jobs=2).run(planned)  # type: ignore[arg-type, return-value]
    assert engine.sources == [] and report.score is None and report.control_score is None
    assert mutants.summary(report).startswith("exercise_01: no mutants graded (0 caught")


def test_the_table_lists_survivors_equivalents_and_stale_records() -> None:
    from io import StringIO

    from rich.console import Console

    every = mutants.exercise_mutants(catalog.find("01"))
    survivor, equivalent = every[0], every[1]
    report = mutants.MutationReport(
        exercise="exercise_01",
        generated=len(every),
        cap=40,
        results=(
            mutants.MutantResult(
                mutant=survivor, status="survived", score=100.0, contract=("paths: changed",)
            ),
            mutants.MutantResult(mutant=equivalent, status="equivalent", note="same answers"),
        ),
        control_score=100.0,
        stale_equivalents=("status-code:main.py:1:0:abcdef",),
        seconds=12.0,
    )
    out = StringIO()
    mutants.print_reports([report], Console(file=out, width=80))
    text = out.getvalue()
    rows = [" ".join(line.split()) for line in text.splitlines()]
    assert f"exercise_01 2/{len(every)} 0 1 1 0 0% 12s" in rows  # the equivalent is not scored
    assert (
        f"exercise_01 survivor: {survivor.where} [{survivor.operator}] {survivor.description}"
        " — its /openapi.json differs: paths: changed"
    ) in text
    assert f"    id {survivor.id}" in text
    assert f"exercise_01 equivalent: {equivalent.where}" in text and "— same answers" in text
    assert "records status-code:main.py:1:0:abcdef, which matches no mutant" in text
