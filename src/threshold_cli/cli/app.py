"""The ``threshold`` command line. Each command parses, calls the library, renders, and exits.

Heavy modules (pydantic, rich, yaml) are imported inside the commands that need them, so that
``lookup`` starts fast. Exit codes follow docs/contracts.md: 0 done, 1 problems found, 2 bad input.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from threshold_cli import __version__
from threshold_cli.model.errors import ThresholdError
from threshold_cli.render.formats import (
    AssessFormat,
    DiffFormat,
    LookupFormat,
    ReferralFormat,
    TestFormat,
    ValidateFormat,
)

app = typer.Typer(
    name="threshold",
    help=(
        "Read a safeguarding concern against a local threshold guide: the tier of need, the evidence, "
        "the statutory criteria and who to contact. Supports professional judgement; never replaces it."
    ),
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def complete_pack(incomplete: str) -> list[str]:
    """Shell completion for --pack: the built-in packs' names, then pack files here."""
    from threshold_cli.io.loader import builtin_pack_names
    from threshold_cli.io.resources import file_kind

    local = sorted(str(p) for p in Path(".").glob("*.y*ml") if file_kind(p) == "pack")
    return [name for name in [*builtin_pack_names(), *local] if name.startswith(incomplete)]


def complete_indicator(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion for an indicator id of the pack named before it (or of every built-in pack)."""
    from threshold_cli.io.loader import builtin_pack_names, load_pack

    named = ctx.params.get("pack")
    ids: set[str] = set()
    for ref in [named] if isinstance(named, str) else builtin_pack_names():
        try:
            ids.update(i.id for _, _, i in load_pack(ref).model.indicators())
        except ThresholdError:
            continue
    return sorted(i for i in ids if i.startswith(incomplete))


def pack_option(help_text: str) -> Any:
    """``--pack``/``-p`` as every command that reads a pack takes it: THRESHOLD_PACK, completed by name."""
    return typer.Option("--pack", "-p", envvar="THRESHOLD_PACK", help=help_text, autocompletion=complete_pack)


@contextmanager
def user_errors() -> Iterator[None]:
    """Bad input becomes one line on stderr and exit 2: never a traceback."""
    try:
        yield
    except ThresholdError as exc:
        typer.echo(f"threshold: {exc}", err=True)
        raise typer.Exit(2) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"threshold {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Threshold guides as data: assess, lookup, validate."""


@app.command()
def validate(
    paths: Annotated[list[str], typer.Argument(help="Pack files or folders of packs.", show_default=False)],
    output_format: Annotated[
        ValidateFormat, typer.Option("--format", "-f", help="text, json, github (annotations) or sarif.")
    ] = ValidateFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too (for CI).")] = False,
) -> None:
    """Prove rule packs are well-formed: schema, ids, references, descriptors, contacts.

    Every problem in every file is listed as file:line:column before the exit code is decided
    (0 no problems, 1 problems found, 2 a path that cannot be read: missing, not a file, empty folder).

    Examples:

      threshold validate rulepacks/

      threshold validate my-council.yaml --format github
    """
    from threshold_cli.authoring.validate import check_file, inputs
    from threshold_cli.render.validate import RENDERERS

    files, bad = inputs(paths)
    reports = [check_file(f) for f in files]
    text = RENDERERS[output_format](reports)
    if text and reports:
        typer.echo(text)
    for error in bad:
        typer.echo(f"threshold: {error}", err=True)
    if bad:
        raise typer.Exit(2)
    failing = [r for r in reports if not r.ok or (strict and r.problems)]
    if not reports:
        typer.echo("threshold: no YAML files found", err=True)
        raise typer.Exit(2)
    raise typer.Exit(1 if failing else 0)


@app.command()
def packs() -> None:
    """List the built-in packs with their versions, sizes and whether a referral form ships beside them.

    Example:

      threshold packs
    """
    from threshold_cli.io.loader import builtin_pack_names, load_pack, resolve_pack
    from threshold_cli.io.resources import referral_form_path
    from threshold_cli.render.packs import packs_table

    rows = []
    with user_errors():
        for name in builtin_pack_names():
            pack = load_pack(name).model
            rows.append(
                {
                    "pack": pack.id,
                    "version": pack.version,
                    "status": pack.status,
                    "indicators": len(pack.indicators()),
                    "criteria": len(pack.statutory),
                    "rules": len(pack.rules),
                    "referral": "form" if referral_form_path(resolve_pack(name)).is_file() else "-",
                    "title": pack.title,
                }
            )
    typer.echo(packs_table(rows))


@app.command()
def show(
    pack: Annotated[
        str,
        typer.Argument(
            help="A built-in pack name or a path to a pack file (or set THRESHOLD_PACK).",
            envvar="THRESHOLD_PACK",
            autocompletion=complete_pack,
        ),
    ],
    indicator: Annotated[
        str | None,
        typer.Argument(help="Only this indicator (its id).", autocompletion=complete_indicator, show_default=False),
    ] = None,
    domain: Annotated[
        str | None, typer.Option("--domain", "-d", help="Only this domain: development, family, environment.")
    ] = None,
) -> None:
    """Render a pack's matrix of descriptors as tables, area by area, or one indicator's row.

    Examples:

      threshold show norfolk --domain family

      threshold show sutton development.behaviour.missing-from-home

      threshold show ./my-council.yaml
    """
    from rich.console import Console

    from threshold_cli.io.loader import load_pack
    from threshold_cli.render.packs import show_pack
    from threshold_cli.retrieval.lookup import resolve_domain

    with user_errors():
        loaded = load_pack(pack).model
        domain_id = resolve_domain(domain)
    if indicator is not None and indicator not in {i.id for _, _, i in loaded.indicators()}:
        typer.echo(f"threshold: pack `{loaded.id}` has no indicator `{indicator}`", err=True)
        raise typer.Exit(2)
    Console(highlight=False).print(show_pack(loaded, domain_id, None, indicator))


@app.command()
def schema(
    name: Annotated[
        str,
        typer.Argument(
            help="pack, case, thesaurus, golden, context, concepts, triggers, reading, referral or referral-draft."
        ),
    ],
) -> None:
    """Print the JSON Schema of a pack, a case file, the thesaurus, a golden file, the context rules,
    the concepts, the criteria's shared trigger patterns, a reading (what assess --format json prints
    for each case), a referral form, or a referral-draft (what referral --format json prints), for
    editors and tools.

    The same schemas are committed in schemas/; point the YAML language server at them with
    a first line such as: # yaml-language-server: $schema=../schemas/pack.schema.json

    Example:

      threshold schema case > case.schema.json
    """
    from threshold_cli.authoring.schemas import SCHEMAS, schema_text

    if name not in SCHEMAS:
        typer.echo(f"threshold: unknown schema `{name}` (use {', '.join(SCHEMAS)})", err=True)
        raise typer.Exit(2)
    typer.echo(schema_text(name), nl=False)


@app.command()
def lookup(
    query: Annotated[list[str], typer.Argument(help="The worry, in your own words.", show_default=False)],
    pack: Annotated[
        list[str] | None,
        pack_option("Pack name or file (repeatable; or set THRESHOLD_PACK). Default: all built-in."),
    ] = None,
    tier: Annotated[
        int | None, typer.Option("--tier", "-t", min=1, max=4, help="Only descriptors at this tier.")
    ] = None,
    domain: Annotated[
        str | None, typer.Option("--domain", "-d", help="Only this domain: development, family, environment.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=200, help="How many results.")] = 5,
    context: Annotated[bool, typer.Option("--context", "-c", help="Show the neighbouring tiers' descriptors.")] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show which words, synonyms and corrections matched.")
    ] = False,
    output_format: Annotated[LookupFormat, typer.Option("--format", "-f", help="text or json.")] = LookupFormat.text,
    meaning: Annotated[
        bool | None,
        typer.Option(
            "--meaning/--no-meaning",
            help="Re-rank by sentence meaning as well as words. Default: on when the semantic extra is installed.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Find the descriptors that fit a worry, however it is phrased.

    Examples:

      threshold lookup "goes missing"

      threshold lookup dad hits mum in front of the kids --context

      threshold lookup "negelct" --pack sutton --explain

      threshold lookup FGM --format json

      threshold lookup "kids keep turning up with marks" --meaning --explain   (semantic extra)
    """
    from threshold_cli.render.lookup import lookup_output
    from threshold_cli.retrieval.lookup import lookup as run_lookup
    from threshold_cli.retrieval.lookup import note_on_stderr

    text = " ".join(query)
    with user_errors():
        result = run_lookup(
            text,
            pack or [],
            tier=tier,
            domain=domain,
            limit=limit,
            context=context,
            meaning=meaning,
            progress=note_on_stderr,
        )
    colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    typer.echo(lookup_output(result, text, output_format, explain, colour))


@app.command()
def assess(
    cases: Annotated[
        list[str] | None,
        typer.Argument(help="Case files, folders of case files, or - for one on standard input.", show_default=False),
    ] = None,
    pack: Annotated[
        str | None,
        pack_option("Pack name or file (or set THRESHOLD_PACK)."),
    ] = None,
    concern: Annotated[
        list[str] | None,
        typer.Option("--concern", help="Read this concern, typed here, instead of a case file (repeatable)."),
    ] = None,
    age: Annotated[
        float | None, typer.Option("--age", min=0, max=25, help="With --concern: the child's age in years.")
    ] = None,
    output_format: Annotated[
        AssessFormat,
        typer.Option(
            "--format", "-f", help="text, json, jsonl (one line per case), markdown or html (a page to keep or print)."
        ),
    ] = AssessFormat.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to this file instead of stdout.")
    ] = None,
    redact: Annotated[bool, typer.Option("--redact", help="Leave the case reference out of every output.")] = False,
    keep_going: Annotated[
        bool,
        typer.Option("--keep-going/--fail-fast", help="In a batch, report a bad file in place and go on."),
    ] = True,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose", "-v", help="Text and markdown: the full report, every guide paragraph in full (as before)."
        ),
    ] = False,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Also show how each concern was read: clauses, people, acts (who did what to whom), things, "
            "context (ruled out, past, reported...) and polarity. Text and markdown only.",
        ),
    ] = False,
) -> None:
    """Read case files against a pack: tier, evidence, statutory criteria, next steps and reasons.

    The reading supports professional judgement and never replaces it. Exit 0 when every case was
    read (any tier), 2 when a case file or the pack could not be used.

    Examples:

      threshold assess examples/norfolk-missing-cse.yaml --pack norfolk

      threshold assess cases/ --pack sutton --format jsonl --output readings.jsonl

      threshold assess case.yaml --pack ./my-council.yaml --format markdown

      threshold assess case.yaml --pack norfolk --explain

      threshold assess --concern "says her stepdad hits her" --age 12 --pack sutton

      cat case.yaml | threshold assess - --pack norfolk
    """
    from threshold_cli.engine.batch import assess_paths, case_inputs, open_pack, read_concerns
    from threshold_cli.engine.explain import explain_case
    from threshold_cli.engine.reading import reading_of
    from threshold_cli.io.inputs import skipped_folders
    from threshold_cli.render.assess import (
        RENDERERS,
        VERBOSE,
        batch,
        batch_summary,
        explanation_markdown,
        terminal_text,
    )

    if not pack:
        typer.echo("threshold: choose a pack with --pack (e.g. --pack norfolk) or THRESHOLD_PACK", err=True)
        raise typer.Exit(2)
    if explain and output_format in (AssessFormat.json, AssessFormat.jsonl, AssessFormat.html):
        typer.echo("threshold: --explain works with --format text or markdown", err=True)
        raise typer.Exit(2)
    if concern and cases:
        typer.echo("threshold: give case files or --concern, not both", err=True)
        raise typer.Exit(2)
    if age is not None and not concern:
        typer.echo("threshold: --age goes with --concern (a case file gives the child's age)", err=True)
        raise typer.Exit(2)
    if not concern and not cases:
        typer.echo("threshold: give a case file (or - for standard input), or --concern TEXT", err=True)
        raise typer.Exit(2)
    with user_errors():
        context = open_pack(pack)
    files = case_inputs(cases or [])
    for folder in skipped_folders(cases or []):
        typer.echo(f"threshold: {folder}: a sub-folder, skipped (name it to read its cases)", err=True)
    if not files and not concern:
        typer.echo("threshold: no case files found", err=True)
        raise typer.Exit(2)
    progress = _progress(len(files))
    render = (VERBOSE if verbose else RENDERERS)[output_format]
    chunks: list[str] = []
    failed = 0
    results = [read_concerns(concern, age, context)] if concern else assess_paths(files, context)
    read: list[tuple[int | None, bool | None]] = []  # each case's tier and completeness (None: not read)
    for n, result in enumerate(results, 1):
        progress(n)
        read.append((result.assessment.tier, result.assessment.complete) if result.assessment else (None, None))
        if result.error is not None:
            failed += 1
            typer.echo(f"threshold: {result.error}", err=True)
            if not keep_going:
                break
            if output_format is AssessFormat.text or output_format is AssessFormat.markdown:
                continue
        chunks.append(render(reading_of(result, context, redact=redact), context.pack))
        if explain and result.case is not None:
            why = explanation_markdown(explain_case(result.case, context.index, context.pack))
            chunks.append(why if output_format is AssessFormat.markdown else terminal_text(why))
    text = batch(output_format, chunks)
    if text:
        _emit(text, output)
    for_people = output_format not in (AssessFormat.json, AssessFormat.jsonl) or sys.stderr.isatty()
    if len(read) > 1 and for_people:  # a script reading JSON lines gets stderr for errors only
        typer.echo(batch_summary(read), err=True)
    raise typer.Exit(2 if failed else 0)


@app.command()
def referral(
    case: Annotated[str, typer.Argument(help="The case file (or - for one on standard input).", show_default=False)],
    pack: Annotated[
        str | None,
        pack_option("A pack with a referral form beside it (built in: sutton), or set THRESHOLD_PACK."),
    ] = None,
    output_format: Annotated[
        ReferralFormat, typer.Option("--format", "-f", help="text, markdown (to paste into the form) or json.")
    ] = ReferralFormat.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the draft to this file instead of stdout.")
    ] = None,
    redact: Annotated[bool, typer.Option("--redact", help="Leave the case reference out of the draft.")] = False,
) -> None:
    """Draft the partnership's referral form (Sutton: the MASH referral form, Appendix B) from a case file
    and its reading: each field the case file or the reading can fill, in the practitioner's own words;
    every other field left blank, never invented. Check it, complete it, and send it securely.

    Examples:

      threshold referral examples/sutton-signs-of-safety.yaml --pack sutton

      threshold referral case.yaml --pack sutton --format markdown --output referral.md
    """
    from threshold_cli.engine.batch import open_pack, read_case
    from threshold_cli.engine.reading import reading_of
    from threshold_cli.engine.referral import draft_referral
    from threshold_cli.io.loader import load_referral_form, resolve_pack
    from threshold_cli.model.reading import ReadingError
    from threshold_cli.render.referral import RENDERERS

    if not pack:
        typer.echo("threshold: choose a pack with --pack (e.g. --pack sutton) or THRESHOLD_PACK", err=True)
        raise typer.Exit(2)
    with user_errors():
        context = open_pack(pack)
        form = load_referral_form(resolve_pack(pack), context.pack).model
    result = read_case(Path(case), context)
    reading = reading_of(result, context, redact=redact)
    if isinstance(reading, ReadingError) or result.case is None:
        typer.echo(f"threshold: {result.error}", err=True)
        raise typer.Exit(2)
    _emit(RENDERERS[output_format](draft_referral(form, result.case, reading)), output)


def _progress(total: int) -> Callable[[int], None]:
    """Progress on stderr for long batches in a terminal; silent otherwise (and never case content)."""
    if total < 50 or not sys.stderr.isatty():
        return lambda n: None

    def report(n: int) -> None:
        if n == total or n % 25 == 0:
            end = "\n" if n == total else "\r"
            sys.stderr.write(f"threshold: {n}/{total} cases{end}")
            sys.stderr.flush()

    return report


def _emit(text: str, output: Path | None) -> None:
    """stdout, or the one file the user asked for (written whole, or not at all)."""
    if output is None:
        typer.echo(text)
        return
    import tempfile

    try:
        directory = output.resolve().parent
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{output.name}.")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
        os.replace(tmp, output)
    except OSError as exc:
        typer.echo(f"threshold: {output}: cannot write ({exc.strerror})", err=True)
        raise typer.Exit(2) from None


@app.command("test")
def test_packs(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Golden files (*.tests.yaml), packs, or folders. Default: rulepacks/.", show_default=False),
    ] = None,
    output_format: Annotated[TestFormat, typer.Option("--format", "-f", help="text, json or junit.")] = TestFormat.text,
    update: Annotated[
        bool,
        typer.Option(
            "--update", help="Re-record failing expectations and changed todo readings in place (review with git diff)."
        ),
    ] = False,
) -> None:
    """Run a pack's golden cases: validate the pack, read every case, compare with what is expected.

    Exit 0 when every case passes (a todo case passes while its reading equals its recorded `current`),
    1 when a case fails, a todo case's reading changes or a todo case now passes, or
    the pack does not validate, 2 when a path cannot be used (missing, not a file, no golden files in it).

    Examples:

      threshold test rulepacks/

      threshold test my-council.yaml --format junit > golden.xml
    """
    from threshold_cli.authoring.runner import golden_inputs, run_file
    from threshold_cli.render.golden import RENDERERS

    files, bad = golden_inputs(paths or ["rulepacks"])
    if not files:
        for error in bad:
            typer.echo(f"threshold: {error}", err=True)
        if not bad:
            typer.echo("threshold: no golden files (*.tests.yaml) found", err=True)
        raise typer.Exit(2)
    with user_errors():
        reports = [run_file(f) for f in files]
    if update:
        from threshold_cli.authoring.golden_update import rewrite

        reports = [run_file(f) if rewrite(r) else r for f, r in zip(files, reports, strict=True)]
    typer.echo(RENDERERS[output_format](reports))
    for error in bad:
        typer.echo(f"threshold: {error}", err=True)
    raise typer.Exit(2 if bad else 0 if all(r.ok for r in reports) else 1)


@app.command()
def diff(
    old: Annotated[
        str, typer.Argument(help="The pack before the change: a file or built-in name.", show_default=False)
    ],
    new: Annotated[
        str | None, typer.Argument(help="The pack after the change (omit with --rev).", show_default=False)
    ] = None,
    rev: Annotated[
        str | None, typer.Option("--rev", "-r", help="Compare OLD as it was at this git revision with OLD now.")
    ] = None,
    cases: Annotated[
        Path | None, typer.Option("--cases", "-c", help="Case files (a folder or a file) to re-read with both packs.")
    ] = None,
    output_format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="text, markdown (for a pull request) or json.")
    ] = DiffFormat.text,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 on a warning (a changed pack whose version was not bumped).")
    ] = False,
) -> None:
    """Show what a pack change means, and which cases the new pack reads at another tier.

    Lists indicators added, removed or renamed, descriptors reworded (word by word) or moved to another
    tier, labels, statutory criteria and their triggers, rules field by field, settings, tier definitions
    and metadata; then re-reads the golden cases beside the new pack (and --cases) with both packs.
    A change without a new `version` is a warning. Exit 0 when the diff is shown (1 with --strict and
    a warning), 2 when a pack, a case file or the git revision cannot be used.

    Examples:

      threshold diff rulepacks/norfolk.yaml --rev origin/main

      threshold diff old/my-council.yaml my-council.yaml --cases cases/ --format markdown
    """
    from threshold_cli.authoring.diff import compare
    from threshold_cli.render.diff import RENDERERS

    with user_errors():
        result = compare(old, new, rev=rev, cases=cases)
    typer.echo(RENDERERS[output_format](result))
    raise typer.Exit(1 if strict and result.warnings else 0)


@app.command("new-case")
def new_case_command(
    path: Annotated[Path, typer.Argument(help="Where to write it.")] = Path("case.yaml"),
) -> None:
    """Write a commented starter case file to fill in, then read it with threshold assess.

    Every key is explained in the file and in docs/case-format.md. An existing file is never
    overwritten (exit 2).

    Example:

      threshold new-case cases/EH-0042.yaml
    """
    from threshold_cli.authoring.scaffold import new_case

    with user_errors():
        written = new_case(path)
    typer.echo(f"created {written}\nnext: write the concerns in your own words, then run:")
    typer.echo(f"  threshold assess {written} --pack norfolk   (or your partnership's pack)")


@app.command("new-pack")
def new_pack_command(
    name: Annotated[str, typer.Argument(help="The pack id: lower-case letters, digits, hyphens.", show_default=False)],
    directory: Annotated[Path, typer.Option("--dir", "-d", help="Where to write (created if missing).")] = Path("."),
) -> None:
    """Start a pack for your own guide: NAME.yaml and NAME.tests.yaml, valid and passing as they stand.

    Replace every "REPLACE: ..." with the guide's own words (docs/authoring.md). Existing files are never
    overwritten (exit 2).

    Example:

      threshold new-pack my-council --dir rulepacks
    """
    from threshold_cli.authoring.scaffold import new_pack

    with user_errors():
        pack, tests = new_pack(name, directory)
    typer.echo(f"created {pack}\ncreated {tests}")
    typer.echo('next: replace every "REPLACE: ..." with the guide\'s own words (docs/authoring.md), then run:')
    typer.echo(f"  threshold validate {pack}\n  threshold test {tests}")
