"""Order e-mails: plain text and HTML from Jinja templates (HTML autoescaped: a customer's
name or anything else from an event cannot add markup), amounts in the currency's own
decimals (Babel), a Message-ID made from the event id (a copy sent twice is one message to a
mail client that de-duplicates)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr

from babel.core import Locale
from babel.dates import format_datetime as localised_datetime
from babel.numbers import format_currency, get_currency_precision
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from shop.notifications.services.order_events import Contact, OrderEvent

# A name goes into the To header: line breaks or other control characters there would let an
# event add headers of its own (a Bcc:); they become spaces.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
ORDER_PLACED, ORDER_CANCELLED = "order.placed", "order.cancelled"
_SUBJECTS = {
    ORDER_PLACED: "{shop}: thank you for your order {reference}",
    ORDER_CANCELLED: "{shop}: your order {reference} is cancelled",
}
LETTER_TYPES = tuple(_SUBJECTS)


@dataclass(frozen=True)
class Sender:
    """Who the e-mails come from and what they link to."""

    address: str  # "Shop <orders@shop.example>"
    shop_name: str
    storefront_url: str  # the order's page is <storefront_url>/orders/<id>
    locale: str  # amounts and dates in this notation (en, de_DE, fr_CH...)


class Letters:
    def __init__(self, sender: Sender) -> None:
        self._sender = sender
        self._locale = Locale.parse(sender.locale)
        self._domain = parseaddr(sender.address)[1].rpartition("@")[2] or "localhost"
        self._templates = Environment(
            loader=PackageLoader("shop.notifications", "templates"),
            autoescape=select_autoescape(["html"]),
            undefined=StrictUndefined,  # a misspelt variable fails the test, not the customer
            keep_trailing_newline=True,
        )

    def compose(self, event: OrderEvent, to: Contact) -> EmailMessage:
        """The e-mail for one order event (of LETTER_TYPES) to one customer."""
        order = event.data
        reference = str(order.order_id).split("-")[0].upper()
        values = {
            "name": _one_line(to.name),
            "shop_name": self._sender.shop_name,
            "reference": reference,
            "placed_at": localised_datetime(order.placed_at, "medium", locale=self._locale),
            "order_url": f"{self._sender.storefront_url.rstrip('/')}/orders/{order.order_id}",
            "total": self._money(order.total_minor, order.currency),
            "lines": [
                {
                    "product": str(line.product_id),
                    "quantity": line.quantity,
                    "unit_price": self._money(line.unit_price_minor, order.currency),
                    "subtotal": self._money(line.subtotal_minor, order.currency),
                }
                for line in order.lines
            ],
        }
        stem = event.type.replace(".", "_")
        message = EmailMessage()
        message["From"] = self._sender.address
        message["To"] = formataddr((_one_line(to.name), Address(addr_spec=to.email).addr_spec))
        message["Subject"] = _SUBJECTS[event.type].format(
            shop=self._sender.shop_name, reference=reference
        )
        message["Date"] = format_datetime(order.placed_at)
        message["Message-ID"] = f"<{event.id}@{self._domain}>"
        message.set_content(self._templates.get_template(f"{stem}.txt").render(values))
        message.add_alternative(
            self._templates.get_template(f"{stem}.html").render(values), subtype="html"
        )
        return message

    def _money(self, minor: int, currency: str) -> str:
        amount = Decimal(minor).scaleb(-get_currency_precision(currency))
        return format_currency(amount, currency, locale=self._locale)


def _one_line(text: str) -> str:
    return _CONTROL.sub(" ", text).strip()
