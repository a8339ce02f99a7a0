"""Pure domain rules of Sprechzeit: time zones, availability, closures and slots.

Nothing here imports Flask or SQLAlchemy, so the rules can be tested in microseconds.
"""
