from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...models.product_page import ProductPage
from ...types import UNSET, Unset
from typing import cast


def _get_kwargs(
    *,
    q: None | str | Unset = UNSET,
    min_price: int | None | Unset = UNSET,
    max_price: int | None | Unset = UNSET,
    in_stock: bool | Unset = False,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_q: None | str | Unset
    if isinstance(q, Unset):
        json_q = UNSET
    else:
        json_q = q
    params["q"] = json_q

    json_min_price: int | None | Unset
    if isinstance(min_price, Unset):
        json_min_price = UNSET
    else:
        json_min_price = min_price
    params["min_price"] = json_min_price

    json_max_price: int | None | Unset
    if isinstance(max_price, Unset):
        json_max_price = UNSET
    else:
        json_max_price = max_price
    params["max_price"] = json_max_price

    params["in_stock"] = in_stock

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/products",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | ProductPage | None:
    if response.status_code == 200:
        response_200 = ProductPage.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 431:
        response_431 = Problem.from_dict(response.json())

        return response_431

    if response.status_code == 500:
        response_500 = Problem.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | ProductPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    q: None | str | Unset = UNSET,
    min_price: int | None | Unset = UNSET,
    max_price: int | None | Unset = UNSET,
    in_stock: bool | Unset = False,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
) -> Response[Problem | ProductPage]:
    """Search the catalogue

    Args:
        q (None | str | Unset): Search in name and SKU
        min_price (int | None | Unset):
        max_price (int | None | Unset):
        in_stock (bool | Unset):  Default: False.
        limit (int | Unset):  Default: 20.
        cursor (None | str | Unset): The `next_cursor` of the previous page, as given (it is
            opaque); none for the first

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ProductPage]
    """

    kwargs = _get_kwargs(
        q=q,
        min_price=min_price,
        max_price=max_price,
        in_stock=in_stock,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    q: None | str | Unset = UNSET,
    min_price: int | None | Unset = UNSET,
    max_price: int | None | Unset = UNSET,
    in_stock: bool | Unset = False,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
) -> Problem | ProductPage | None:
    """Search the catalogue

    Args:
        q (None | str | Unset): Search in name and SKU
        min_price (int | None | Unset):
        max_price (int | None | Unset):
        in_stock (bool | Unset):  Default: False.
        limit (int | Unset):  Default: 20.
        cursor (None | str | Unset): The `next_cursor` of the previous page, as given (it is
            opaque); none for the first

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ProductPage
    """

    return sync_detailed(
        client=client,
        q=q,
        min_price=min_price,
        max_price=max_price,
        in_stock=in_stock,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    q: None | str | Unset = UNSET,
    min_price: int | None | Unset = UNSET,
    max_price: int | None | Unset = UNSET,
    in_stock: bool | Unset = False,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
) -> Response[Problem | ProductPage]:
    """Search the catalogue

    Args:
        q (None | str | Unset): Search in name and SKU
        min_price (int | None | Unset):
        max_price (int | None | Unset):
        in_stock (bool | Unset):  Default: False.
        limit (int | Unset):  Default: 20.
        cursor (None | str | Unset): The `next_cursor` of the previous page, as given (it is
            opaque); none for the first

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ProductPage]
    """

    kwargs = _get_kwargs(
        q=q,
        min_price=min_price,
        max_price=max_price,
        in_stock=in_stock,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    q: None | str | Unset = UNSET,
    min_price: int | None | Unset = UNSET,
    max_price: int | None | Unset = UNSET,
    in_stock: bool | Unset = False,
    limit: int | Unset = 20,
    cursor: None | str | Unset = UNSET,
) -> Problem | ProductPage | None:
    """Search the catalogue

    Args:
        q (None | str | Unset): Search in name and SKU
        min_price (int | None | Unset):
        max_price (int | None | Unset):
        in_stock (bool | Unset):  Default: False.
        limit (int | Unset):  Default: 20.
        cursor (None | str | Unset): The `next_cursor` of the previous page, as given (it is
            opaque); none for the first

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ProductPage
    """

    return (
        await asyncio_detailed(
            client=client,
            q=q,
            min_price=min_price,
            max_price=max_price,
            in_stock=in_stock,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
