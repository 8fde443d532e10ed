"""Every hostile input (tests/hostile/corpus.py) against every command, as a real process.

For each input and each of ``assess``, ``validate``, ``test`` and ``lookup --pack FILE``: an answer
within the timeout and the memory bound, an exit status the contract allows, no traceback, and for
exit 2 exactly one ``threshold: `` line on stderr naming the file. Valid-but-odd inputs must be
assessed with every concern accounted for. No YAML tag is ever executed; no input is modified.

All runs happen once, in a module fixture: each in its own process, forked from a server that has
already imported ``threshold_cli`` (tests/hostile/forkserver.py), one per CPU; each test then checks one
result. ``test_fork_runner_matches_the_console_script`` checks that a forked run prints exactly what the
installed console script prints.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from tests.hostile.clirun import TIMEOUT, CliRun, ForkRunner, assert_contract, concern_partition_problems, run_cli
from tests.hostile.conftest import WORKERS
from tests.hostile.corpus import CORPUS, EMOJI_RTL, NAMES, PWNED, Hostile, Materialized, materialize

COMMANDS = ("assess", "validate", "test", "lookup")
BY_NAME = {h.name: h for h in CORPUS}
ROOT_CAN_READ_ANYTHING = hasattr(os, "geteuid") and os.geteuid() == 0


def arguments(command: str, m: Materialized) -> tuple[list[str], str]:
    """The command line for ``command`` on input ``m``, and the path its error must name."""
    case, golden = str(m.case), str(m.golden)
    return {
        "assess": (["assess", case, "--pack", "norfolk", "--format", "json"], case),
        "validate": (["validate", case], case),
        "test": (["test", golden], golden),
        "lookup": (["lookup", "dad hits mum", "--pack", case, "--format", "json"], case),
    }[command]


def allowed_codes(command: str, hostile: Hostile) -> set[int]:
    """docs/contracts.md, "Exit codes", for this input (none of the corpus is a valid pack)."""
    if command == "assess":
        return {0} if hostile.valid else {2}
    if command == "lookup":
        return {2}  # a case file is never a pack: the pack "breaks the schema" -> 2
    if hostile.kind == "missing":
        return {2}
    return {1, 2}  # validate/test: problems found (1), or the file could not be used at all (2)


def _skip_reason(hostile: Hostile) -> str | None:
    if hostile.kind == "unreadable" and ROOT_CAN_READ_ANYTHING:
        return (
            "running as root: a mode-000 file is still readable by root (CAP_DAC_OVERRIDE), so there is "
            "no permission refusal to observe; run as a normal user for this input. Refusal of files that "
            "cannot be read safely is covered by the fifo, directory, symlink-loop and /dev/zero inputs."
        )
    return None


def _listing(directory: Path) -> list[tuple[str, int]]:
    return sorted((p.name, p.lstat().st_size) for p in directory.iterdir())


@dataclass
class CorpusRuns:
    root: Path
    inputs: dict[str, Materialized]
    before: dict[str, list[tuple[str, int]]]
    runs: dict[tuple[str, str], CliRun]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, forked: ForkRunner) -> Iterator[CorpusRuns]:
    root = tmp_path_factory.mktemp("hostile")
    inputs = {h.name: materialize(h, root) for h in CORPUS}
    before = {name: _listing(m.directory) for name, m in inputs.items()}
    jobs = [(h, c) for h in CORPUS for c in COMMANDS if _skip_reason(h) is None]
    # The slow runs (valid inputs are read to the end) go first, so that the pool finishes together.
    jobs.sort(key=lambda job: not (job[0].valid and job[1] == "assess"))

    def one(job: tuple[Hostile, str]) -> tuple[tuple[str, str], CliRun]:
        hostile, command = job
        args, _ = arguments(command, inputs[hostile.name])
        return (hostile.name, command), forked.run(args, cwd=inputs[hostile.name].directory, timeout=TIMEOUT)

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        runs = dict(pool.map(one, jobs))
    # Reported with -s (and in the CI log): the figures the README's reliability section quotes.
    print(f"\n{len(runs)} runs ({len(inputs)} inputs x {len(COMMANDS)} commands); slowest and largest:")
    for field in ("seconds", "max_rss_kb"):
        for (name, command), run in sorted(runs.items(), key=lambda item: -(getattr(item[1], field) or 0))[:4]:
            print(f"  {run.seconds:5.1f}s {(run.max_rss_kb or 0) / 1024:6.0f} MiB  {command} {name}")
    yield CorpusRuns(root, inputs, before, runs)
    for m in inputs.values():  # let pytest clean up the mode-000 files
        for p in (m.case, m.golden):
            if p.is_file() and not p.is_symlink():
                p.chmod(0o600)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("command", COMMANDS)
def test_contract_holds(corpus: CorpusRuns, command: str, name: str) -> None:
    hostile = BY_NAME[name]
    reason = _skip_reason(hostile)
    if reason:
        pytest.skip(reason)
    run = corpus.runs[(name, command)]
    _, path = arguments(command, corpus.inputs[name])
    assert_contract(run, allowed_codes(command, hostile), path)
    if run.code == 1:  # validate/test: every problem listed as file:line:column: message, on stdout
        assert path in run.stdout, run.describe()


@pytest.mark.parametrize("name", [h.name for h in CORPUS if h.refusal and not h.valid])
def test_assess_refuses_for_the_right_reason(corpus: CorpusRuns, name: str) -> None:
    hostile = BY_NAME[name]
    if _skip_reason(hostile):
        pytest.skip(_skip_reason(hostile) or "")
    run = corpus.runs[(name, "assess")]
    assert run.code == 2 and hostile.refusal in run.stderr, f"expected a refusal saying {hostile.refusal!r}\n" + (
        run.describe()
    )


# One input per command, chosen to cover exit 0, 1 and 2 and a read, a refusal by kind and a parse error.
FAITHFUL = [("assess", "crlf"), ("validate", "alias-bomb"), ("test", "fifo"), ("lookup", "escape-sequence")]


@pytest.mark.parametrize(("command", "name"), FAITHFUL)
def test_fork_runner_matches_the_console_script(
    corpus: CorpusRuns, cli_env: dict[str, str], command: str, name: str
) -> None:
    m = corpus.inputs[name]
    args, _ = arguments(command, m)
    real = run_cli(args, env=cli_env, cwd=m.directory)
    forked = corpus.runs[(name, command)]
    assert (forked.code, forked.stdout, forked.stderr) == (real.code, real.stdout, real.stderr), (
        forked.describe() + "\n--- console script:\n" + real.describe()
    )


@pytest.mark.parametrize("name", [h.name for h in CORPUS if h.valid])
def test_valid_input_accounts_for_every_concern(corpus: CorpusRuns, name: str) -> None:
    hostile = BY_NAME[name]
    run = corpus.runs[(name, "assess")]
    assert run.code == 0, run.describe()
    reading = run.json()
    assert reading["file"] == str(corpus.inputs[name].case)
    assert reading["tier"] in {None, 1, 2, 3, 4}
    problems = concern_partition_problems(reading, hostile.concerns)
    assert not problems, "; ".join(problems)


def test_emoji_and_rtl_text_survive_verbatim(corpus: CorpusRuns) -> None:
    written = yaml.safe_load(EMOJI_RTL)
    reading = corpus.runs[("emoji-and-rtl", "assess")].json()
    for item in reading["unmatched"]:  # what was not matched is quoted back exactly as written
        assert item["text"] == written["concerns"][item["concern"]]
    assert written["working_well"][0] in {s["text"] for s in reading["strengths"]}


@pytest.mark.parametrize("name", [h.name for h in CORPUS if "pwned" in h.tags])
def test_python_tags_are_never_executed(corpus: CorpusRuns, name: str) -> None:
    marker = corpus.inputs[name].directory / PWNED
    assert not marker.exists(), f"a YAML tag ran code: {marker} was created"
    for command in COMMANDS:
        run = corpus.runs[(name, command)]
        assert "unsupported YAML tag" in run.stderr + run.stdout, run.describe()


def test_nothing_anywhere_was_pwned(corpus: CorpusRuns) -> None:
    assert not list(corpus.root.rglob(PWNED)), "a YAML tag ran code"
    assert not Path(PWNED).exists() and not (Path.cwd() / PWNED).exists()


@pytest.mark.parametrize("name", NAMES)
def test_inputs_are_left_untouched(corpus: CorpusRuns, name: str) -> None:
    directory = corpus.inputs[name].directory
    assert _listing(directory) == corpus.before[name], "a command created, removed or changed a file"
