"""Every shell command the README shows, and every example in `provkg --help`, run as written.

The commands run in order, in a copy of the project laid out as a fresh clone (its `.venv`
is this checkout's, so `make` finds provkg installed), with `.venv/bin` on PATH as the
README assumes ("or just `provkg` with the venv activated"), and each must exit 0. Each
```sh block is one shell session: `export` lines carry over to the block's later commands,
not to the next block. The scene, and the only rewrites of what the README says:

- `../shared` beside the copy is the development corpus and scorer of this checkout; the
  commands naming it are run only when it is present (else the test says which it left out).
- The files the README takes as given are made: `feed.jsonl` (a JSONL feed of the demo),
  `news/*.html` (the demo's HTML pages), `virtuoso.ini` (as `tests/sparql_servers.py`
  writes it, on the port the README names).
- Absolute paths outside the project (`/tmp/...`, `/srv/...`, `/var/...`) are moved under
  the test's temporary directory, and the ports 8000, 7878 and 8890 become free ones, so
  the test neither touches the machine's own files nor meets another server.
- A command that serves forever (`make demo`, `provkg serve`) is started, must serve its
  home page, and is stopped before the next command that is not an HTTP client (`curl`), as
  a reader stops it before going on; one ending in `&` (a SPARQL server) must answer a
  query, and is stopped when its block ends.
- `make test` runs this test, so it is not run inside it: `make -n test` checks the target
  and its recipe, and `make system-deps` (its first step) is run.
- `bench/ingest.py` is a benchmark of 2,000 articles (minutes): it runs with `--articles 60`.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import httpx
import pytest
import typer
from server import free_port
from sparql_servers import VIRTUOSO_INI

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
COMMAND_TIMEOUT = 300.0
README_PORTS = ("8000", "7878", "8890")
OUTSIDE = re.compile(r"(?<![\w.:/-])/(tmp|srv|var)/")
PORT = re.compile(r"(?<=[: ])(" + "|".join(README_PORTS) + r")\b")
SERVERS_FOREVER = (("make", "demo"), ("provkg", "serve"))
BENCH_SIZE = ["--articles", "60"]

Check = Callable[[subprocess.CompletedProcess[str], Path], None]


# --- what the README and the help texts show ------------------------------------------------

def sh_blocks(markdown: str) -> list[str]:
    """The text of each ```sh block, in order."""
    return re.findall(r"^```sh\n(.*?)^```", markdown, flags=re.S | re.M)


def commands(block: str) -> list[str]:
    """Split a block into commands: one a line, a quoted string (or a trailing backslash) continuing it."""
    found: list[str] = []
    pending = ""
    for line in block.splitlines():
        pending = f"{pending}\n{line}" if pending else line
        if pending.rstrip().endswith("\\"):
            continue
        try:
            tokens = shlex.split(pending, comments=True)
        except ValueError:  # an open quote: the command goes on
            continue
        if tokens:
            found.append(pending.strip())
        pending = ""
    assert not pending, f"unterminated command in the README: {pending!r}"
    return found


def help_examples() -> list[str]:
    """The `provkg ...` commands in the root help and in each command's Example(s) section."""
    from provkg.api.cli import app

    group = typer.main.get_command(app)
    shown = [m for m in re.findall(r"\[bold\](.*?)\[/bold\]", group.help or "") if m.startswith("provkg ")]
    for name, command in sorted(group.commands.items()):  # type: ignore[attr-defined]
        _, _, examples = (command.help or "").partition("Example")
        found, pending = [], ""
        for line in (line.strip() for line in examples.splitlines()[1:]):
            if not pending and not line.startswith("provkg "):
                continue  # prose around the examples
            pending = f"{pending}\n{line}" if pending else line
            try:
                shlex.split(pending)
            except ValueError:  # an open quote: the example goes on
                continue
            found.append(pending)
            pending = ""
        assert found or name == "view", f"`provkg {name} --help` shows no example"
        shown += found
    return shown


# --- the scene ------------------------------------------------------------------------------

@dataclass
class Scene:
    clone: Path
    outside: Path
    ports: dict[str, str]
    has_shared: bool
    env: dict[str, str] = field(default_factory=dict)
    forever: list[subprocess.Popen[bytes]] = field(default_factory=list)
    background: list[subprocess.Popen[bytes]] = field(default_factory=list)
    not_run: list[str] = field(default_factory=list)
    ran: list[str] = field(default_factory=list)

    def rewrite(self, command: str) -> str:
        command = OUTSIDE.sub(lambda m: f"{self.outside}/{m.group(1)}/", command)
        return PORT.sub(lambda m: self.ports[m.group(1)], command)


def base_env(clone: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROVKG_") and k != "VIRTUAL_ENV"}
    env.update({"PATH": f"{clone / '.venv' / 'bin'}{os.pathsep}{env.get('PATH', '')}", "NO_COLOR": "1",
                "COLUMNS": "200", "PYTHONUNBUFFERED": "1", "VIRTUAL_ENV": str(clone / ".venv")})
    return env


def make_clone(tmp: Path) -> Path:
    """The project's files as a fresh clone has them, `.venv` shared with this checkout."""
    clone = tmp / "provkg"
    junk = shutil.ignore_patterns(".venv", ".git", "store", "__pycache__", ".pytest_cache", ".ruff_cache",
                                  "*.egg-info", "build")
    shutil.copytree(REPO, clone, ignore=junk)
    (clone / ".venv").symlink_to(REPO / ".venv", target_is_directory=True)
    if SHARED.is_dir():
        (tmp / "shared").symlink_to(SHARED, target_is_directory=True)
    for name in ("tmp", "srv", "var/backups"):
        (tmp / "outside" / name).mkdir(parents=True)
    articles = clone / "data" / "articles"
    feed = sorted(articles.glob("*.jsonl"))
    assert feed, "data/articles ships no .jsonl feed"
    shutil.copy(feed[0], clone / "feed.jsonl")
    (clone / "news").mkdir()
    for page in articles.glob("*.html"):
        shutil.copy(page, clone / "news" / page.name)
    return clone


def write_virtuoso_ini(scene: Scene) -> None:
    """virtuoso.ini as tests/sparql_servers.py writes it, its HTTP port the one 8890 stands for."""
    directory = scene.outside / "virtuoso"
    directory.mkdir()
    (scene.clone / "virtuoso.ini").write_text(VIRTUOSO_INI.format(
        dir=directory, sql_port=free_port(), http_port=scene.ports["8890"], max_rows=10_000_000), encoding="utf-8")


# --- running ----------------------------------------------------------------------------------

def start(scene: Scene, command: str, env: dict[str, str] | None = None) -> tuple[subprocess.Popen[bytes], Path]:
    """The command in its own session (so that stopping it stops its children), output to a log file."""
    log_path = scene.outside / f"server-{len(scene.forever) + len(scene.background)}.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(["bash", "-c", command], cwd=scene.clone, env={**scene.env, **(env or {})},
                                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    return proc, log_path


def wait_until(proc: subprocess.Popen[bytes], url: str, command: str, timeout: float = COMMAND_TIMEOUT) -> None:
    """Until `url` answers 200; fail if the process exits first or the time runs out."""
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=5.0) as client:
        while time.monotonic() < deadline:
            assert proc.poll() is None, f"`{command}` exited with {proc.returncode} before serving"
            with contextlib.suppress(httpx.TransportError):
                if client.get(url).status_code == 200:
                    return
            time.sleep(0.3)
    pytest.fail(f"`{command}` did not serve {url} within {timeout:g} s")


def stop(procs: list[subprocess.Popen[bytes]]) -> None:
    """SIGTERM each process group this test started, SIGKILL what is left after a grace period."""
    for proc in procs:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
    procs.clear()


def port_of(command: str) -> str | None:
    found = re.search(r"127\.0\.0\.1:(\d+)|--port (\d+)", command)
    return (found.group(1) or found.group(2)) if found else None


def run_one(scene: Scene, readme_text: str, checks: dict[str, Check]) -> None:
    tokens = [Path(t).name if i == 0 else t for i, t in enumerate(shlex.split(readme_text, comments=True))]
    if "../shared" in readme_text and not scene.has_shared:
        scene.not_run.append(readme_text)
        return
    command = scene.rewrite(readme_text)
    if tokens[0] != "curl":
        stop(scene.forever)
    if tokens[:2] == ["make", "test"]:
        dry = subprocess.run(["make", "-n", "test"], cwd=scene.clone, env=scene.env, capture_output=True, text=True)
        assert dry.returncode == 0, dry.stderr
        assert "ruff check ." in dry.stdout and "pytest -q" in dry.stdout, dry.stdout
        command = "make system-deps"
    elif tuple(tokens[:2]) in SERVERS_FOREVER:  # `make demo` serves with provkg serve's default port
        port = port_of(command) or scene.ports["8000"]
        proc, log_path = start(scene, command, env={"PROVKG_PORT": port})
        scene.forever.append(proc)
        wait_until(proc, f"http://127.0.0.1:{port}/", readme_text)
        if readme_text in checks:
            checks.pop(readme_text)(subprocess.CompletedProcess(proc.args, 0, log_path.read_text(), ""), scene.clone)
        scene.ran.append(readme_text)
        return
    elif tokens[-1] == "&":
        port = port_of(command) or scene.ports["8890"]  # virtuoso-t listens where virtuoso.ini says
        ready = {"oxigraph": f"http://127.0.0.1:{port}/query?query=ASK%7B%7D",
                 "virtuoso-t": f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D"}[tokens[0]]
        proc, _ = start(scene, command.rstrip().removesuffix("&"))
        scene.background.append(proc)
        wait_until(proc, ready, readme_text)
        scene.ran.append(readme_text)
        return
    elif tokens[0] == "export":
        for assignment in tokens[1:]:
            name, _, value = assignment.partition("=")
            scene.env[name] = scene.rewrite(value)
        scene.ran.append(readme_text)
        return
    elif "bench/ingest.py" in tokens[:2]:
        command = f"{command.split('#')[0].strip()} {' '.join(BENCH_SIZE)}"
    result = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=scene.clone, env=scene.env,
                            capture_output=True, text=True, timeout=COMMAND_TIMEOUT)
    assert result.returncode == 0, (f"`{readme_text}` exited {result.returncode}:\n"
                                    f"{result.stdout[-1500:]}\n{result.stderr[-3000:]}")
    assert "Traceback" not in result.stderr, result.stderr
    if readme_text in checks:
        checks.pop(readme_text)(result, scene.clone)
    scene.ran.append(readme_text)


# --- what a few commands must print or write (facts of the demo, not just status 0) ----------

def stat(output: str, name: str) -> int:
    found = re.search(rf"^{name}\s+(\d+)$", output, flags=re.M)
    assert found, output
    return int(found.group(1))


def check_demo(result: subprocess.CompletedProcess[str], clone: Path) -> None:
    ingested = re.search(r"ingested into data/store: (\d+) articles.*0 failures", result.stdout)
    assert ingested and int(ingested.group(1)) >= 20, result.stdout
    assert stat(result.stdout, "articles") >= 20


def check_stats(result: subprocess.CompletedProcess[str], clone: Path) -> None:
    assert result.stdout.startswith("store: data/store\n"), result.stdout
    assert stat(result.stdout, "articles") >= 20 and stat(result.stdout, "people") >= 100


def check_ask(result: subprocess.CompletedProcess[str], clone: Path) -> None:
    assert json.loads(result.stdout) == {"head": {}, "boolean": True}


def check_secretaries(result: subprocess.CompletedProcess[str], clone: Path) -> None:
    assert "Nguyen Van Loi" in result.stdout and "Binh Duong Provincial Party Committee" in result.stdout


def check_curl(result: subprocess.CompletedProcess[str], clone: Path) -> None:
    """Each kind of answer the README's curl examples ask for holds the demo's facts."""
    out = result.stdout
    if out.startswith("name,"):                       # a SPARQL query as CSV
        lines = out.splitlines()
        assert lines[0] == "name,body" and any(line.startswith("Nguyen Van Loi,") for line in lines), out
    elif out.lstrip().startswith("<?xml"):             # the Atom feed of changes
        root = ElementTree.fromstring(out.encode())
        entries = root.findall("{http://www.w3.org/2005/Atom}entry")
        assert root.tag == "{http://www.w3.org/2005/Atom}feed" and entries, out[:500]
    else:                                             # JSON: a feed, a resource
        doc = json.loads(out)
        assert doc.get("items") or doc.get("name") or doc.get("positions"), out[:500]


def check_view(result: subprocess.CompletedProcess[str], clone: Path) -> None:
    assert "Nguyen Van Loi" in (clone / "loi.html").read_text(encoding="utf-8")


def check_turtle(result: subprocess.CompletedProcess[str], clone: Path) -> None:
    assert "foaf:Person" in (clone / "kg.ttl").read_text(encoding="utf-8")


def check_score(result: subprocess.CompletedProcess[str], clone: Path) -> None:
    last = re.fullmatch(r"overall P ([\d.]+) R ([\d.]+) F1 ([\d.]+)", result.stdout.splitlines()[-1])
    assert last and float(last.group(3)) > 0, result.stdout


README_CHECKS: dict[str, Check] = {
    "make demo    # create .venv, install, ingest data/articles into ./data/store, print stats": check_demo,
    "provkg stats                                 # counts of articles, triples, people, bodies, ...": check_stats,
    "provkg query --format json 'ASK { ?p a foaf:Person }'    # table (default) | json | csv": check_ask,
    "provkg export --format turtle -o kg.ttl      # turtle | trig | nquads | ntriples | jsonld": check_turtle,
    ".venv/bin/provkg view person nguyen-van-loi --store data/store -o loi.html": check_view,
}


def test_readme_and_help_commands_run_as_written(tmp_path: Path) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    clone = make_clone(tmp_path)
    scene = Scene(clone=clone, outside=tmp_path / "outside", ports={p: str(free_port()) for p in README_PORTS},
                  has_shared=SHARED.is_dir())
    write_virtuoso_ini(scene)
    checks = dict(README_CHECKS)
    blocks = sh_blocks(readme)
    for block in blocks:
        for text in commands(block):
            if text.startswith("curl "):
                checks[text] = check_curl
            elif "Secretary" in text and text.startswith("provkg query '"):
                checks[text] = check_secretaries
            elif "kgscore.py" in text:
                checks[text] = check_score
    try:
        for block in blocks:
            scene.env = base_env(clone)
            try:
                for text in commands(block):
                    run_one(scene, text, checks)
            finally:
                stop(scene.background)  # a server served by `make demo` or `provkg serve` outlives its block
        scene.env = base_env(clone)
        examples = help_examples()
        for text in examples:
            run_one(scene, text, checks)
    finally:
        stop(scene.forever)
        stop(scene.background)
    unchecked = [c for c in checks if scene.has_shared or "../shared" not in c]
    assert not unchecked, f"checked commands not met (no longer in the README?): {unchecked}"
    assert len(scene.ran) >= 30, scene.ran
    if scene.not_run:
        pytest.skip(f"the development corpus is not at {SHARED}; not run: {scene.not_run}")
