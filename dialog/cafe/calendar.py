"""The calendar file (.ics) of a café dialogue, made with the icalendar library."""

from __future__ import annotations

from flask import url_for
from icalendar import Calendar, Event

from ..i18n import translated


def event_ics(dialogue, language: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Dialog//cafe dialogues//EN")
    calendar.add("version", "2.0")
    event = Event()
    host = url_for("public.home", _external=True).split("//", 1)[-1].strip("/") or "dialog"
    event.add("uid", f"cafe-{dialogue.id}@{host}")
    event.add("summary", translated(dialogue.title, language))
    event.add("dtstart", dialogue.starts_at)
    event.add("dtend", dialogue.ends_at)
    event.add("dtstamp", dialogue.updated_at or dialogue.starts_at)
    event.add("location", f"{dialogue.place}, {dialogue.address}")
    event.add("description", translated(dialogue.purpose, language))
    event.add("url", url_for("cafe.event", ident=dialogue.id, _external=True))
    if dialogue.state == "cancelled":
        event.add("status", "CANCELLED")
    calendar.add_component(event)
    return calendar.to_ical()
