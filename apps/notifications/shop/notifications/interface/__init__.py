"""How the app meets the outside: the event stream's deliveries and the metrics."""
