"""``threshold packs`` (a table of the built-in packs) and ``threshold show`` (a pack's matrix, area by area)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from threshold_cli.model.pack import Pack


def packs_table(rows: Sequence[dict[str, Any]]) -> str:
    headers = ["pack", "version", "status", "indicators", "criteria", "rules", "title"]
    table = [headers] + [[str(r[h]) for h in headers] for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(headers))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)).rstrip() for row in table)


def show_pack(pack: Pack, domain: str | None, width: int | None) -> Any:
    """The matrix as rich tables, one per area (the guide's own layout)."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    parts: list[Any] = [Text(f"{pack.title} ({pack.id} {pack.version}, {pack.status})", style="bold")]
    for d in pack.domains:
        if domain and d.id != domain:
            continue
        parts.append(Text(f"\n{d.name}", style="bold underline"))
        for area in d.areas:
            table = Table(title=area.name, show_lines=True, expand=True, title_justify="left")
            table.add_column("indicator", ratio=1)
            for tier in pack.tiers:
                table.add_column(f"Tier {tier.number}: {tier.name}", ratio=2)
            for indicator in area.indicators:
                cells = [indicator.descriptors[n] or "—" for n in (1, 2, 3, 4)]
                table.add_row(f"{indicator.label}\n[dim]{indicator.id}[/dim]", *cells)
            parts.append(table)
    return Group(*parts)
