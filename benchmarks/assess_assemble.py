"""Assemble the assess benchmark's halves from what its writers, labellers and adjudicators handed in.

    python benchmarks/assess_assemble.py                  # the round in benchmarks/assess/
    python benchmarks/assess_assemble.py ROUND --pending DIR   # also write the disagreements to adjudicate
    python benchmarks/assess_assemble.py ROUND --into FILE     # a later round, whole, as a new held-out set

One round is a folder, ``benchmarks/assess/`` itself by default, whose raw hand-ins are git-ignored
(everything in them that scoring needs is carried into the halves):

- ``written/X.yaml`` — the writer's items (``items: [{id, age, facts?, concerns, working_well?, classes,
  near_miss}]``) and ``written/X.aims.yaml`` (``aims: {id: {rows, tier, note}}``), which the labellers
  never see; only ``rows`` that name a pack's indicator are kept, as the item's coverage;
- ``labels/A/X.yaml`` and ``labels/B/X.yaml`` (or in parts, ``X-1.yaml``, ``X-2.yaml``) — two
  independent labels per item and pack (``labels: {id: {norfolk: {accepted, floor, s47, why}, sutton: …}}``);
- ``adjudications/X.yaml`` — for each item whose labels differ: ``{id: {norfolk?: label, sutton?: label,
  reason}}``, the adjudicator's reading against the guide's own words.

Each new item is given to a half by a hash of its id, alternating within its writer's file so both
halves see every writer; an item already in a half stays there, as it is unless the round hands it in
again. The halves (``benchmarks/assess/{tuning,held-out}.yaml``) are rewritten whole and validated by
``assess_set.load_set``. A later round written when the held-out half's scorings are spent is kept
whole instead (``--into``), as a held-out set of its own with its own log of scorings.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import yaml

from assess_set import PACKS, PackLabel, load_set
from threshold_cli.io.loader import load_pack

ROOT = Path(__file__).resolve().parents[1]
HALVES = ("tuning", "held-out")
HEADER = """\
# The assess benchmark, {half} half: written blind, labelled twice, adjudicated where the labels differed.
# Format and checks: benchmarks/assess_set.py. Assembled by benchmarks/assess_assemble.py; do not
# edit an item to make a reading pass (see benchmarks/README.md).
set: {half}
items:
"""


def read_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def labels_of(folder: Path, stem: str) -> dict[str, Any]:
    """One labeller's labels for a writer's file, which may have been handed in in parts (``a-1.yaml``)."""
    out: dict[str, Any] = {}
    for path in sorted([*folder.glob(f"{stem}.yaml"), *folder.glob(f"{stem}-*.yaml")]):
        out |= read_yaml(path)["labels"]
    return out


def label(raw: dict[str, Any]) -> dict[str, Any]:
    """A hand-in label as the set stores it (accepted sorted, s47 ``null`` dropped)."""
    out: dict[str, Any] = {"accepted": sorted(set(raw["accepted"])), "floor": raw["floor"]}
    if raw.get("s47"):
        out["s47"] = raw["s47"]
    if raw.get("why"):
        out["why"] = raw["why"]
    return out


def agree(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return PackLabel.model_validate(a).same_as(PackLabel.model_validate(b))


def assemble(round_dir: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    """Every item with its labels and expectation, the items still waiting for an adjudication, and the
    writers' files still waiting for labels."""
    done, pending, waiting = [], [], []
    rows = {f"{p}:{i.id}" for p in PACKS for _, _, i in load_pack(p).model.indicators()}
    for written in sorted((round_dir / "written").glob("*.yaml")):
        if written.name.endswith(".aims.yaml"):
            continue
        stem = written.stem
        aims = read_yaml(written.with_name(f"{stem}.aims.yaml"))["aims"]
        labels = {who: labels_of(round_dir / "labels" / who, stem) for who in ("A", "B")}
        adjudicated_path = round_dir / "adjudications" / written.name
        adjudicated = read_yaml(adjudicated_path) if adjudicated_path.exists() else {}
        items = read_yaml(written)["items"]
        unlabelled = [(who, i["id"]) for i in items for who in ("A", "B") if i["id"] not in labels[who]]
        if unlabelled:
            waiting.append(
                f"{written.name}: {len(unlabelled)} labels still to come ({unlabelled[0][0]} {unlabelled[0][1]}…)"
            )
            continue
        for raw in items:
            item = {"id": raw["id"], "age": raw["age"]}  # an unborn child is age 0: kept, though falsy
            item |= {k: raw[k] for k in ("facts", "concerns", "working_well") if raw.get(k)}
            item |= {"classes": raw["classes"], "near_miss": raw["near_miss"]}
            aimed = aims.get(raw["id"], {}).get("rows") or []
            item["rows"] = [row for row in dict.fromkeys(aimed) if row in rows]
            a = {p: label(labels["A"][raw["id"]][p]) for p in PACKS}
            b = {p: label(labels["B"][raw["id"]][p]) for p in PACKS}
            item["labels"] = {"a": a, "b": b}
            differ = [p for p in PACKS if not agree(a[p], b[p])]
            decision = adjudicated.get(raw["id"])
            if differ and not decision:
                pending.append({**item, "differ": differ, "file": written.name})
                continue
            item["expected"] = {p: label(decision[p]) if p in differ else a[p] for p in PACKS}
            if differ:
                item["adjudication"] = decision["reason"]
            item["_stem"] = stem
            done.append(item)
    return done, pending, waiting


