import uuid

import jsonschema_rs
import pytest

from shop.entities import Customer, EventType, Order, Product
from shop.entities.event_schemas import event_envelope, event_schema
from shop.entities.snapshots import order_event


@pytest.mark.parametrize("event_type", list(EventType))
def test_every_event_the_domain_writes_matches_its_published_schema(
    event_type: EventType,
) -> None:
    product = Product.create(sku="MUG", name="Mug", price_minor=1250, currency="EUR", stock=5)
    customer = Customer.register(email="Cy@Example.com", name="Cy <Cy>", password_hash="-")
    order = Order.place(customer, [(product, 2)])
    event = order_event(event_type, order)

    body = event_envelope(event.id, event.type, event.payload)

    jsonschema_rs.validator_for(event_schema(event_type)).validate(body)


def test_a_body_of_another_shape_does_not_match() -> None:
    validator = jsonschema_rs.validator_for(event_schema(EventType.ORDER_PLACED))

    assert not validator.is_valid({"id": str(uuid.uuid4()), "type": "order.placed", "data": {}})
