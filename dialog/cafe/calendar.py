"""Calendar files (.ics, RFC 5545) of a café dialogue, made with the icalendar library; the same
event shape serves the other meetings the district calendar lists (``public.areas``)."""

from __future__ import annotations

from datetime import datetime

from flask import url_for
from icalendar import Calendar, Event

from ..i18n import translated


def calendar_file(event: Event, product: str) -> bytes:
    """One event in a calendar of its own, as a calendar app imports it."""
    calendar = Calendar()
    calendar.add("prodid", f"-//Dialog//{product}//EN")
    calendar.add("version", "2.0")
    calendar.add_component(event)
    return calendar.to_ical()


def calendar_event(
    *,
    uid: str,
    summary: str,
    starts_at: datetime,
    ends_at: datetime | None,
    stamp: datetime,
    location: str,
    description: str,
    url: str,
    cancelled: bool = False,
) -> Event:
    """``uid`` is unique within the site; the host name is added to make it unique worldwide."""
    event = Event()
    host = url_for("public.home", _external=True).split("//", 1)[-1].strip("/") or "dialog"
    event.add("uid", f"{uid}@{host}")
    event.add("summary", summary)
    event.add("dtstart", starts_at)
    if ends_at is not None:
        event.add("dtend", ends_at)
    event.add("dtstamp", stamp)
    event.add("location", location)
    if description:
        event.add("description", description)
    event.add("url", url)
    if cancelled:
        event.add("status", "CANCELLED")
    return event


def event_ics(dialogue, language: str) -> bytes:
    event = calendar_event(
        uid=f"cafe-{dialogue.id}",
        summary=translated(dialogue.title, language),
        starts_at=dialogue.starts_at,
        ends_at=dialogue.ends_at,
        stamp=dialogue.updated_at or dialogue.starts_at,
        location=f"{dialogue.place}, {dialogue.address}",
        description=translated(dialogue.purpose, language),
        url=url_for("cafe.event", ident=dialogue.id, _external=True),
        cancelled=dialogue.state == "cancelled",
    )
    return calendar_file(event, "cafe dialogues")
