"""Off, tracing installs nothing; on, a trace stored as a carrier is continued elsewhere, even
inside a loop that suppressed instrumentation. One test: the tracer provider is per process."""

from opentelemetry import trace
from opentelemetry.instrumentation.utils import is_instrumentation_enabled
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from shop.core import tracing
from shop.core.build import BuildInfo
from shop.core.tracing import (
    TracingSettings,
    configure_tracing,
    continued_trace,
    current_trace_ids,
    quiet,
    trace_carrier,
    traced_asgi,
)


async def app(scope: object, receive: object, send: object) -> None:
    """An ASGI app that does nothing."""


def test_off_nothing_is_installed_and_on_a_stored_trace_is_continued() -> None:
    assert not TracingSettings().enabled  # off unless OTEL_TRACES_EXPORTER says otherwise
    assert configure_tracing(TracingSettings(), BuildInfo("s", "1", "c")) is None
    assert traced_asgi(app) is app
    assert trace_carrier() is None

    spans = InMemorySpanExporter()
    provider = configure_tracing(TracingSettings(), BuildInfo("shop-x", "1.2.3", "abc"), spans)
    assert provider is not None
    assert tracing.enabled()
    with trace.get_tracer("test").start_as_current_span("request") as request:
        carrier = trace_carrier()
        ids = current_trace_ids()
    with quiet():
        assert not is_instrumentation_enabled()
        with continued_trace(carrier, "relay order.placed", {"shop.event.id": "e-1"}):
            assert is_instrumentation_enabled()  # the event's work is traced again
    provider.force_flush()

    request_context = request.get_span_context()
    assert carrier is not None
    assert ids is not None
    assert carrier["traceparent"].split("-")[1] == ids[0] == f"{request_context.trace_id:032x}"
    [_, relay] = spans.get_finished_spans()
    assert relay.name == "relay order.placed"
    assert relay.parent is not None
    assert relay.parent.span_id == request_context.span_id
    assert relay.context.trace_id == request_context.trace_id
    assert relay.resource.attributes["service.name"] == "shop-x"
    assert relay.resource.attributes["service.version"] == "1.2.3"
