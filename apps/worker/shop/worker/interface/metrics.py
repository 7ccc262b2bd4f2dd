"""The worker's Prometheus metrics, on the registry its /metrics endpoint serves."""

from __future__ import annotations

from datetime import timedelta

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram


class WorkerMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.events = Counter(
            "worker_events_relayed", "Outbox events handled, by type.", ["type"], registry=registry
        )
        self.failures = Counter(
            "worker_event_failures",
            "Outbox events whose listeners failed (retried later), by type.",
            ["type"],
            registry=registry,
        )
        self.attempts = Counter(
            "worker_webhook_attempts",
            "Webhook delivery attempts by resulting delivery state.",
            ["outcome"],
            registry=registry,
        )
        self.latency = Histogram(
            "worker_webhook_latency_seconds",
            "How long receivers took to answer.",
            registry=registry,
        )
        self.lag = Gauge(
            "worker_outbox_lag_seconds",
            "Age of the oldest undelivered outbox event (0 when none waits).",
            registry=registry,
        )
        self.waiting = Gauge(
            "worker_outbox_backlog",
            "Outbox events waiting to be relayed.",
            registry=registry,
        )
        self.pruned_rows = Counter(
            "worker_records_pruned",
            "Rows the retention deleted (WORKER_RETENTION_DAYS), by table.",
            ["table"],
            registry=registry,
        )
        self.dead = Gauge(
            "worker_webhook_dead_letters",
            "Webhook deliveries that gave up and wait for a redelivery.",
            registry=registry,
        )

    def event_relayed(self, event_type: str) -> None:
        self.events.labels(event_type).inc()

    def event_failed(self, event_type: str) -> None:
        self.failures.labels(event_type).inc()

    def webhook_attempted(self, outcome: str, latency: timedelta) -> None:
        self.attempts.labels(outcome).inc()
        self.latency.observe(latency.total_seconds())

    def pruned(self, table: str, rows: int) -> None:
        self.pruned_rows.labels(table).inc(rows)

    def backlog(self, waiting: int, lag_seconds: float, dead_letters: int) -> None:
        self.waiting.set(waiting)
        self.lag.set(lag_seconds)
        self.dead.set(dead_letters)
