from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.audit_page import AuditPage
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast
from uuid import UUID
import datetime


def _get_kwargs(
    *,
    actor_id: None | Unset | UUID = UNSET,
    object_type: None | str | Unset = UNSET,
    object_id: None | str | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    before: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_actor_id: None | str | Unset
    if isinstance(actor_id, Unset):
        json_actor_id = UNSET
    elif isinstance(actor_id, UUID):
        json_actor_id = str(actor_id)
    else:
        json_actor_id = actor_id
    params["actor_id"] = json_actor_id

    json_object_type: None | str | Unset
    if isinstance(object_type, Unset):
        json_object_type = UNSET
    else:
        json_object_type = object_type
    params["object_type"] = json_object_type

    json_object_id: None | str | Unset
    if isinstance(object_id, Unset):
        json_object_id = UNSET
    else:
        json_object_id = object_id
    params["object_id"] = json_object_id

    json_since: None | str | Unset
    if isinstance(since, Unset):
        json_since = UNSET
    elif isinstance(since, datetime.datetime):
        json_since = since.isoformat()
    else:
        json_since = since
    params["since"] = json_since

    json_before: None | str | Unset
    if isinstance(before, Unset):
        json_before = UNSET
    elif isinstance(before, datetime.datetime):
        json_before = before.isoformat()
    else:
        json_before = before
    params["before"] = json_before

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
        "url": "/admin/v1/audit",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AuditPage | Problem | None:
    if response.status_code == 200:
        response_200 = AuditPage.from_dict(response.json())

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
) -> Response[AuditPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    actor_id: None | Unset | UUID = UNSET,
    object_type: None | str | Unset = UNSET,
    object_id: None | str | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    before: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[AuditPage | Problem]:
    """List audit entries, newest first

    Args:
        actor_id (None | Unset | UUID):
        object_type (None | str | Unset):
        object_id (None | str | Unset):
        since (datetime.datetime | None | Unset): At or after (ISO 8601)
        before (datetime.datetime | None | Unset): Before (ISO 8601)
        limit (int | Unset):  Default: 50.
        cursor (None | str | Unset): The `next_cursor` of the previous page, as given (it is
            opaque); none for the first

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuditPage | Problem]
    """

    kwargs = _get_kwargs(
        actor_id=actor_id,
        object_type=object_type,
        object_id=object_id,
        since=since,
        before=before,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    actor_id: None | Unset | UUID = UNSET,
    object_type: None | str | Unset = UNSET,
    object_id: None | str | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    before: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> AuditPage | Problem | None:
    """List audit entries, newest first

    Args:
        actor_id (None | Unset | UUID):
        object_type (None | str | Unset):
        object_id (None | str | Unset):
        since (datetime.datetime | None | Unset): At or after (ISO 8601)
        before (datetime.datetime | None | Unset): Before (ISO 8601)
        limit (int | Unset):  Default: 50.
        cursor (None | str | Unset): The `next_cursor` of the previous page, as given (it is
            opaque); none for the first

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuditPage | Problem
    """

    return sync_detailed(
        client=client,
        actor_id=actor_id,
        object_type=object_type,
        object_id=object_id,
        since=since,
        before=before,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    actor_id: None | Unset | UUID = UNSET,
    object_type: None | str | Unset = UNSET,
    object_id: None | str | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    before: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[AuditPage | Problem]:
    """List audit entries, newest first

    Args:
        actor_id (None | Unset | UUID):
        object_type (None | str | Unset):
        object_id (None | str | Unset):
        since (datetime.datetime | None | Unset): At or after (ISO 8601)
        before (datetime.datetime | None | Unset): Before (ISO 8601)
        limit (int | Unset):  Default: 50.
        cursor (None | str | Unset): The `next_cursor` of the previous page, as given (it is
            opaque); none for the first

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuditPage | Problem]
    """

    kwargs = _get_kwargs(
        actor_id=actor_id,
        object_type=object_type,
        object_id=object_id,
        since=since,
        before=before,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    actor_id: None | Unset | UUID = UNSET,
    object_type: None | str | Unset = UNSET,
    object_id: None | str | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    before: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> AuditPage | Problem | None:
    """List audit entries, newest first

    Args:
        actor_id (None | Unset | UUID):
        object_type (None | str | Unset):
        object_id (None | str | Unset):
        since (datetime.datetime | None | Unset): At or after (ISO 8601)
        before (datetime.datetime | None | Unset): Before (ISO 8601)
        limit (int | Unset):  Default: 50.
        cursor (None | str | Unset): The `next_cursor` of the previous page, as given (it is
            opaque); none for the first

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuditPage | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            actor_id=actor_id,
            object_type=object_type,
            object_id=object_id,
            since=since,
            before=before,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
