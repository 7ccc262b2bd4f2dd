import uuid

from shop.connectors.db.repositories import DeliveryJob
from shop.core.security.signatures import SIGNATURE_HEADER, verify_signature
from shop.worker.services.webhooks import EVENT_ID_HEADER, EVENT_TYPE_HEADER, webhook_request


def test_a_delivery_is_signed_over_the_exact_body_it_sends() -> None:
    job = DeliveryJob(
        delivery_id=uuid.uuid4(),
        attempts=0,
        event_id=uuid.uuid4(),
        event_type="order.placed",
        url="http://receiver.example/hooks",
        secret="whsec-0123456789abcdef",
        payload={"order_id": "o-1", "total_minor": 1250},
    )

    body, headers = webhook_request(job)

    verify_signature(job.secret, body, headers[SIGNATURE_HEADER])
    assert headers[EVENT_ID_HEADER] == str(job.event_id)
    assert headers[EVENT_TYPE_HEADER] == "order.placed"
    assert b'"total_minor":1250' in body
