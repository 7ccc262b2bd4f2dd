from shop.core.logging import REDACTED, redact_secrets


def test_secrets_are_redacted_however_deep() -> None:
    event = {
        "event": "request",
        "headers": {"Authorization": "Bearer abc", "accept": "application/json"},
        "password": "hunter2",
        "attempts": [{"db_password": "x", "user": "ann"}],
    }

    redacted = redact_secrets(None, "info", event)

    assert redacted["headers"] == {"Authorization": REDACTED, "accept": "application/json"}
    assert redacted["password"] == REDACTED
    assert redacted["attempts"] == [{"db_password": REDACTED, "user": "ann"}]
    assert redacted["event"] == "request"