def split(items: list[dict[str, Any]], out_dir: Path) -> dict[str, list[dict[str, Any]]]:
    """Each item's half: kept if it has one, else alternating by id hash within its writer's file."""
    placed: dict[str, str] = {}
    kept: list[dict[str, Any]] = []
    handed_in = {item["id"] for item in items}
    for half in HALVES:
        path = out_dir / f"{half}.yaml"
        if path.exists():
            loaded = load_set(path)
            if isinstance(loaded, list):
                raise SystemExit("\n".join(map(str, loaded)))
            placed |= {item.id: half for item in loaded.items}
            kept += [
                {**item.model_dump(mode="json", exclude_none=True), "_stem": f"kept-{half}"}
                for item in loaded.items
                if item.id not in handed_in
            ]
    out: dict[str, list[dict[str, Any]]] = {half: [] for half in HALVES}
    by_stem: dict[str, list[dict[str, Any]]] = {}
    for item in [*items, *kept]:
        by_stem.setdefault(item.pop("_stem"), []).append(item)
    for stem_items in by_stem.values():
        new = sorted(
            (i for i in stem_items if i["id"] not in placed),
            key=lambda i: hashlib.sha256(f"assess-split:{i['id']}".encode()).hexdigest(),
        )
        for n, item in enumerate(new):
            placed[item["id"]] = "tuning" if n % 2 == 0 else "held-out"
        for item in stem_items:
            out[placed[item["id"]]].append(item)
    for half in out.values():
        half.sort(key=lambda i: i["id"])
    return out


def flow(value: Any) -> str:
    """A small value as one line of YAML flow style (JSON strings are valid YAML double-quoted scalars)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def emit(item: dict[str, Any]) -> str:
    lines = [f"- id: {item['id']}", f"  age: {item['age']}"]
    if item.get("facts"):
        lines.append(f"  facts: {flow(item['facts'])}")
    for key in ("concerns", "working_well"):
        if item.get(key):
            lines.append(f"  {key}:")
            lines += [f"  - {flow(text)}" for text in item[key]]
    lines.append(f"  classes: {flow(item['classes'])}")
    lines.append(f"  near_miss: {flow(item['near_miss'])}")
    if item["rows"]:
        lines.append(f"  rows: {flow(item['rows'])}")
    lines.append("  labels:")
    for who in ("a", "b"):
        lines.append(f"    {who}:")
        lines += [f"      {p}: {flow(item['labels'][who][p])}" for p in PACKS]
    lines.append("  expected:")
    lines += [f"    {p}: {flow(item['expected'][p])}" for p in PACKS]
    if item.get("adjudication"):
        lines.append(f"  adjudication: {flow(item['adjudication'])}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "round",
        type=Path,
        nargs="?",
        default=ROOT / "benchmarks/assess",
        help="holds written/, labels/, adjudications/",
    )
    ap.add_argument("--pending", type=Path, help="write the items still to adjudicate here, one file per writer")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks/assess", help="where the halves are")
    ap.add_argument("--into", type=Path, help="write every item of the round, unsplit, to this held-out set")
    args = ap.parse_args(argv)
    done, pending, waiting = assemble(args.round)
    for line in waiting:
        print(line, file=sys.stderr)
    if pending:
        print(f"{len(pending)} items have labels that differ and no adjudication yet", file=sys.stderr)
        if args.pending:
            args.pending.mkdir(parents=True, exist_ok=True)
            for name in sorted({p["file"] for p in pending}):
                mine = [{k: v for k, v in p.items() if k != "file"} for p in pending if p["file"] == name]
                (args.pending / name).write_text(yaml.safe_dump({"pending": mine}, sort_keys=False, allow_unicode=True))
    if pending or waiting:
        return 1
    if args.into:
        for item in done:
            item.pop("_stem")
        halves = {"held-out": sorted(done, key=lambda i: i["id"])}
        paths = {"held-out": args.into}
    else:
        args.out.mkdir(parents=True, exist_ok=True)
        halves = split(done, args.out)
        paths = {half: args.out / f"{half}.yaml" for half in halves}
    for half, items in halves.items():
        path = paths[half]
        path.write_text(HEADER.format(half=half) + "".join(emit(i) for i in items), encoding="utf-8")
        loaded = load_set(path)
        if isinstance(loaded, list):
            print("\n".join(map(str, loaded)), file=sys.stderr)
            return 2
        print(f"{half}: {len(items)} items -> {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
