"""The distribution installs one `provkg` package and nothing at the top level besides it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

SUBPACKAGES = ("provkg.graph", "provkg.ingest", "provkg.api", "provkg.ontology")
FOREIGN_TOP_LEVEL = ("api", "graph", "ingest", "ontology")


@pytest.fixture(scope="module")
def wheel(repo_root: Path, tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    """Build the wheel from a copy of the source, so the build leaves nothing in the work tree."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(repo_root / name, src / name)
    for package in FOREIGN_TOP_LEVEL:
        shutil.copytree(repo_root / package, src / package,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
                            "--disable-pip-version-check", "-w", str(out), str(src)],
                           capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stderr
    (path,) = out.glob("provkg-*.whl")
    return zipfile.ZipFile(path)


def test_wheel_has_only_the_provkg_package(wheel: zipfile.ZipFile) -> None:
    tops = {name.split("/")[0] for name in wheel.namelist()}
    dist_info = {t for t in tops if t.endswith(".dist-info")}
    assert tops - dist_info == {"provkg"}, tops
    for package in SUBPACKAGES:
        assert f"{package.replace('.', '/')}/__init__.py" in wheel.namelist()


def test_wheel_ships_cli_ontology_and_license(wheel: zipfile.ZipFile) -> None:
    names = wheel.namelist()
    assert "provkg/api/cli.py" in names
    assert any(n.startswith("provkg/ontology/") and n.endswith((".ttl", ".toml")) for n in names), \
        "ontology data files are package data"
    # the server's pages and the views' assets ship too, not only in an editable install
    for folder in ("provkg/api/templates/", "provkg/api/static/", "provkg/api/routes/",
                   "provkg/api/views/templates/", "provkg/api/views/static/"):
        assert any(n.startswith(folder) for n in names), folder
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "provkg = provkg.api.cli:main" in wheel.read(entry_points).decode()
    metadata = wheel.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "Apache-2.0" in metadata
    assert any(n.endswith("/LICENSE") and ".dist-info/" in n for n in names)


def test_installed_package_imports_without_top_level_modules(tmp_path: Path) -> None:
    """In a clean directory, provkg.* import and the bare folder names do not."""
    probe = (
        "import importlib, importlib.util\n"
        f"for name in {SUBPACKAGES!r}: importlib.import_module(name)\n"
        "import provkg.api.cli\n"
        f"leaks = [n for n in {FOREIGN_TOP_LEVEL!r} if importlib.util.find_spec(n) is not None]\n"
        "assert not leaks, leaks\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_console_script_is_installed() -> None:
    from importlib.metadata import entry_points

    scripts = {ep.value for ep in entry_points(group="console_scripts") if ep.name == "provkg"}
    assert scripts == {"provkg.api.cli:main"}
