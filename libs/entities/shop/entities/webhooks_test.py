import pytest

from shop.core.errors import ValidationFailedError
from shop.entities import EventType, WebhookSubscription

SECRET = "s" * 20


def test_a_subscription_keeps_known_event_types_sorted_once() -> None:
    subscription = WebhookSubscription.create(
        url="https://hooks.example.com/shop",
        event_types=["order.placed", "order.cancelled", "order.placed"],
        secret=SECRET,
    )

    assert subscription.event_types == [EventType.ORDER_CANCELLED, EventType.ORDER_PLACED]


@pytest.mark.parametrize("event_types", [[], ["order.shipped"], ["order.placed", "anything"]])
def test_unknown_or_missing_event_types_are_refused(event_types: list[str]) -> None:
    with pytest.raises(ValidationFailedError):
        WebhookSubscription.create(
            url="https://hooks.example.com/shop", event_types=event_types, secret=SECRET
        )


@pytest.mark.parametrize(
    "url",
    [
        "ftp://hooks.example.com/x",
        "https://",
        "https://user:password@hooks.example.com/x",  # credentials would end up in logs
        "https://token@hooks.example.com/x",
        "https://hooks.example.com:99999/x",
        "not a url",
    ],
)
def test_urls_that_are_not_plain_http_targets_are_refused(url: str) -> None:
    with pytest.raises(ValidationFailedError):
        WebhookSubscription.create(url=url, event_types=["order.placed"], secret=SECRET)
