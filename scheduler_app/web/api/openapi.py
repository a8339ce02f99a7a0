"""The OpenAPI 3.1 document of /api/v1; request bodies are validated against it too."""
from __future__ import annotations

PROBLEM = {"$ref": "#/components/schemas/Problem"}
TEXT = "^[^\\u0000-\\u001F\\u007F]*[^\\s\\u0000-\\u001F\\u007F][^\\u0000-\\u001F\\u007F]*$"
PHONE = "^\\+?[0-9 ()/\\-]{5,30}$"
INT32 = {"type": "integer", "minimum": 1, "maximum": 2147483647}


def _problem(description: str) -> dict:
    return {"description": description,
            "content": {"application/problem+json": {"schema": PROBLEM}}}


def _json(description: str, schema: dict, headers: dict | None = None) -> dict:
    response = {"description": description, "content": {"application/json": {"schema": schema}}}
    if headers:
        response["headers"] = headers
    return response


SLOT = {
    "type": "object", "additionalProperties": False, "required": ["start", "end"],
    "properties": {
        "start": {"type": "string", "format": "date-time",
                  "description": "ISO 8601 with the Europe/Berlin offset"},
        "end": {"type": "string", "format": "date-time"},
    },
}

SCHEMAS = {
    "Problem": {
        "type": "object", "required": ["title", "status"],
        "description": "RFC 9457 problem details",
        "properties": {
            "type": {"type": "string"}, "title": {"type": "string"},
            "status": {"type": "integer"}, "detail": {"type": "string"},
            "instance": {"type": "string"},
            "errors": {"type": "array", "items": {
                "type": "object", "required": ["field", "message"],
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}}}},
            "alternatives": {"type": "array", "items": {"$ref": "#/components/schemas/Slot"}},
        },
    },
    "Slot": SLOT,
    "Offering": {
        "type": "object",
        "required": ["id", "title", "kind", "staff", "modes", "duration_minutes", "rooms",
                     "confidential", "topic_enabled", "for_parents", "for_students"],
        "properties": {
            "id": {"type": "integer"}, "title": {"type": "string"},
            "title_en": {"type": ["string", "null"]},
            "kind": {"type": "string",
                     "enum": ["counselling", "social_work", "deine_chance", "teacher_talk"]},
            "staff": {"type": "string"},
            "modes": {"type": "array", "items": {"enum": ["in_person", "phone"]}},
            "duration_minutes": {"type": "integer"},
            "rooms": {"type": "array", "items": {"type": "string"}},
            "confidential": {"type": "boolean"}, "topic_enabled": {"type": "boolean"},
            "for_parents": {"type": "boolean"}, "for_students": {"type": "boolean"},
        },
    },
    "BookingRequest": {
        "type": "object", "additionalProperties": False,
        "required": ["offering", "start", "name", "email", "mode"],
        "properties": {
            "offering": {**INT32, "description": "id from GET /offerings"},
            "start": {"type": "string", "format": "date-time",
                      "description": "the start of a free slot, with its offset"},
            "name": {"type": "string", "minLength": 1, "maxLength": 120, "pattern": TEXT},
            "email": {"type": "string", "format": "email", "maxLength": 254},
            "phone": {"type": ["string", "null"], "pattern": PHONE,
                      "description": "required for mode=phone"},
            "mode": {"type": "string", "enum": ["in_person", "phone"]},
        },
    },
    "BookingCreated": {
        "type": "object", "required": ["id", "start", "end", "manage_url"],
        "properties": {
            "id": {"type": "integer"},
            "start": {"type": "string", "format": "date-time"},
            "end": {"type": "string", "format": "date-time"},
            "manage_url": {"type": "string", "format": "uri"},
        },
    },
    "Booking": {
        "type": "object",
        "required": ["id", "offering", "start", "end", "mode", "place", "status",
                     "booking_code", "manage_url"],
        "properties": {
            "id": {"type": "integer"}, "offering": {"type": "integer"},
            "start": {"type": "string", "format": "date-time"},
            "end": {"type": "string", "format": "date-time"},
            "mode": {"type": "string", "enum": ["in_person", "phone"]},
            "place": {"type": "string"},
            "status": {"type": "string", "enum": ["confirmed", "cancelled", "no_show"]},
            "booking_code": {"type": ["string", "null"]},
            "manage_url": {"type": "string", "format": "uri"},
        },
    },
}

