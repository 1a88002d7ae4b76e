"""Figures only from clean runs (`make bench`, `make load`).

A latency or throughput figure that includes refused or failed requests measures the
refusals: a 429 comes back in a millisecond. So the measuring scripts count every request
here and print no figures at all when a single one failed; they stop with the error count
and the first error instead, which is what one needs to find the cause.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Mapping, Optional

DETAIL_CHARS = 200  # enough for a status line and the start of a body; a whole HTML error page is not


@dataclass
class Tally:
    requests: int = 0
    failed: int = 0
    first: Optional[str] = None
    kinds: Counter = field(default_factory=Counter)

    def ok(self) -> None:
        self.requests += 1

    def fail(self, kind: str, detail: str = "") -> None:
        self.requests += 1
        self.failed += 1
        self.kinds[kind] += 1
        if self.first is None:
            detail = " ".join(detail.split())[:DETAIL_CHARS]
            self.first = f"{kind}: {detail}" if detail else kind


def refusal(runs: Mapping[str, Tally]) -> Optional[str]:
    """None when every request of every run succeeded; otherwise the message to stop with."""
    failed = {name: tally for name, tally in runs.items() if tally.failed}
    if not failed:
        return None
    total = sum(tally.requests for tally in runs.values())
    count = sum(tally.failed for tally in failed.values())
    first_run, first = next(iter(failed.items()))
    per_run = "; ".join(
        f"{name}: {tally.failed} of {tally.requests} ({dict(tally.kinds)})" for name, tally in failed.items()
    )
    return f"no figures: {count} of {total} requests failed ({per_run}). First error ({first_run}): {first.first}"
