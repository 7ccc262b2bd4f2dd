from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.export_orders_format import ExportOrdersFormat
from ...models.export_orders_status_type_1 import ExportOrdersStatusType1
from ...models.export_orders_status_type_2_type_1 import ExportOrdersStatusType2Type1
from ...models.export_orders_status_type_3_type_1 import ExportOrdersStatusType3Type1
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast
from uuid import UUID
import datetime


def _get_kwargs(
    *,
    status: ExportOrdersStatusType1
    | ExportOrdersStatusType2Type1
    | ExportOrdersStatusType3Type1
    | None
    | Unset = UNSET,
    customer_id: None | Unset | UUID = UNSET,
    placed_from: datetime.datetime | None | Unset = UNSET,
    placed_before: datetime.datetime | None | Unset = UNSET,
    format_: ExportOrdersFormat | Unset = ExportOrdersFormat.CSV,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, ExportOrdersStatusType1):
        json_status = status.value
    elif isinstance(status, ExportOrdersStatusType2Type1):
        json_status = status.value
    elif isinstance(status, ExportOrdersStatusType3Type1):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_customer_id: None | str | Unset
    if isinstance(customer_id, Unset):
        json_customer_id = UNSET
    elif isinstance(customer_id, UUID):
        json_customer_id = str(customer_id)
    else:
        json_customer_id = customer_id
    params["customer_id"] = json_customer_id

    json_placed_from: None | str | Unset
    if isinstance(placed_from, Unset):
        json_placed_from = UNSET
    elif isinstance(placed_from, datetime.datetime):
        json_placed_from = placed_from.isoformat()
    else:
        json_placed_from = placed_from
    params["placed_from"] = json_placed_from

    json_placed_before: None | str | Unset
    if isinstance(placed_before, Unset):
        json_placed_before = UNSET
    elif isinstance(placed_before, datetime.datetime):
        json_placed_before = placed_before.isoformat()
    else:
        json_placed_before = placed_before
    params["placed_before"] = json_placed_before

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/admin/v1/orders/export",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | str | None:
    if response.status_code == 200:
        response_200 = response.text
        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

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
) -> Response[Problem | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: ExportOrdersStatusType1
    | ExportOrdersStatusType2Type1
    | ExportOrdersStatusType3Type1
    | None
    | Unset = UNSET,
    customer_id: None | Unset | UUID = UNSET,
    placed_from: datetime.datetime | None | Unset = UNSET,
    placed_before: datetime.datetime | None | Unset = UNSET,
    format_: ExportOrdersFormat | Unset = ExportOrdersFormat.CSV,
) -> Response[Problem | str]:
    """Export every matching order with its lines, oldest first (streamed)

    Args:
        status (ExportOrdersStatusType1 | ExportOrdersStatusType2Type1 |
            ExportOrdersStatusType3Type1 | None | Unset):
        customer_id (None | Unset | UUID):
        placed_from (datetime.datetime | None | Unset): Placed at or after (ISO 8601)
        placed_before (datetime.datetime | None | Unset): Placed before (ISO 8601)
        format_ (ExportOrdersFormat | Unset):  Default: ExportOrdersFormat.CSV.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
    """

    kwargs = _get_kwargs(
        status=status,
        customer_id=customer_id,
        placed_from=placed_from,
        placed_before=placed_before,
        format_=format_,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    status: ExportOrdersStatusType1
    | ExportOrdersStatusType2Type1
    | ExportOrdersStatusType3Type1
    | None
    | Unset = UNSET,
    customer_id: None | Unset | UUID = UNSET,
    placed_from: datetime.datetime | None | Unset = UNSET,
    placed_before: datetime.datetime | None | Unset = UNSET,
    format_: ExportOrdersFormat | Unset = ExportOrdersFormat.CSV,
) -> Problem | str | None:
    """Export every matching order with its lines, oldest first (streamed)

    Args:
        status (ExportOrdersStatusType1 | ExportOrdersStatusType2Type1 |
            ExportOrdersStatusType3Type1 | None | Unset):
        customer_id (None | Unset | UUID):
        placed_from (datetime.datetime | None | Unset): Placed at or after (ISO 8601)
        placed_before (datetime.datetime | None | Unset): Placed before (ISO 8601)
        format_ (ExportOrdersFormat | Unset):  Default: ExportOrdersFormat.CSV.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
    """

    return sync_detailed(
        client=client,
        status=status,
        customer_id=customer_id,
        placed_from=placed_from,
        placed_before=placed_before,
        format_=format_,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: ExportOrdersStatusType1
    | ExportOrdersStatusType2Type1
    | ExportOrdersStatusType3Type1
    | None
    | Unset = UNSET,
    customer_id: None | Unset | UUID = UNSET,
    placed_from: datetime.datetime | None | Unset = UNSET,
    placed_before: datetime.datetime | None | Unset = UNSET,
    format_: ExportOrdersFormat | Unset = ExportOrdersFormat.CSV,
) -> Response[Problem | str]:
    """Export every matching order with its lines, oldest first (streamed)

    Args:
        status (ExportOrdersStatusType1 | ExportOrdersStatusType2Type1 |
            ExportOrdersStatusType3Type1 | None | Unset):
        customer_id (None | Unset | UUID):
        placed_from (datetime.datetime | None | Unset): Placed at or after (ISO 8601)
        placed_before (datetime.datetime | None | Unset): Placed before (ISO 8601)
        format_ (ExportOrdersFormat | Unset):  Default: ExportOrdersFormat.CSV.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
    """

    kwargs = _get_kwargs(
        status=status,
        customer_id=customer_id,
        placed_from=placed_from,
        placed_before=placed_before,
        format_=format_,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: ExportOrdersStatusType1
    | ExportOrdersStatusType2Type1
    | ExportOrdersStatusType3Type1
    | None
    | Unset = UNSET,
    customer_id: None | Unset | UUID = UNSET,
    placed_from: datetime.datetime | None | Unset = UNSET,
    placed_before: datetime.datetime | None | Unset = UNSET,
    format_: ExportOrdersFormat | Unset = ExportOrdersFormat.CSV,
) -> Problem | str | None:
    """Export every matching order with its lines, oldest first (streamed)

    Args:
        status (ExportOrdersStatusType1 | ExportOrdersStatusType2Type1 |
            ExportOrdersStatusType3Type1 | None | Unset):
        customer_id (None | Unset | UUID):
        placed_from (datetime.datetime | None | Unset): Placed at or after (ISO 8601)
        placed_before (datetime.datetime | None | Unset): Placed before (ISO 8601)
        format_ (ExportOrdersFormat | Unset):  Default: ExportOrdersFormat.CSV.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            customer_id=customer_id,
            placed_from=placed_from,
            placed_before=placed_before,
            format_=format_,
        )
    ).parsed
