"""packdiff: a reviewer sees exactly what a pack change means, and which cases it would read differently."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from tests.conftest import PACKS, run
from tests.pack_edits import (
    EET_3,
    MILESTONES_2,
    NORFOLK,
    THREE_CHANGES_TEXT,
    TRIGGERS,
    UNBUMPED,
    edit,
    git,
    three_changes,
)

from threshold_cli.authoring.diff import compare, diff_packs, flipped_cases, pack_index, word_diff
from threshold_cli.authoring.git import load_pack_at_rev
from threshold_cli.io.loader import load_pack
from threshold_cli.model.case import Case
from threshold_cli.model.diff import Change, Flip, PackDiff
from threshold_cli.model.errors import InputFileError, SchemaError, UsageError, YamlSyntaxError
from threshold_cli.model.pack import Pack
from threshold_cli.render.diff import RENDERERS, diff_json, diff_markdown, diff_text
from threshold_cli.render.formats import DiffFormat

NORFOLK_PATH = PACKS / "norfolk.yaml"


def pack_of(text: str, tmp_path: Path, name: str = "edited.yaml") -> Pack:
    """The pack in ``text``, validated exactly as every command validates a pack file."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_pack(str(path)).model


@pytest.fixture(scope="module")
def norfolk() -> Pack:
    return load_pack("norfolk").model


# ---------------------------------------------------------------- what changed


def test_three_edits_are_exactly_three_changes(norfolk: Pack, tmp_path: Path) -> None:
    d = diff_packs(norfolk, pack_of(three_changes(), tmp_path))
    assert d.changes == (
        Change(
            "indicator",
            "renamed",
            "development.health.health-condition",
            None,
            "development.health.health-condition",
            "development.health.long-term-condition",
        ),
        Change(
            "descriptor",
            "reworded",
            "development.education.milestones",
            "tier 2",
            MILESTONES_2,
            MILESTONES_2.replace("universal", "community"),
            "some developmental milestones are not being met which will be supported by "
            "[-universal-]{+community+} services.",
        ),
        Change("descriptor", "moved", "development.education.eet", None, 3, 4, EET_3),
    )


def test_the_same_pack_has_no_changes(norfolk: Pack, tmp_path: Path) -> None:
    reflowed = edit(NORFOLK, f'2: "{MILESTONES_2}"', f'2: "{MILESTONES_2.replace(" by ", "  by ")}"')
    reflowed = edit(reflowed, 'response: "Where needs are', 'response: "Where\n    needs  are')
    d = diff_packs(norfolk, pack_of(reflowed, tmp_path))
    assert d.changes == ()
    assert "no changes" in diff_text(d)


