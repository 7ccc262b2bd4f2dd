"""OpenTelemetry traces, off unless the standard `OTEL_*` variables switch them on.

Off (the default), nothing is installed: no provider, no middleware, no instrumentation, and the
SDK is not even imported; what is left is a boolean the edge and the outbox check. On, a request
is a server span (the ASGI instrumentation, outside the edge, so the access line and refusals at
the edge belong to it), its SQL statements child spans, and an outbox event it writes carries
its trace context (`trace_carrier`), which the worker continues (`continued_trace`) for the
listeners and the webhook POST, whose `traceparent` header hands it on to the receiver.

The SDK itself reads the rest of the standard variables: OTEL_EXPORTER_OTLP_ENDPOINT (or
OTEL_EXPORTER_OTLP_TRACES_ENDPOINT), OTEL_TRACES_SAMPLER, OTEL_RESOURCE_ATTRIBUTES, OTEL_BSP_*.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Literal

from opentelemetry import propagate, trace
from opentelemetry.context import Context, attach, detach
from pydantic_settings import SettingsConfigDict

from shop.core.settings import SettingsFragment

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SpanExporter

    from shop.core.asgi.types import ASGIApp
    from shop.core.build import BuildInfo

_TRACER = "shop"
_enabled = False


class TracingSettings(SettingsFragment):
    model_config = SettingsConfigDict(env_prefix="OTEL_")

    traces_exporter: Literal["none", "otlp", "console"] = "none"
    """Where spans go: `otlp` (OTLP over HTTP to OTEL_EXPORTER_OTLP_ENDPOINT, default
    http://localhost:4318), `console` (stdout), or `none`: tracing off."""
    sdk_disabled: bool = False
    """The standard switch that turns the SDK off whatever else is set."""
    service_name: str | None = None
    """The `service.name` of the spans; the app's own name (shop-public-api, ...) when unset."""

    @property
    def enabled(self) -> bool:
        return self.traces_exporter != "none" and not self.sdk_disabled


def enabled() -> bool:
    return _enabled


def configure_tracing(
    settings: TracingSettings, build: BuildInfo, exporter: SpanExporter | None = None
) -> TracerProvider | None:
    """The process's tracer provider, or None when tracing is off. `exporter` replaces the
    configured one (tests collect spans in memory with it)."""
    global _enabled  # noqa: PLW0603 - the process's one tracer provider
    if exporter is None and not settings.enabled:
        return None
    from opentelemetry.sdk.resources import Resource  # noqa: PLC0415 - only when tracing is on
    from opentelemetry.sdk.trace import TracerProvider  # noqa: PLC0415
    from opentelemetry.sdk.trace.export import BatchSpanProcessor  # noqa: PLC0415

    resource = Resource.create(
        {
            "service.name": settings.service_name or build.service,
            "service.version": build.version,
            "vcs.ref.head.revision": build.commit,
        }
    )
    provider = TracerProvider(resource=resource)
    provider.add_span_processor(BatchSpanProcessor(exporter or _exporter(settings)))
    trace.set_tracer_provider(provider)
    _enabled = True
    return provider


def _exporter(settings: TracingSettings) -> SpanExporter:
    if settings.traces_exporter == "console":
        from opentelemetry.sdk.trace.export import ConsoleSpanExporter  # noqa: PLC0415

        return ConsoleSpanExporter()
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import (  # noqa: PLC0415
        OTLPSpanExporter,
    )

    return OTLPSpanExporter()


def traced_asgi(app: ASGIApp) -> ASGIApp:
    """The app inside a server span per request (the official ASGI instrumentation); the app
    itself when tracing is off. The edge names the span by its route template once routed."""
    if not _enabled:
        return app
    from opentelemetry.instrumentation.asgi import (  # noqa: PLC0415
        OpenTelemetryMiddleware,
    )

    # A span per ASGI message sent or received would triple the spans and say nothing.
    traced: ASGIApp = OpenTelemetryMiddleware(app, exclude_spans=["receive", "send"])
    return traced


def name_request_span(method: str, route: str) -> None:
    """Name the current server span `GET /v1/orders/{order_id}`, not by its raw path (a path
    no route matched keeps its raw name)."""
    span = trace.get_current_span()
    if span.is_recording() and not route.startswith("<"):
        span.update_name(f"{method} {route}")
        span.set_attribute("http.route", route)


def current_trace_ids() -> tuple[str, str] | None:
    """The current trace and span IDs in their W3C hex form, or None outside a span."""
    context = trace.get_current_span().get_span_context()
    if not context.is_valid:
        return None
    return trace.format_trace_id(context.trace_id), trace.format_span_id(context.span_id)


def trace_carrier() -> dict[str, str] | None:
    """The current trace context as W3C headers (`traceparent`, `tracestate`), to store with
    what continues the trace elsewhere; None when tracing is off or there is no span."""
    if not _enabled:
        return None
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier or None


@contextmanager
def continued_trace(
    carrier: dict[str, str] | None, name: str, attributes: dict[str, str] | None = None
) -> Iterator[None]:
    """A span continuing the trace stored in `carrier` (a new trace if none was), with
    instrumentation on inside it even where the caller suppressed it. Nothing when off."""
    if not _enabled:
        yield
        return
    # Extracted into an empty context and attached: the parent comes from the carrier only, and
    # the suppression of a polling loop (`quiet`) does not reach inside (a span started with
    # `context=` would still run in the caller's context, suppression and all).
    token = attach(propagate.extract(carrier or {}, context=Context()))
    try:
        tracer = trace.get_tracer(_TRACER)
        with tracer.start_as_current_span(
            name, kind=trace.SpanKind.CONSUMER, attributes=attributes
        ):
            yield
    finally:
        detach(token)


@contextmanager
def quiet() -> Iterator[None]:
    """No spans inside (a polling loop's queries would each be a trace of their own)."""
    if not _enabled:
        yield
        return
    from opentelemetry.instrumentation.utils import suppress_instrumentation  # noqa: PLC0415

    with suppress_instrumentation():
        yield
