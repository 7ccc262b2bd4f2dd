import pytest

from shop.notifications.services.letters import Letters, Sender

SENDER = Sender("Shop <orders@shop.example>", "Shop", "https://shop.example/", "en")


@pytest.fixture
def letters() -> Letters:
    return Letters(SENDER)
