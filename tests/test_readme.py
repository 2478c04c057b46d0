"""The README's set-up commands, .ci/run, and the CLI's documentation stay in step."""

from __future__ import annotations

import re

from helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def code_blocks(text: str) -> list[str]:
    return [b.strip() for b in re.findall(r"```sh\n(.*?)```", text, flags=re.S)]


def test_readme_starts_with_the_two_setup_commands():
    blocks = code_blocks(README)
    demo, tests = blocks[0], blocks[1]
    assert "\n" not in demo and "\n" not in tests
    assert demo.startswith("python3 -m venv .venv")
    assert demo.endswith("expreport report data/example/job_summary.csv")   # ends with the report
    assert tests.startswith("python3 -m venv .venv") and tests.endswith("ruff check && mypy && python -m pytest -q")
    assert README.index(demo) < README.index(tests) < README.index("## Use")


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert code_blocks(README)[1] in ci.splitlines()


def test_every_command_is_documented_and_has_help():
    import typer.main

    from expreport.cli import app
    group = typer.main.get_command(app)
    for name, cmd in group.commands.items():
        assert (cmd.help or "").strip(), f"{name} has no help text"
        assert f"expreport {name}" in README, f"{name} is not in the README"