def test_each_part_of_a_pack_is_compared_field_by_field(norfolk: Pack, tmp_path: Path) -> None:
    text = edit(NORFOLK, 'version: "1.0.0"', 'version: "1.1.0"')
    text = edit(text, 'name: "Early Help"', 'name: "Early Help Services"')
    text = edit(text, 'label: "Developmental milestones"', 'label: "Milestones"')
    # a trigger pattern, in the shared patterns beside the edited pack (which it reads instead of the built-in)
    (tmp_path / "triggers.yaml").write_text(edit(TRIGGERS, '"skull fracture", ', ""), encoding="utf-8")
    text = edit(
        text, "Two or more minor injuries in pre-mobile", "Two or more minor injuries in pre-mobile or immobile"
    )
    text = edit(text, "value: 3", "value: 4")
    text = edit(text, "tier_in: [3]", "tier_in: [3, 4]")
    text = edit(
        text,
        '- id: "scaling"\n  kind: "note"\n  when:\n    scaling_given: true\n',
        '- id: "scaled"\n  kind: "note"\n  when:\n    scaling_given: true\n',
    )
    text = edit(
        text,
        '- id: "s47.pregnancy-under-13"',
        '- id: "s20.left-alone"\n  section: "s20"\n  text: "Left alone."\n  origin: "act"\n'
        '  source: {section: "Section 20"}\n- id: "s47.pregnancy-under-13"',
    )
    d = diff_packs(norfolk, pack_of(text, tmp_path))
    assert [(c.what, c.action, c.subject, c.field) for c in d.changes] == [
        ("metadata", "changed", "pack", "version"),
        ("tier", "changed", "tier 2", "name"),
        ("indicator", "changed", "development.education.milestones", "label"),
        ("criterion", "changed", "s47.serious-injury-or-sexual-abuse", "triggers"),
        ("criterion", "changed", "s47.minor-injuries-non-mobile", "text"),
        ("criterion", "added", "s20.left-alone", None),
        ("setting", "changed", "cluster_min_indicators", "value"),
        ("rule", "changed", "tier3-enhanced-early-help", "when.tier_in"),
        ("rule", "removed", "scaling", None),
        ("rule", "added", "scaled", None),
    ]
    by_subject = {(c.subject, c.field): c for c in d.changes}
    assert by_subject["pack", "version"].old == "1.0.0"
    assert by_subject["pack", "version"].new == "1.1.0"
    assert by_subject["s47.serious-injury-or-sexual-abuse", "triggers"].detail == '#2.all#1: -"skull fracture"'
    assert by_subject["s47.minor-injuries-non-mobile", "text"].detail == (
        "Two or more minor injuries in pre-mobile {+or immobile+} or non-verbal babies or young children "
        "(including disabled children)."
    )
    assert (by_subject["cluster_min_indicators", "value"].old, by_subject["cluster_min_indicators", "value"].new) == (
        3,
        4,
    )
    assert by_subject["tier3-enhanced-early-help", "when.tier_in"].detail == "+4"
    assert by_subject["s20.left-alone", None].new == "Left alone."
    assert by_subject["scaling", None].old == "note"
    assert diff_text(d).splitlines()[3] == (
        "10 changes: metadata changed, 1 tier definition changed, 1 indicator changed, "
        "2 statutory criteria changed, 1 statutory criterion added, 1 setting changed, 1 rule changed, "
        "1 rule removed, 1 rule added"
    )


def test_descriptors_filled_emptied_and_swapped(norfolk: Pack, tmp_path: Path) -> None:
    learning = next(i for _, _, i in norfolk.indicators() if i.id == "development.education.learning-progress")
    two, three = learning.descriptors[2], learning.descriptors[3]
    text = edit(NORFOLK, f'2: "{two}"\n        3: "{three}"', f'2: "{three}"\n        3: "{two}"')
    text = edit(text, f'3: "{EET_3}"\n        4: null', f'3: "{EET_3}"\n        4: "Not known to any service."')
    text = edit(text, '1: "developmental milestones met"', "1: null")
    changes = diff_packs(norfolk, pack_of(text, tmp_path)).changes
    assert [(c.action, c.subject, c.field, c.old, c.new) for c in changes] == [
        ("removed", "development.education.milestones", "tier 1", "developmental milestones met", None),
        ("moved", "development.education.learning-progress", None, 2, 3),
        ("moved", "development.education.learning-progress", None, 3, 2),
        ("added", "development.education.eet", "tier 4", None, "Not known to any service."),
    ]


def test_rules_reordered(norfolk: Pack, tmp_path: Path) -> None:
    rules = norfolk.rules
    swapped = norfolk.model_copy(update={"rules": [rules[1], rules[0], *rules[2:]]})
    (change,) = diff_packs(norfolk, swapped).changes
    assert (change.what, change.action, change.field) == ("rule", "reordered", "order")
    assert change.new[:2] == ["highest-tier", "s47-criteria"]


def test_an_indicator_with_new_descriptors_and_a_new_id_is_added_and_removed(norfolk: Pack, tmp_path: Path) -> None:
    text = edit(three_changes(), 'id: "development.health.long-term-condition"', 'id: "development.health.condition"')
    text = edit(text, "Child may have an EHCP", "Child may have an EHC plan")
    actions = [(c.what, c.action, c.subject) for c in diff_packs(norfolk, pack_of(text, tmp_path)).changes]
    assert ("indicator", "removed", "development.health.health-condition") in actions
    assert ("indicator", "added", "development.health.condition") in actions


