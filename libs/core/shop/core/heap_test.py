import gc
from collections.abc import Iterator

import pytest

from shop.core.heap import YOUNG_GENERATION_THRESHOLD, settle_heap


@pytest.fixture(autouse=True)
def restored_collector() -> Iterator[None]:
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


def test_objects_alive_at_start_up_are_no_longer_scanned() -> None:
    start_up_object = {"made": "before settling"}

    settle_heap()

    assert gc.get_freeze_count() > 0
    # The collector only hands out objects it still scans.
    assert not any(obj is start_up_object for obj in gc.get_objects())


def test_young_collections_run_less_often() -> None:
    settle_heap()

    assert gc.get_threshold()[0] == YOUNG_GENERATION_THRESHOLD
