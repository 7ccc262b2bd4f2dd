import pytest

from shop.core.errors import ConflictError, ValidationFailedError
from shop.entities import Product


def a_product(stock: int = 5) -> Product:
    return Product.create(sku="MUG-1", name="Mug", price_minor=1250, currency="EUR", stock=stock)


def test_a_new_product_is_active_with_an_id() -> None:
    product = a_product()

    assert product.active
    assert not product.archived
    assert product.id.version == 7


@pytest.mark.parametrize(
    ("field", "value"),
    [("currency", "euro"), ("price_minor", -1), ("sku", "  "), ("stock", -1)],
)
def test_invalid_products_are_refused(field: str, value: object) -> None:
    values: dict[str, object] = {
        "sku": "S",
        "name": "N",
        "price_minor": 1,
        "currency": "EUR",
        "stock": 0,
    }
    values[field] = value

    with pytest.raises(ValidationFailedError):
        Product.create(**values)  # type: ignore[arg-type]


def test_stock_moves_both_ways() -> None:
    product = a_product(stock=5)

    product.adjust_stock(-5)
    product.adjust_stock(+3)

    assert product.stock == 3


def test_stock_never_goes_below_zero() -> None:
    product = a_product(stock=2)

    with pytest.raises(ConflictError, match="below zero"):
        product.adjust_stock(-3)
    assert product.stock == 2


def test_an_archived_product_cannot_be_ordered_until_unarchived() -> None:
    product = a_product()
    product.archive()

    with pytest.raises(ValidationFailedError, match="archived"):
        product.ensure_orderable()

    product.unarchive()
    product.ensure_orderable()


def test_a_rename_trims_and_refuses_an_empty_name() -> None:
    product = a_product()

    product.rename("  Big mug ")
    with pytest.raises(ValidationFailedError):
        product.rename("   ")

    assert product.name == "Big mug"