# ---------------------------------------------------------------- word diff


def test_word_diff() -> None:
    assert word_diff("a b c", "a x c") == "a [-b-]{+x+} c"
    assert word_diff("a b c", "a b c d") == "a b c {+d+}"
    assert word_diff("a b c", "a c") == "a [-b-] c"
    assert word_diff("a *b* c", "a d c", markdown=True) == r"a ~~\*b\*~~ **d** c"


def test_word_diff_keeps_ten_words_either_side_of_a_change() -> None:
    words = [f"w{n}" for n in range(40)]
    changed = [*words[:20], "X", *words[21:]]
    assert word_diff(" ".join(words), " ".join(changed)) == " ".join(
        ["…", *words[10:20], "[-w20-]{+X+}", *words[21:31], "…"]
    )


# ---------------------------------------------------------------- cases that change tier


def pinned(*pins: tuple[str, int]) -> Case:
    return Case.model_validate({"concerns": [{"indicator": i, "tier": t} for i, t in pins]})


CLUSTER = pinned(
    ("development.education.milestones", 2),
    ("family.pregnancy-infancy.antenatal-care", 2),
    ("environment.family-and-community.social-exclusion", 2),
)


def test_flipped_cases(norfolk: Pack, tmp_path: Path) -> None:
    new = pack_of(edit(three_changes(), "value: 3", "value: 4"), tmp_path)
    cases = [
        ("cluster", CLUSTER),
        ("steady", pinned(("development.education.milestones", 3))),
        ("renamed-pin", pinned(("development.health.health-condition", 2))),
    ]
    assert flipped_cases(norfolk, pack_index(norfolk), new, pack_index(new), cases) == [
        Flip("cluster", 3, 2),
        Flip("renamed-pin", 2, None, "new pack: pack `norfolk` has no indicator `development.health.health-condition`"),
    ]


def test_compare_reads_golden_cases_beside_the_new_pack_and_a_corpus(tmp_path: Path) -> None:
    (tmp_path / "new.yaml").write_text(edit(NORFOLK, "value: 3", "value: 4"), encoding="utf-8")
    golden = {"pack": "new", "cases": [{"name": "cluster", "case": CLUSTER.model_dump(), "expect": {"tier": 2}}]}
    (tmp_path / "new.tests.yaml").write_text(json.dumps(golden), encoding="utf-8")
    corpus = tmp_path / "cases"
    corpus.mkdir()
    (corpus / "a.yaml").write_text("concerns:\n- {indicator: development.education.milestones, tier: 2}\n")
    d = compare(str(NORFOLK_PATH), str(tmp_path / "new.yaml"), cases=corpus)
    assert [(c.subject, c.field) for c in d.changes] == [("cluster_min_indicators", "value")]
    assert d.flipped == (Flip("cluster", 3, 2),)
    assert d.cases_checked == 2
    assert (d.old.label, d.new.label) == (str(NORFOLK_PATH), str(tmp_path / "new.yaml"))


def test_compare_needs_a_new_pack_or_a_revision() -> None:
    for new, rev in ((None, None), ("b.yaml", "HEAD")):
        with pytest.raises(UsageError, match="compare two pack files"):
            compare("a.yaml", new, rev=rev)


