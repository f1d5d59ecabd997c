"""The shipped CI workflows: actionlint accepts every GitHub one, the GitLab
template has the shape GitLab reads, and every `prep` command they run
exists with the options they pass."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

import click
import pytest
import yaml

from cli import main
from tests.conftest import ROOT

TEMPLATES = ROOT / "grader" / "ci_templates"
GITHUB = sorted((ROOT / ".github" / "workflows").glob("*.yml")) + sorted(
    TEMPLATES.glob("github-*.yml")
)
ALL = [*GITHUB, TEMPLATES / "gitlab-ci.yml"]


@pytest.mark.parametrize("workflow", GITHUB, ids=lambda p: p.name)
def test_actionlint_accepts_the_workflow(workflow: Path) -> None:
    actionlint = shutil.which("actionlint")
    assert actionlint, "actionlint is a dev dependency (pip install -e '.[dev]')"
    done = subprocess.run(
        [actionlint, "-no-color", str(workflow)], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_rejects_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(GITHUB[0].read_text().replace("runs-on:", "runs_on:", 1))
    done = subprocess.run(
        [str(shutil.which("actionlint")), "-no-color", str(broken)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1


def test_gitlab_template_reports_junit_from_prep_ci() -> None:
    document = yaml.safe_load((TEMPLATES / "gitlab-ci.yml").read_text())
    job = document["grade"]
    assert job["artifacts"]["when"] == "always"
    junit = job["artifacts"]["reports"]["junit"]
    ci_line = next(line for line in job["script"] if line.startswith("prep ci"))
    words = shlex.split(ci_line)
    assert words[words.index("--junit") + 1] == junit
    assert any("docker" in service for service in job["services"])


def prep_commands(path: Path) -> list[list[str]]:
    commands = []
    for line in path.read_text().splitlines():
        text = line.strip().removeprefix("- ").removeprefix("run: ")
        for part in text.split("$("):
            if part.startswith("prep "):
                commands.append(shlex.split(part.split(")")[0]))
    return commands


@pytest.mark.parametrize("workflow", ALL, ids=lambda p: p.name)
def test_every_prep_command_in_a_workflow_exists(workflow: Path) -> None:
    commands = prep_commands(workflow)
    assert commands, f"{workflow.name} runs no prep command"
    for words in commands:
        command: click.Command = main
        rest = words[1:]
        while isinstance(command, click.Group) and rest and rest[0] in command.commands:
            command, rest = command.commands[rest[0]], rest[1:]
        options = {opt for param in command.params for opt in getattr(param, "opts", [])}
        used = {word for word in rest if word.startswith("--")}
        assert used <= options, f"{' '.join(words)}: unknown {sorted(used - options)}"
