from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.order_out import OrderOut
from ...models.place_order_in import PlaceOrderIn
from ...models.problem import Problem
from typing import cast


def _get_kwargs(
    *,
    body: PlaceOrderIn,
    idempotency_key: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/orders",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> OrderOut | Problem | None:
    if response.status_code == 201:
        response_201 = OrderOut.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())

        return response_415

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
) -> Response[OrderOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: PlaceOrderIn,
    idempotency_key: str,
) -> Response[OrderOut | Problem]:
    """Place an order (an Idempotency-Key makes retrying safe)

     The stock is taken when the order is placed: a line asking for more than is in stock
    is 409 and nothing is taken. Retry a request that failed or timed out with the same
    Idempotency-Key and body: it is placed once and every retry gets the first answer. The
    same key with another body is 409.

    Args:
        idempotency_key (str): A retry with the same key and body gets the first response again.
        body (PlaceOrderIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrderOut | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: PlaceOrderIn,
    idempotency_key: str,
) -> OrderOut | Problem | None:
    """Place an order (an Idempotency-Key makes retrying safe)

     The stock is taken when the order is placed: a line asking for more than is in stock
    is 409 and nothing is taken. Retry a request that failed or timed out with the same
    Idempotency-Key and body: it is placed once and every retry gets the first answer. The
    same key with another body is 409.

    Args:
        idempotency_key (str): A retry with the same key and body gets the first response again.
        body (PlaceOrderIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrderOut | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: PlaceOrderIn,
    idempotency_key: str,
) -> Response[OrderOut | Problem]:
    """Place an order (an Idempotency-Key makes retrying safe)

     The stock is taken when the order is placed: a line asking for more than is in stock
    is 409 and nothing is taken. Retry a request that failed or timed out with the same
    Idempotency-Key and body: it is placed once and every retry gets the first answer. The
    same key with another body is 409.

    Args:
        idempotency_key (str): A retry with the same key and body gets the first response again.
        body (PlaceOrderIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OrderOut | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: PlaceOrderIn,
    idempotency_key: str,
) -> OrderOut | Problem | None:
    """Place an order (an Idempotency-Key makes retrying safe)

     The stock is taken when the order is placed: a line asking for more than is in stock
    is 409 and nothing is taken. Retry a request that failed or timed out with the same
    Idempotency-Key and body: it is placed once and every retry gets the first answer. The
    same key with another body is 409.

    Args:
        idempotency_key (str): A retry with the same key and body gets the first response again.
        body (PlaceOrderIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OrderOut | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
