from shop.entities import EventType, IdempotencyRecord, OutboxEvent, request_fingerprint


def test_the_fingerprint_ignores_key_order_but_not_content() -> None:
    a = request_fingerprint({"lines": [{"id": 1, "qty": 2}], "note": "x"})
    b = request_fingerprint({"note": "x", "lines": [{"qty": 2, "id": 1}]})
    c = request_fingerprint({"note": "x", "lines": [{"qty": 3, "id": 1}]})

    assert a == b
    assert a != c


def test_a_record_matches_only_its_own_request() -> None:
    record = IdempotencyRecord(request_hash=request_fingerprint({"a": 1}))

    assert record.matches(request_fingerprint({"a": 1}))
    assert not record.matches(request_fingerprint({"a": 2}))


def test_a_new_outbox_event_is_undelivered_with_no_attempts() -> None:
    event = OutboxEvent.new(EventType.ORDER_PLACED, {"order_id": "o-1"})

    assert event.attempts == 0
    assert event.delivered_at is None
    assert event.type == "order.placed"
