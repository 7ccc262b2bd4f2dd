"""The read side: SQL straight to response-ready dicts, no ORM objects, no unit of work.

Writes go through the entities and their rules; reads need not build entities at all, which is
where the hot paths' speed comes from.
"""
