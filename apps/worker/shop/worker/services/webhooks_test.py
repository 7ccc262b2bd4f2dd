import uuid

from shop.connectors.db.repositories import DeliveryJob
from shop.core.security.signatures import ID_HEADER, verify
from shop.worker.services.webhooks import webhook_request


def test_a_delivery_is_signed_over_the_exact_body_it_sends() -> None:
    job = DeliveryJob(
        delivery_id=uuid.uuid4(),
        attempts=0,
        event_id=uuid.uuid4(),
        event_type="order.placed",
        subscription_id=uuid.uuid4(),
        url="http://receiver.example/hooks",
        secret="whsec-0123456789abcdef",
        payload={"order_id": "o-1", "total_minor": 1250},
    )

    body, headers = webhook_request(job)

    verify(job.secret, body, headers)
    assert headers[ID_HEADER] == str(job.event_id)
    assert b'"type":"order.placed"' in body
    assert b'"total_minor":1250' in body
