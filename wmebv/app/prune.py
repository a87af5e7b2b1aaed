"""`wmebv prune`: remove old crawls and everything that hangs off them, keeping the newest ones."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wmebv.core.store import Store


@dataclass
class PruneResult:
    """What a prune removed (or would remove), and the file size before and after."""

    removed: list[dict[str, Any]]
    kept: int
    rows: dict[str, int] = field(default_factory=dict)
    size_before: int = 0
    size_after: int = 0
    dry_run: bool = False

    def format_nl(self) -> str:
        """A short Dutch report."""
        if not self.removed:
            return f"Niets weg te halen: er zijn niet meer dan {self.kept} afgeronde crawls per website."
        ids = ", ".join(f"#{crawl['id']}" for crawl in self.removed)
        verb = "Zou weghalen" if self.dry_run else "Weggehaald"
        lines = [f"{verb}: {len(self.removed)} crawls ({ids}), ouder dan de nieuwste {self.kept} afgeronde crawls."]
        if self.dry_run:
            lines.append("Er is niets veranderd. Haal --dry-run weg om ze echt weg te halen.")
            return "\n".join(lines)
        lines.append(f"Daarmee weg: {self.rows.get('pages', 0)} pagina's, {self.rows.get('findings', 0)} bevindingen "
                     f"en {self.rows.get('urls', 0)} adressen.")
        if self.size_after:
            lines.append(f"De database is nu {_megabytes(self.size_after)} (was {_megabytes(self.size_before)}).")
        return "\n".join(lines)


def prune(db_path: Path, keep: int, *, dry_run: bool = False, vacuum: bool = True) -> PruneResult:
    """Remove the crawls older than the newest ``keep`` finished crawls of each site."""
    with Store(db_path, create=False) as store:
        old = store.crawls.beyond_keep(keep)
        result = PruneResult(removed=old, kept=keep, dry_run=dry_run, size_before=store.database.size())
        if dry_run or not old:
            return result
        result.rows = store.crawls.delete([int(crawl["id"]) for crawl in old])
        if vacuum:
            store.database.vacuum()
            result.size_after = store.database.size()
    return result


def _megabytes(size: int) -> str:
    """A file size in megabytes, Dutch style (12,3 MB)."""
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")
