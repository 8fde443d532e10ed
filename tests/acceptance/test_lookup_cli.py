"""`threshold lookup` end to end: real queries find the right rows of both guides, JSON follows the
contract, an empty query is a usage error, and the Typer-free fast path prints exactly what Typer prints.

The fast path (src/threshold_cli/fastpath.py) is what the installed `threshold lookup ...` runs; the Typer
command is what `tests.conftest.run` (CliRunner on `threshold_cli.cli.app.app`) runs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import ROOT, run

from threshold_cli.cli import fastpath
from threshold_cli.retrieval import semantic

THRESHOLD = Path(sysconfig.get_path("scripts")) / "threshold"
RESULT_KEYS = {"pack", "indicator", "domain", "area", "tier", "text", "score", "source"}


def lookup_json(*args: str) -> dict[str, Any]:
    result = run("lookup", *args, "--format", "json")
    assert (result.code, result.stderr) == (0, ""), result.stderr
    payload: dict[str, Any] = json.loads(result.stdout)
    return payload


def keys(payload: dict[str, Any]) -> list[str]:
    return [f"{r['pack']}:{r['indicator']}" for r in payload["results"]]


def test_goes_missing_finds_the_missing_from_home_rows_of_both_guides() -> None:
    payload = lookup_json("goes missing")
    top = keys(payload)
    assert len(top) == 5  # the default --limit
    assert {r["pack"] for r in payload["results"]} == {"norfolk", "sutton"}
    assert "norfolk:development.behaviour.missing-from-home" in top[:3], top
    assert "sutton:development.behaviour.missing-from-home" in top[:3], top
    assert top[0] in {
        "norfolk:development.behaviour.missing-from-home",
        "sutton:development.behaviour.missing-from-home",
        "sutton:development.behaviour.runs-away",
    }, top
    assert all(r["tier"] in {2, 3, 4} for r in payload["results"])  # a worry: no Tier 1 (strength) wording
    text = run("lookup", "goes missing")
    assert text.code == 0
    assert "[norfolk]" in text.stdout and "[sutton]" in text.stdout
    assert "development.behaviour.missing-from-home" in text.stdout


def test_a_typo_is_corrected_negelct_finds_neglect_in_sutton() -> None:
    payload = lookup_json("negelct", "--pack", "sutton")
    results = payload["results"]
    assert results and {r["pack"] for r in results} == {"sutton"}
    about_neglect = [r for r in results if "neglect" in (r["indicator"] + " " + r["text"]).lower()]
    assert len(about_neglect) >= 3, keys(payload)
    assert "neglect" in results[0]["indicator"] or "neglect" in results[0]["text"].lower()
    assert {"sutton:development.abuse-neglect.physical-neglect", "sutton:s47.serious-neglect"} & set(keys(payload))
    explained = run("lookup", "negelct", "--pack", "sutton", "--explain")
    assert explained.code == 0
    assert "typo: negelct" in explained.stdout and "neglect" in explained.stdout


def test_fgm_finds_the_harmful_practices_rows_and_the_s47_criterion() -> None:
    payload = lookup_json("FGM", "--limit", "10")
    top = keys(payload)
    for key in ("norfolk:family.protection.harmful-practices", "sutton:family.protection.harmful-practices"):
        assert key in top[:5], top
    assert {"norfolk:s47.harmful-practices", "sutton:s47.harmful-practices"} & set(top[:5]), top
    criterion = next(r for r in payload["results"] if r["indicator"] == "s47.harmful-practices")
    assert criterion["tier"] == 4 and "FGM" in criterion["text"]


@pytest.mark.parametrize(
    "args",
    [["goes missing"], ["FGM", "--pack", "norfolk"], ["bruise", "--tier", "3"], ["school", "--domain", "development"]],
    ids=["both-packs", "one-pack", "tier", "domain"],
)
def test_json_follows_the_contract(args: list[str]) -> None:
    payload = lookup_json(*args)
    assert set(payload) == {"query", "results"}
    assert payload["query"] == args[0]
    assert payload["results"]
    seen = set()
    for r in payload["results"]:
        assert set(r) == RESULT_KEYS, sorted(set(r) ^ RESULT_KEYS)
        assert r["pack"] in {"norfolk", "sutton"}
        assert r["tier"] in {1, 2, 3, 4}
        assert isinstance(r["score"], (int, float)) and r["score"] > 0
        assert r["text"] and r["source"]
        if r["indicator"].startswith(("s47.", "s20.", "s31.")):
            assert r["tier"] == 4 or not r["indicator"].startswith("s47.")
        else:
            assert r["domain"] in {"development", "family", "environment"} and r["area"]
        seen.add((r["pack"], r["indicator"]))
    assert len(seen) == len(payload["results"]), "an indicator listed twice"
    if "--pack" in args:
        assert {r["pack"] for r in payload["results"]} == {args[args.index("--pack") + 1]}
    if "--tier" in args:
        assert {r["tier"] for r in payload["results"]} == {int(args[args.index("--tier") + 1])}
    if "--domain" in args:
        assert {r["domain"] for r in payload["results"]} == {"development"}


@pytest.mark.parametrize("query", ["", "   "])
def test_an_empty_query_is_a_usage_error_with_an_example(query: str) -> None:
    result = run("lookup", query)
    assert result.code == 2
    assert result.stdout == ""
    assert result.stderr == 'threshold: give a worry to look up, e.g. threshold lookup "goes missing overnight"\n'


def test_no_query_at_all_is_a_usage_error() -> None:
    result = run("lookup")
    assert result.code == 2
    assert "Missing argument" in result.stderr


# ---------------------------------------------------------------- meaning re-ranking (the semantic extra)

needs_meaning = pytest.mark.skipif(not semantic.available(), reason="the semantic extra is not installed")


@needs_meaning
def test_meaning_finds_a_paraphrase_that_shares_no_word_with_the_guide() -> None:
    query = "garbage piled up all over the apartment"  # American words: none is in either guide
    found = lookup_json(query, "--limit", "3", "--explain")
    housing = {"norfolk:environment.family-and-community.housing", "sutton:environment.living-conditions.housing"}
    assert set(keys(found)[:2]) == housing
    assert found["meaning"] == query
    assert all(r["matched"] == [] and r["similarity"] > 0.3 for r in found["results"][:2])
    shown = run("lookup", query, "--limit", "2")
    assert shown.stdout.count("found by meaning, no words in common (similarity 0.") == 2
    words_only = run("lookup", query, "--no-meaning")
    assert words_only.stdout.startswith(f"No descriptor matches “{query}”")


@needs_meaning
def test_the_meaning_search_reads_jargon_through_the_thesaurus() -> None:
    explained = run("lookup", "CSE concerns", "--explain", "--meaning")
    assert explained.code == 0
    assert "meaning search read: CSE concerns (Child sexual exploitation)" in explained.stdout


@needs_meaning
def test_meaning_alone_offers_nothing_for_an_unrelated_worry() -> None:
    result = run("lookup", "football match on saturday", "--meaning")
    assert result.code == 0
    assert result.stdout.startswith("No descriptor matches “football match on saturday”")


def test_asking_for_meaning_without_the_extra_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(semantic, "available", lambda: False)
    result = run("lookup", "goes missing", "--meaning")
    assert result.code == 2
    assert result.stderr == "threshold: meaning search needs the semantic extra: pip install 'threshold[semantic]'\n"
    assert run("lookup", "goes missing").code == 0  # by default lookup is lexical without the extra


# ---------------------------------------------------------------- fast path == Typer path

SAME = [
    ["goes missing"],
    ["goes", "missing"],
    ["negelct", "--pack", "sutton"],
    ["negelct", "--pack", "sutton", "--explain"],
    ["FGM", "--format", "json"],
    ["FGM", "-f", "json", "--explain"],
    ["dad", "hits", "mum", "in", "front", "of", "the", "kids", "--context"],
    ["bruise", "--tier", "4", "--limit", "8"],
    ["--pack=norfolk", "-n", "3", "-d", "family", "not attending school"],
    ["parents don't drink"],
    ["zzqxv"],
    ["dad hits mum", "--no-meaning", "--explain"],
    ["garbage piled up all over the apartment", "--meaning", "--explain", "-f", "json"],
    ["--", "-5 degrees in the bedroom"],
    [""],
]


@pytest.mark.parametrize("args", SAME, ids=[" ".join(a) or "empty" for a in SAME])
def test_fast_path_and_typer_print_the_same(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code = fastpath.run(list(args))
    fast = capsys.readouterr()
    assert code is not None, "the fast path handed this command line to Typer"
    typer_result = run("lookup", *args)
    assert (code, fast.out, fast.err) == (typer_result.code, typer_result.stdout, typer_result.stderr)


@pytest.mark.parametrize(
    "args", [["-h"], ["goes missing", "--limit", "0"], ["x", "--tier", "five"], ["x", "--format", "csv"], ["x", "-z"]]
)
def test_fast_path_hands_anything_it_does_not_understand_to_typer(args: list[str]) -> None:
    assert fastpath.run(list(args)) is None


def test_installed_script_takes_the_fast_path_and_prints_what_typer_prints() -> None:
    """Two real processes: `threshold lookup` (fast path, Typer never imported) and the Typer app itself."""
    env = {**os.environ, "NO_COLOR": "1"}
    probe = (
        "import sys\n"
        "sys.argv = ['threshold', 'lookup', 'goes missing', '--pack', 'sutton']\n"
        "from threshold_cli.__main__ import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
        "sys.stderr.write(f'typer-imported={\"typer\" in sys.modules} code={code}')\n"
    )
    fast = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=60, check=False, cwd=ROOT
    )
    assert fast.stderr == "typer-imported=False code=0", fast.stderr
    typer_cmd = "from threshold_cli.cli.app import app; app(prog_name='threshold')"
    slow = subprocess.run(
        [sys.executable, "-c", typer_cmd, "lookup", "goes missing", "--pack", "sutton"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert (slow.returncode, slow.stderr) == (0, "")
    assert fast.stdout == slow.stdout
    script = subprocess.run(
        [str(THRESHOLD), "lookup", "goes missing", "--pack", "sutton"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert (script.returncode, script.stdout) == (0, slow.stdout)


def test_without_numpy_lookup_runs_words_only_as_the_default_install_does() -> None:
    """A process where NumPy cannot be imported (as after a plain `pip install threshold`)."""
    probe = (
        "import sys\n"
        "class NoNumpy:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'numpy' or name.startswith('numpy.'):\n"
        "            raise ModuleNotFoundError(name)\n"
        "sys.meta_path.insert(0, NoNumpy())\n"
        "sys.argv = ['threshold', 'lookup', 'goes missing', '--pack', 'sutton']\n"
        "from threshold_cli.__main__ import main\n"
        "main()\n"
    )
    env = {**os.environ, "NO_COLOR": "1"}
    without = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=60, check=False, cwd=ROOT
    )
    assert (without.returncode, without.stderr) == (0, ""), without.stderr
    assert without.stdout == run("lookup", "goes missing", "--pack", "sutton", "--no-meaning").stdout
