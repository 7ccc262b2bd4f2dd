"""Retry delays: exponential backoff with full jitter, capped, for a bounded number of tries."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class Backoff:
    """Try n (1-based) waits a random time in [0, min(cap, base * 2**(n-1))] before the next.

    Full jitter spreads retries of many failures at once (a receiver that was down) instead of
    sending them back in synchronized waves.
    """

    base_seconds: float = 1.0
    cap_seconds: float = 600.0
    max_attempts: int = 8

    def ceiling(self, attempt: int) -> float:
        return float(min(self.cap_seconds, self.base_seconds * 2 ** (attempt - 1)))

    def delay_after(self, attempt: int, rng: random.Random | None = None) -> timedelta | None:
        """The wait after failed try `attempt`, or None when that was the last allowed one."""
        if attempt >= self.max_attempts:
            return None
        draw = (rng or random).uniform(0, self.ceiling(attempt))
        return timedelta(seconds=draw)
