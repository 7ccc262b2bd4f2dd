"""The notifications app's Prometheus metrics, on the registry its /metrics endpoint serves."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram


class NotificationMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.events = Counter(
            "notifications_events",
            "Order events handled, by outcome (sent, duplicate, no_recipient, not_ours, "
            "retry, refused, gave_up, malformed).",
            ["outcome"],
            registry=registry,
        )
        self.handling = Histogram(
            "notifications_event_seconds",
            "How long one event took, e-mail included.",
            registry=registry,
        )

    def handled(self, outcome: str, seconds: float) -> None:
        self.events.labels(outcome).inc()
        self.handling.observe(seconds)
