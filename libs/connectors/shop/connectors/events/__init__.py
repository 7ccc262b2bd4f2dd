"""Events for other teams' apps, on a broker they already run (NATS JetStream)."""
