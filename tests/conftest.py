"""Shared fixtures: where the sample and development articles are, a fresh store, the CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
ARTICLES = REPO / "data" / "articles"
DEV_CORPUS = REPO.parent / "shared" / "corpus" / "dev"
# The two Binh Duong articles data/articles began with (2023 and 2025): tests that count what a store
# holds, or follow one body's history, build their stores from these, so the demo corpus can grow.
SEED_ARTICLES = [ARTICLES / "bd-2023-11-innovate-mass-mobilization.txt",
                 ARTICLES / "bd-2025-02-propaganda-mass-mobilization-commission.txt"]

RunCli = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def articles_dir() -> Path:
    """The sample articles shipped in the repo (what `make demo` ingests)."""
    return ARTICLES


@pytest.fixture(scope="session")
def dev_corpus() -> Path:
    """The shared development corpus with gold files; tests needing it skip when it is absent."""
    if not DEV_CORPUS.is_dir():
        pytest.skip(f"development corpus not found at {DEV_CORPUS}")
    return DEV_CORPUS


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    """A path for a fresh store; not created, so tests see what the CLI does with a new path."""
    return tmp_path / "store"


def provkg_executable() -> str:
    """The installed `provkg` console script of the interpreter running the tests."""
    beside = Path(sys.executable).parent / "provkg"
    found = str(beside) if beside.exists() else shutil.which("provkg")
    if not found:
        pytest.fail("the `provkg` command is not installed: run `make setup` (pip install -e '.[test]')")
    return found


def _run(*args: str | os.PathLike[str], env: dict[str, str] | None = None, input: str | None = None,
         cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the installed CLI in a subprocess, with PROVKG_STORE unset unless given."""
    full_env = {k: v for k, v in os.environ.items() if k != "PROVKG_STORE"}
    full_env.update({"COLUMNS": "200", "NO_COLOR": "1"}, **(env or {}))
    return subprocess.run([provkg_executable(), *map(str, args)], capture_output=True, text=True,
                          env=full_env, input=input, cwd=cwd or REPO, timeout=timeout)


@pytest.fixture(scope="session")
def run_cli() -> RunCli:
    """Call as run_cli("stats", "--store", path) -> CompletedProcess (text stdout/stderr)."""
    return _run


@pytest.fixture(scope="session")
def ingested_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding data/articles, built once through the CLI, for read-only tests."""
    store = tmp_path_factory.mktemp("ingested") / "store"
    result = _run("ingest", ARTICLES, "--store", store)
    assert result.returncode == 0, result.stderr
    return store