TOKEN_PARAM = {"name": "token", "in": "path", "required": True,
               "description": "the token of the manage link",
               "schema": {"type": "string", "minLength": 1, "maxLength": 200}}

DOCUMENT = {
    "openapi": "3.1.0",
    "info": {
        "title": "Sprechzeit booking API", "version": "1.0.0",
        "description": "Offerings, free slots and bookings of the public booking page. "
                       "Times carry their Europe/Berlin offset. Errors are RFC 9457 "
                       "problem details (application/problem+json).",
    },
    "servers": [{"url": "/api/v1"}],
    "paths": {
        "/offerings": {"get": {
            "operationId": "listOfferings", "summary": "Active offerings",
            "responses": {"200": _json("the offerings", {
                "type": "array", "items": {"$ref": "#/components/schemas/Offering"}}),
                "default": _problem("an error")},
        }},
        "/offerings/{offering_id}/slots": {"get": {
            "operationId": "listSlots", "summary": "Free slots of an offering",
            "parameters": [
                {"name": "offering_id", "in": "path", "required": True, "schema": INT32,
                 "example": 4},
                {"name": "from", "in": "query", "required": False,
                 "description": "first day (Berlin date), default today",
                 "schema": {"type": "string", "format": "date"}, "example": "2026-12-01"},
                {"name": "to", "in": "query", "required": False,
                 "description": "last day inclusive, default from + 13 days, at most 92 days",
                 "schema": {"type": "string", "format": "date"}, "example": "2026-12-14"},
            ],
            "responses": {
                "200": _json("free slots, earliest first",
                             {"type": "array", "items": {"$ref": "#/components/schemas/Slot"}}),
                "404": _problem("no such offering"),
                "422": _problem("invalid dates"),
                "default": _problem("an error"),
            },
        }},
        "/bookings": {"post": {
            "operationId": "createBooking", "summary": "Book a free slot",
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/BookingRequest"},
                "example": {"offering": 4, "start": "2026-12-01T14:00:00+01:00",
                            "name": "Erika Mustermann", "email": "erika@example.org",
                            "phone": None, "mode": "in_person"}}}},
            "responses": {
                "201": _json("booked; a confirmation mail is queued",
                             {"$ref": "#/components/schemas/BookingCreated"},
                             {"Location": {"schema": {"type": "string"}}}),
                "409": _problem("the slot is not (or no longer) free; `alternatives` lists "
                                "the nearest free slots"),
                "415": _problem("the body is not JSON"),
                "422": _problem("invalid input"),
                "default": _problem("an error"),
            },
        }},
        "/bookings/{token}": {
            "get": {
                "operationId": "getBooking", "summary": "A booking, by its manage token",
                "parameters": [TOKEN_PARAM],
                "responses": {"200": _json("the booking",
                                           {"$ref": "#/components/schemas/Booking"}),
                              "404": _problem("no booking with this token"),
                              "default": _problem("an error")},
            },
            "delete": {
                "operationId": "cancelBooking",
                "summary": "Cancel a booking (idempotent); a mail is queued",
                "parameters": [TOKEN_PARAM],
                "responses": {"204": {"description": "cancelled"},
                              "404": _problem("no booking with this token"),
                              "409": _problem("the talk is in the past"),
                              "default": _problem("an error")},
            },
        },
    },
    "components": {"schemas": SCHEMAS},
}
