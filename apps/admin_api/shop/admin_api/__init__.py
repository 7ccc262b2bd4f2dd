"""The admin API (Litestar): what the shop's staff and back-office tools call."""
