"""The notifications app: e-mails customers about their orders, from the shop's event stream."""
