"""iCalendar and CalDAV for Sprechzeit, independent of Flask and of the database models."""
