"""The catalogue for staff: every product (archived too), edits under If-Match, stock moves."""

import uuid
from typing import Annotated, Any, Literal

from litestar import Response, Router, get, patch, post
from litestar.datastructures import ResponseHeader
from litestar.params import FromPath, HeaderParameter, JSONBody, QueryParameter

from shop.admin_api.interface.auth import ROLE, SIGNED_IN, Actor
from shop.admin_api.interface.problems import problem_responses
from shop.admin_api.interface.responses import json_response, page_response
from shop.admin_api.interface.schemas import (
    CURSOR,
    NewProductIn,
    ProductChangesIn,
    ProductOut,
    ProductPage,
    StockAdjustmentIn,
)
from shop.admin_api.services.catalogue import (
    AdjustStock,
    CreateProduct,
    NewProduct,
    ProductChanges,
    SetProductArchived,
    UpdateProduct,
)
from shop.connectors.db.queries import ProductFilter
from shop.connectors.db.reads.products import ProductReads
from shop.core.text import TEXT
from shop.entities import StaffRole

ETAG_HEADER = [
    ResponseHeader(name="ETag", description="The product's version", documentation_only=True)
]
OPERATOR = {ROLE: StaffRole.OPERATOR}
MAX_VERSION_DIGITS = 9
_ACTIVE = {"active": True, "archived": False, "all": None}


def etag(version: int) -> str:
    return f'"{version}"'


def seen_version(if_match: str | None) -> int | None:
    """The version an If-Match names; one that names no version can match nothing (-1)."""
    if if_match is None:
        return None
    tag = if_match.strip().removeprefix("W/").strip('"')
    return int(tag) if tag.isdigit() and len(tag) <= MAX_VERSION_DIGITS else -1


def with_etag(product: dict[str, Any], status_code: int | None = None) -> Response[Any]:
    return json_response(product, status_code, headers={"ETag": etag(product["version"])})


def products_router(
    reads: ProductReads,
    create_product: CreateProduct,
    update_product: UpdateProduct,
    set_archived: SetProductArchived,
    adjust_stock: AdjustStock,
) -> Router:
    @get(
        "",
        summary="List products",
        responses=problem_responses(401, 403, 422),
        operation_id="listProducts",
    )
    async def list_products(
        q: Annotated[
            str | None,
            QueryParameter(max_length=200, pattern=TEXT, description="Text in name or SKU"),
        ] = None,
        product_status: Annotated[
            Literal["active", "archived", "all"], QueryParameter(name="status")
        ] = "all",
        stock_below: Annotated[int | None, QueryParameter(ge=0, le=1_000_000_000)] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=100)] = 50,
        cursor: Annotated[str | None, QueryParameter(max_length=500, description=CURSOR)] = None,
    ) -> Response[ProductPage]:
        filters = ProductFilter(text=q, active=_ACTIVE[product_status], stock_below=stock_below)
        page = await reads.list(filters, cursor, limit)
        return page_response(page.items, page.next_cursor)

    @get(
        "/{product_id:str}",
        summary="Get a product (its ETag is the version to send back in If-Match)",
        response_headers=ETAG_HEADER,
        responses=problem_responses(401, 403, 404),
        operation_id="getProduct",
    )
    async def get_product(product_id: FromPath[uuid.UUID]) -> Response[ProductOut]:
        product = await reads.get(product_id, active_only=False)
        return json_response(product.json, headers={"ETag": etag(product.version)})

    @post(
        "",
        summary="Create a product",
        opt=OPERATOR,
        response_headers=ETAG_HEADER,
        responses=problem_responses(401, 403, 409, 422),
        operation_id="createProduct",
    )
    async def create(data: JSONBody[NewProductIn], actor: Actor) -> Response[ProductOut]:
        new = NewProduct(
            sku=data.sku,
            name=data.name,
            price_minor=data.price_minor,
            currency=data.currency,
            description=data.description,
            stock=data.stock,
        )
        return with_etag(await create_product.execute(actor, new), status_code=201)

    @patch(
        "/{product_id:str}",
        summary="Change a product's name, description or price (If-Match required)",
        opt=OPERATOR,
        response_headers=ETAG_HEADER,
        responses=problem_responses(401, 403, 404, 412, 422, 428),
        operation_id="updateProduct",
    )
    async def update(
        product_id: FromPath[uuid.UUID],
        data: JSONBody[ProductChangesIn],
        actor: Actor,
        if_match: Annotated[str | None, HeaderParameter(name="If-Match", max_length=100)] = None,
    ) -> Response[ProductOut]:
        changes = ProductChanges(
            name=data.name, description=data.description, price_minor=data.price_minor
        )
        updated = await update_product.execute(actor, product_id, seen_version(if_match), changes)
        return with_etag(updated)

    @post(
        "/{product_id:str}/archive",
        summary="Archive a product: no longer listed or orderable",
        opt=OPERATOR,
        status_code=200,
        response_headers=ETAG_HEADER,
        responses=problem_responses(401, 403, 404),
        operation_id="archiveProduct",
    )
    async def archive(product_id: FromPath[uuid.UUID], actor: Actor) -> Response[ProductOut]:
        return with_etag(await set_archived.execute(actor, product_id, archived=True))

    @post(
        "/{product_id:str}/unarchive",
        summary="Bring an archived product back",
        opt=OPERATOR,
        status_code=200,
        response_headers=ETAG_HEADER,
        responses=problem_responses(401, 403, 404),
        operation_id="unarchiveProduct",
    )
    async def unarchive(product_id: FromPath[uuid.UUID], actor: Actor) -> Response[ProductOut]:
        return with_etag(await set_archived.execute(actor, product_id, archived=False))

    @post(
        "/{product_id:str}/stock-adjustments",
        summary="Add or remove stock with a reason (never below zero)",
        opt=OPERATOR,
        status_code=200,
        response_headers=ETAG_HEADER,
        responses=problem_responses(401, 403, 404, 409, 422),
        operation_id="adjustStock",
    )
    async def adjust(
        product_id: FromPath[uuid.UUID], data: JSONBody[StockAdjustmentIn], actor: Actor
    ) -> Response[ProductOut]:
        adjusted = await adjust_stock.execute(actor, product_id, data.delta, data.reason)
        return with_etag(adjusted)

    return Router(
        "/admin/v1/products",
        route_handlers=[list_products, get_product, create, update, archive, unarchive, adjust],
        tags=["products"],
        opt={ROLE: StaffRole.VIEWER},
        security=SIGNED_IN,
    )
