from email.message import EmailMessage

import pytest

from shop.notifications.services.letters import Letters, Sender
from shop.notifications.services.order_events import Contact, parsed
from shop.testing.events import published_order_event

CY = Contact(email="cy@example.com", name="Cy Customer")


def parts(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None
    assert html is not None
    return text.get_content(), html.get_content()


def test_a_placed_order_is_a_text_and_html_mail_with_the_lines_the_total_and_the_link(
    letters: Letters,
) -> None:
    event = parsed(published_order_event())

    message = letters.compose(event, CY)
    text, html = parts(message)

    assert message["To"] == "Cy Customer <cy@example.com>"
    assert message["From"] == "Shop <orders@shop.example>"
    reference = str(event.data.order_id)[:8].upper()
    assert message["Subject"] == f"Shop: thank you for your order {reference}"
    assert message["Message-ID"] == f"<{event.id}@shop.example>"
    assert "2 x " in text
    assert "€12.50: €25.00" in text
    assert "Total: €29.99" in text
    assert f"https://shop.example/orders/{event.data.order_id}" in text
    assert f"<strong>{reference}</strong>" in html
    assert "€29.99" in html


def test_a_cancelled_order_says_so(letters: Letters) -> None:
    event = parsed(published_order_event("order.cancelled"))

    message = letters.compose(event, CY)

    reference = str(event.data.order_id)[:8].upper()
    assert message["Subject"] == f"Shop: your order {reference} is cancelled"
    assert "is cancelled" in parts(message)[0]


def test_amounts_use_the_currency_s_own_decimals_and_the_configured_notation() -> None:
    german = Letters(Sender("Shop <orders@shop.example>", "Shop", "https://shop.example", "de_DE"))

    yen = parts(german.compose(parsed(published_order_event(currency="JPY")), CY))[0]
    euro = parts(german.compose(parsed(published_order_event()), CY))[0]

    assert "2999\N{NO-BREAK SPACE}¥" in yen.replace(".", "")  # JPY has no minor unit
    assert "29,99\N{NO-BREAK SPACE}€" in euro


def test_a_name_cannot_add_markup_or_headers(letters: Letters) -> None:
    hostile = Contact(email="eve@example.com", name="Eve\r\nBcc: all@example.com <b>x</b>")

    message = letters.compose(parsed(published_order_event()), hostile)
    text, html = parts(message)

    assert message["Bcc"] is None
    assert "\n" not in message["To"]
    assert "<b>x</b>" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert "Eve Bcc: all@example.com <b>x</b>" in text  # plain text is shown as it is


@pytest.mark.parametrize("address", ["two@example.com, three@example.com", "x@y\r\nBcc: z@w"])
def test_an_event_naming_anything_but_one_address_is_malformed(address: str) -> None:
    with pytest.raises(ValueError, match="not an order event"):
        body = published_order_event()
        parsed({**body, "data": {**body["data"], "customer": {"email": address, "name": "M"}}})
