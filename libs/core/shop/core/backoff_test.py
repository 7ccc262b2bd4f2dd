import random

from shop.core.backoff import Backoff


def test_the_ceiling_doubles_per_attempt_up_to_the_cap() -> None:
    backoff = Backoff(base_seconds=1, cap_seconds=10, max_attempts=10)

    assert [backoff.ceiling(n) for n in range(1, 7)] == [1, 2, 4, 8, 10, 10]


def test_delays_are_jittered_within_the_ceiling() -> None:
    backoff = Backoff(base_seconds=2, cap_seconds=60, max_attempts=10)
    rng = random.Random(7)  # noqa: S311 - seeded for a repeatable test

    delays = [backoff.delay_after(3, rng) for _ in range(200)]

    seconds = [d.total_seconds() for d in delays if d is not None]
    assert len(seconds) == 200
    assert all(0 <= s <= 8 for s in seconds)
    assert len(set(seconds)) > 150  # spread, not one synchronized value
    assert max(seconds) > 6
    assert min(seconds) < 2


def test_there_is_no_delay_after_the_last_attempt() -> None:
    backoff = Backoff(max_attempts=3)

    assert backoff.delay_after(2) is not None
    assert backoff.delay_after(3) is None
