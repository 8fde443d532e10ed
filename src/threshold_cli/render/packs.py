"""``threshold packs`` (a table of the built-in packs) and ``threshold show`` (a pack's matrix, area by area)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from threshold_cli.model.pack import Pack


def packs_table(rows: Sequence[dict[str, Any]]) -> str:
    headers = ["pack", "version", "status", "indicators", "criteria", "rules", "referral", "title"]
    table = [headers] + [[str(r[h]) for h in headers] for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(headers))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)).rstrip() for row in table)


def show_pack(pack: Pack, domain: str | None, width: int | None, indicator: str | None = None) -> Any:
    """The matrix as rich tables, one per area (the guide's own layout); with ``indicator``, its row only.
    Nothing is cut: ids and descriptors fold onto the next line in a narrow terminal, never ellipsised."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    parts: list[Any] = [Text(f"{pack.title} ({pack.id} {pack.version}, {pack.status})", style="bold")]
    for d in pack.domains:
        if (domain and d.id != domain) or (
            indicator and not any(i.id == indicator for a in d.areas for i in a.indicators)
        ):
            continue
        parts.append(Text(f"\n{d.name}", style="bold underline"))
        for area in d.areas:
            rows = [i for i in area.indicators if indicator is None or i.id == indicator]
            if not rows:
                continue
            table = Table(title=area.name, show_lines=True, expand=True, title_justify="left")
            table.add_column("indicator", ratio=1, overflow="fold")
            for tier in pack.tiers:
                table.add_column(f"Tier {tier.number}: {tier.name}", ratio=2, overflow="fold")
            for row in rows:
                cells = [row.descriptors[n] or "—" for n in (1, 2, 3, 4)]
                table.add_row(Text(row.label + "\n") + Text(row.id, style="dim"), *cells)
            parts.append(table)
    return Group(*parts)
