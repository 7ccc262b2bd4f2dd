"""The catalogue: active products only."""

# No `from __future__ import annotations`: FastAPI reads these handlers' annotations at
# run time, and they name objects local to the router factory.

from fastapi import APIRouter, Request

from shop.connectors.db.queries import ProductFilter
from shop.connectors.db.reads.products import ProductReads
from shop.public_api.interface.direct_route import DirectRoute
from shop.public_api.interface.parameters import Parameters
from shop.public_api.interface.responses import JSONBytes
from shop.public_api.interface.schemas import (
    Problem,
    ProductOut,
    ProductPage,
    ProductPath,
    ProductQuery,
)


def products_router(products: ProductReads) -> APIRouter:
    product_query = Parameters(ProductQuery, "query")
    product_path = Parameters(ProductPath, "path")
    router = APIRouter(
        prefix="/v1/products",
        tags=["catalogue"],
        responses={404: {"model": Problem}, 422: {"model": Problem}},
        route_class=DirectRoute,
    )

    @router.get(
        "",
        response_model=ProductPage,
        openapi_extra=product_query.openapi(),
        summary="Search the catalogue",
        operation_id="listProducts",
    )
    async def list_products(request: Request) -> JSONBytes:
        query = product_query.parse(request)
        filters = ProductFilter(
            text=query.q,
            min_price=query.min_price,
            max_price=query.max_price,
            in_stock_only=query.in_stock,
            active=True,
        )
        page = await products.list(filters, query.cursor, query.limit)
        return JSONBytes({"items": page.items, "next_cursor": page.next_cursor})

    @router.get(
        "/{product_id}",
        response_model=ProductOut,
        openapi_extra=product_path.openapi(),
        summary="One product on sale",
        operation_id="getProduct",
    )
    async def get_product(request: Request) -> JSONBytes:
        product_id = product_path.parse(request).product_id
        return JSONBytes((await products.get(product_id, active_only=True)).json)

    return router
