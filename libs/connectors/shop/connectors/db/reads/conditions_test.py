import pytest

from shop.connectors.db.reads.conditions import Conditions, literal_limit


def test_values_become_numbered_parameters_in_order() -> None:
    conditions = Conditions()
    conditions.add("active = {0}", True)
    conditions.add("(name ILIKE {0} OR sku ILIKE {0})", "%mug%")
    conditions.add("stock > 0")
    conditions.add("(name, id) > ({0}, {1})", "Mug", "id-1")
    limit = conditions.bind(50)

    assert conditions.where() == (
        "WHERE active = $1 AND (name ILIKE $2 OR sku ILIKE $2) AND stock > 0"
        " AND (name, id) > ($3, $4)"
    )
    assert limit == "$5"
    assert conditions.values == [True, "%mug%", "Mug", "id-1", 50]


def test_no_filters_is_no_where_clause() -> None:
    assert Conditions().where() == ""


def test_a_literal_limit_is_only_ever_a_number() -> None:
    assert literal_limit(50) == "50"
    with pytest.raises(ValueError, match="invalid literal"):
        literal_limit("50; DROP TABLE products")  # type: ignore[arg-type]