# ---------------------------------------------------------------- a pack at a git revision


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose packs folder is a symlink, as ``rulepacks/`` is in this one."""
    root = tmp_path / "repo"
    (root / "src" / "packs").mkdir(parents=True)
    (root / "packs").symlink_to(Path("src") / "packs")
    (root / "src" / "packs" / "norfolk.yaml").write_text(NORFOLK, encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "norfolk")
    (root / "src" / "packs" / "norfolk.yaml").write_text(three_changes(), encoding="utf-8")
    return root


def test_load_pack_at_rev_through_a_symlinked_folder(repo: Path) -> None:
    pack, sha = load_pack_at_rev(str(repo / "packs" / "norfolk.yaml"), "HEAD")
    assert sha == git(repo, "rev-parse", "HEAD")
    assert "development.health.health-condition" in {i.id for _, _, i in pack.indicators()}


def test_compare_with_a_revision(repo: Path) -> None:
    path = str(repo / "packs" / "norfolk.yaml")
    d = compare(path, rev="HEAD")
    assert len(d.changes) == 3
    assert d.old.label == f"{path} at HEAD ({git(repo, 'rev-parse', '--short=7', 'HEAD')})"
    assert d.new.label == path


@pytest.mark.parametrize(
    ("rev", "file", "message"),
    [
        ("no-such-branch", "packs/norfolk.yaml", "git rev-parse: `no-such-branch` is not a commit in this repository"),
        ("HEAD", "packs/new.yaml", "git show: path 'src/packs/new.yaml' exists on disk, but not in 'HEAD'"),
    ],
)
def test_load_pack_at_rev_git_failures_are_one_line(repo: Path, rev: str, file: str, message: str) -> None:
    (repo / "packs" / "new.yaml").write_text(NORFOLK, encoding="utf-8")
    with pytest.raises(InputFileError) as caught:
        load_pack_at_rev(str(repo / file), rev)
    assert caught.value.message == message
    assert str(caught.value) == f"{repo / file}: {message}"


def test_load_pack_at_rev_outside_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))  # even if the temp folder is in a repo
    (tmp_path / "norfolk.yaml").write_text(NORFOLK, encoding="utf-8")
    with pytest.raises(InputFileError) as caught:
        load_pack_at_rev(str(tmp_path / "norfolk.yaml"), "HEAD")
    assert caught.value.message.startswith("git rev-parse: not a git repository")


def test_load_pack_at_rev_refuses_an_option_as_revision(repo: Path) -> None:
    with pytest.raises(UsageError, match="is not a git revision"):
        load_pack_at_rev(str(repo / "packs" / "norfolk.yaml"), "--output=/tmp/x")


def test_load_pack_at_rev_validates_like_any_pack(repo: Path) -> None:
    broken = edit(NORFOLK, 'publisher: "', 'publisher: "x"\npublisher: "')
    (repo / "packs" / "norfolk.yaml").write_text(broken, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "broken")
    with pytest.raises(YamlSyntaxError) as caught:
        load_pack_at_rev(str(repo / "packs" / "norfolk.yaml"), "HEAD")
    assert str(caught.value) == "HEAD:src/packs/norfolk.yaml:8:1: duplicate key 'publisher' (first defined on line 7)"
    setting = NORFOLK[NORFOLK.index("  cluster_min_domains:") : NORFOLK.index("rules:\n")]
    dangling = edit(NORFOLK, setting, "")
    (repo / "packs" / "norfolk.yaml").write_text(dangling, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "dangling")
    with pytest.raises(SchemaError, match="refers to setting `cluster_min_domains`"):
        load_pack_at_rev(str(repo / "packs" / "norfolk.yaml"), "HEAD")


# ---------------------------------------------------------------- rendering


@pytest.fixture
def three(norfolk: Pack, tmp_path: Path) -> PackDiff:
    """The three edits and a setting change, with two cases that flipped out of five."""
    new = pack_of(edit(three_changes(), "value: 3", "value: 4"), tmp_path)
    d = diff_packs(norfolk, new, old_label="old/norfolk.yaml", new_label="new/norfolk.yaml")
    flips = (Flip("cluster", 3, 2), Flip("cases/renamed.yaml", 2, None, "new pack: pack `norfolk` has no indicator"))
    return replace(d, flipped=flips, cases_checked=5)


def test_diff_text(three: PackDiff) -> None:
    assert diff_text(three) == "\n".join(
        [
            "norfolk 1.0.0 → norfolk 1.0.0",
            "  old: old/norfolk.yaml",
            "  new: new/norfolk.yaml",
            *THREE_CHANGES_TEXT,
            "Cases: 2 of 5 cases change tier",
            "  cluster             Tier 3 → Tier 2",
            "  cases/renamed.yaml  Tier 2 → no tier (new pack: pack `norfolk` has no indicator)",
        ]
    )


def test_diff_markdown(three: PackDiff) -> None:
    assert diff_markdown(three) == "\n".join(
        [
            "## Pack diff: `norfolk` 1.0.0 → `norfolk` 1.0.0",
            "",
            "Old: `old/norfolk.yaml`  ",
            "New: `new/norfolk.yaml`",
            "",
            "**4 changes: 1 indicator renamed, 1 descriptor reworded, 1 descriptor moved, 1 setting changed**",
            "",
            f"> **Warning:** {UNBUMPED}",
            "",
            "### Indicators",
            "",
            "| change | item | field | detail |",
            "|---|---|---|---|",
            "| renamed | `development.health.health-condition` |  | → `development.health.long-term-condition` |",
            "",
            "### Descriptors",
            "",
            "| change | item | field | detail |",
            "|---|---|---|---|",
            "| reworded | `development.education.milestones` | tier 2 | some developmental milestones are not being "
            "met which will be supported by ~~universal~~ **community** services. |",
            f"| moved | `development.education.eet` |  | Tier 3 → Tier 4: {EET_3} |",
            "",
            "### Settings",
            "",
            "| change | item | field | detail |",
            "|---|---|---|---|",
            "| changed | `cluster_min_indicators` | value | 3 → 4 |",
            "",
            "### Cases: 2 of 5 cases change tier",
            "",
            "| case | old | new | note |",
            "|---|---|---|---|",
            "| `cluster` | Tier 3 | Tier 2 |  |",
            "| `cases/renamed.yaml` | Tier 2 | no tier | new pack: pack \\`norfolk\\` has no indicator |",
            "",
        ]
    )


def test_markdown_shows_pack_text_as_text(norfolk: Pack, tmp_path: Path) -> None:
    hostile = "see [this](https://example.invalid) | <img src=x> *now*"
    d = diff_packs(norfolk, pack_of(edit(NORFOLK, MILESTONES_2, hostile), tmp_path))
    row = diff_markdown(d).splitlines()[-1]
    assert row.count("|") - row.count("\\|") == 5
    assert "](" not in row.replace("\\](", "")
    assert "<img" not in row.replace("\\<", "")


def test_diff_json(three: PackDiff) -> None:
    data = json.loads(diff_json(three))
    assert data["old"] == {"id": "norfolk", "version": "1.0.0", "label": "old/norfolk.yaml"}
    assert [(c["what"], c["action"]) for c in data["changes"]] == [
        ("indicator", "renamed"),
        ("descriptor", "reworded"),
        ("descriptor", "moved"),
        ("setting", "changed"),
    ]
    assert data["changes"][2] == {
        "what": "descriptor",
        "action": "moved",
        "subject": "development.education.eet",
        "field": None,
        "old": 3,
        "new": 4,
        "detail": EET_3,
    }
    assert data["cases"]["checked"] == 5
    assert data["cases"]["flipped"][0] == {"name": "cluster", "old_tier": 3, "new_tier": 2, "problem": None}


def test_every_format_has_a_renderer() -> None:
    assert set(RENDERERS) == set(DiffFormat)


def test_a_change_without_a_new_version_is_a_warning(norfolk: Pack, tmp_path: Path) -> None:
    reworded = pack_of(three_changes(), tmp_path)
    assert diff_packs(norfolk, reworded).warnings == [UNBUMPED]
    bumped = pack_of(edit(three_changes(), 'version: "1.0.0"', 'version: "1.1.0"'), tmp_path)
    assert diff_packs(norfolk, bumped).warnings == []
    assert diff_packs(norfolk, norfolk).warnings == []  # nothing changed: nothing to bump


def test_diff_strict_fails_on_an_unbumped_version(tmp_path: Path) -> None:
    path = tmp_path / "norfolk.yaml"
    path.write_text(three_changes(), encoding="utf-8")
    assert run("diff", "norfolk", str(path)).code == 0
    strict = run("diff", "norfolk", str(path), "--strict")
    assert strict.code == 1 and f"warning: {UNBUMPED}" in strict.stdout
