"""Rounds on the public area page and their meetings in the district calendar (HTML and the
meeting's .ics file): what shows, what stays hidden, the cache renewing at once after a staff
edit, and query counts that do not grow with the number of rounds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from dialog.areas.models import Area
from dialog.core import cache
from dialog.extensions import db
from dialog.i18n.isolation import FSI, PDI
from dialog.matchmaking import operations as ops
from dialog.matchmaking.models import MatchCollaboration, MatchMeeting, MatchRound

from .helpers import join, make_org, make_round, request_context


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def _rounds_section(html: str) -> str:
    start = html.index('class="area-rounds"')
    return html[start : html.index("</section>", start)]


def _add_round(area: Area, title: str, *, state="open", days=(10, 40), place="Lundby stadsdelskontor") -> MatchRound:
    match_round = MatchRound(
        area=area,
        title={"sv": title},
        purpose={"sv": f"Syftet med {title}"},
        state=state,
        participation_level="consult",
    )
    db.session.add(match_round)
    now = datetime.now(UTC)
    for n, day in enumerate(days, start=1):
        db.session.add(
            MatchMeeting(
                round=match_round,
                starts_at=now + timedelta(days=day),
                ends_at=now + timedelta(days=day, hours=2),
                place=f"{place}, sal {n}",
            )
        )
    db.session.commit()
    return match_round


def test_area_page_lists_a_round_with_its_next_meeting_and_registration(client, factories):
    match_round = make_round(factories, meeting_in_days=20)  # meeting 1 ten days ago, meeting 2 in twenty
    match_round.registration_closes = (datetime.now(UTC) + timedelta(days=15)).date()
    organisation, rep = make_org(factories, "Flyktinghjälp")
    with request_context(client.application):
        join(match_round, organisation, rep)
    db.session.commit()
    client.set_cookie("dialog_lang", "en", domain="dialog.test")
    neighbourhood = match_round.area
    for slug in (neighbourhood.slug, neighbourhood.parent.slug):  # its own page and its district's
        section = _rounds_section(_page(client, f"/areas/{slug}"))
        assert "Matchmaking rounds" in section
        assert f'href="/matchmaking/rounds/{match_round.id}"' in section
        assert "Idea sluice Lundby" in section
        assert "Meeting 2" in section and "Lundby stadsdelskontor, sal 2" in section
        assert "sal 1" not in section  # held already: the next meeting is shown
        assert "Organisations can register until" in section
        assert "1 organisation takes part." in section
    assert "Eriksberg" in _rounds_section(_page(client, f"/areas/{neighbourhood.parent.slug}"))


def test_swedish_uses_the_app_term_and_arabic_isolates_place_and_date(client, factories):
    match_round = make_round(factories, meeting_in_days=20)
    section = _rounds_section(_page(client, f"/areas/{match_round.area.slug}"))
    assert "Idésluss-omgångar" in section and "Nästa möte" in section
    assert "Organisationer kan anmäla sig nu." in section  # open, no window set
    client.set_cookie("dialog_lang", "ar", domain="dialog.test")
    section = _rounds_section(_page(client, f"/areas/{match_round.area.slug}"))
    assert "جولات التوفيق" in section and "اللقاء القادم" in section
    assert "<bdi>Lundby stadsdelskontor, sal 2</bdi>" in section
    match_round.registration_closes = (datetime.now(UTC) + timedelta(days=5)).date()
    db.session.commit()
    section = _rounds_section(_page(client, f"/areas/{match_round.area.slug}"))
    assert f"يمكن للمنظمات التسجيل حتى {FSI}" in section and PDI in section


def test_registration_not_yet_open_and_closed(client, factories):
    match_round = make_round(factories, meeting_in_days=20)
    opens = (datetime.now(UTC) + timedelta(days=7)).date()
    match_round.registration_opens = opens
    db.session.commit()
    client.set_cookie("dialog_lang", "en", domain="dialog.test")
    assert "Organisations can register from" in _rounds_section(_page(client, f"/areas/{match_round.area.slug}"))
    match_round.state = "closed"  # meeting 2 is still to come: the round stays listed
    db.session.commit()
    section = _rounds_section(_page(client, f"/areas/{match_round.area.slug}"))
    assert "Registration for this round is not open." in section and "Meeting 2" in section


def test_drafts_are_not_listed_anywhere(client, factories):
    match_round = make_round(factories, state="draft")
    meeting = match_round.meetings[1]
    area_page = _page(client, f"/areas/{match_round.area.slug}")
    assert 'class="area-rounds"' not in area_page and "Idésluss Lundby" not in area_page
    assert "Idésluss Lundby" not in _page(client, "/cafe")
    assert client.get(f"/matchmaking/meetings/{meeting.id}/calendar.ics").status_code == 404
    assert client.get("/matchmaking/meetings/99999/calendar.ics").status_code == 404


def test_past_rounds_show_only_with_public_collaborations(client, factories):
    district = factories.area("lundby", name={"sv": "Lundby"})
    spring = _add_round(district, "Vårens idésluss", state="closed", days=(-90, -60))
    _add_round(district, "Höstens idésluss utan samarbeten", state="closed", days=(-40, -20))
    client.set_cookie("dialog_lang", "en", domain="dialog.test")
    assert 'class="area-rounds"' not in _page(client, "/areas/lundby")
    for shown in (True, True, False):
        db.session.add(
            MatchCollaboration(
                round_id=spring.id, activity="Läxhjälp", form="volunteering", contact_name="E", is_public=shown
            )
        )
    db.session.commit()
    section = _rounds_section(_page(client, "/areas/lundby"))
    assert "Earlier rounds and their collaborations" in section
    assert "Vårens idésluss" in section and f"/matchmaking/rounds/{spring.id}#collaborations" in section
    assert "2 collaborations came out of this round." in section
    assert "utan samarbeten" not in section
    assert "Next meeting" not in section


def test_calendar_lists_round_meetings_among_cafe_dialogues(client, factories):
    match_round = make_round(factories, meeting_in_days=20)
    client.set_cookie("dialog_lang", "en", domain="dialog.test")
    html = _page(client, "/cafe")
    coming = html[html.index('id="upcoming-heading"') :]
    assert "Idea sluice Lundby" in coming and f'href="/matchmaking/rounds/{match_round.id}"' in coming
    assert "Meeting 2" in coming and "Lundby stadsdelskontor, sal 2" in coming
    assert "sal 1" not in coming  # over
    meeting = match_round.meetings[1]
    assert f'href="/matchmaking/meetings/{meeting.id}/calendar.ics"' in coming
    assert "No café dialogues are planned right now." in html  # the meetings are not café dialogues


def test_calendar_orders_meetings_and_dialogues_by_time(client, factories):
    district = factories.area("lundby", name={"sv": "Lundby"})
    _add_round(district, "Senare idésluss", days=(30, 60))
    _add_round(district, "Tidigare idésluss", days=(5, 50))
    html = _page(client, "/cafe")
    assert html.index("Tidigare idésluss") < html.index("Senare idésluss")


def test_meeting_calendar_file(client, factories):
    match_round = make_round(factories, meeting_in_days=20)
    meeting = match_round.meetings[1]
    client.set_cookie("dialog_lang", "en", domain="dialog.test")
    response = client.get(f"/matchmaking/meetings/{meeting.id}/calendar.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/calendar")
    assert "attachment" in response.headers["Content-Disposition"]
    calendar = Calendar.from_ical(response.get_data())
    assert calendar["version"] == "2.0" and str(calendar["prodid"]).startswith("-//Dialog//")
    (event,) = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Idea sluice Lundby – meeting 2"
    assert str(event["location"]) == "Lundby stadsdelskontor, sal 2"
    assert str(event["url"]).endswith(f"/matchmaking/rounds/{match_round.id}")
    assert str(event["uid"]).startswith(f"match-meeting-{meeting.id}@")
    assert event.decoded("dtstart") == meeting.starts_at.replace(microsecond=0)
    assert event.decoded("dtend") == meeting.ends_at.replace(microsecond=0)
    assert "dtstamp" in event
    # The round page offers it too.
    assert f"/matchmaking/meetings/{meeting.id}/calendar.ics" in _page(client, f"/matchmaking/rounds/{match_round.id}")


def test_a_staff_edit_shows_at_once_on_the_area_page_and_calendar(client, factories, login, count_queries):
    match_round = make_round(factories, meeting_in_days=20)
    slug = match_round.area.slug
    login(factories.staff())
    assert "Ny plats vid torget" not in _page(client, f"/areas/{slug}")
    soon = datetime.now(UTC) + timedelta(days=3)
    response = client.post(
        f"/staff/matchmaking/{match_round.id}/meetings",
        data={
            "m-day": soon.date().isoformat(),
            "m-starts": "17:00",
            "m-ends": "19:00",
            "m-place": "Ny plats vid torget",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:400]
    section = _rounds_section(_page(client, f"/areas/{slug}"))
    assert "Ny plats vid torget" in section and "Lundby stadsdelskontor, sal 2" not in section
    assert "Ny plats vid torget" in _page(client, "/cafe")
    # Removing it renews the page again, as does taking the round back to draft.
    added = db.session.scalars(db.select(MatchMeeting).where(MatchMeeting.place == "Ny plats vid torget")).one()
    response = client.post(f"/staff/matchmaking/meetings/{added.id}/delete")
    assert response.status_code == 302
    assert "Ny plats vid torget" not in _page(client, f"/areas/{slug}")
    with request_context(client.application):
        ops.set_state(match_round, "draft")
    db.session.commit()
    assert 'class="area-rounds"' not in _page(client, f"/areas/{slug}")
    # Once rendered, the section comes from the cache until the next change: no round is read.
    with request_context(client.application):
        ops.set_state(match_round, "open")
    db.session.commit()
    assert "Idésluss Lundby" in _page(client, f"/areas/{slug}")
    with count_queries() as statements:
        assert "Idésluss Lundby" in _page(client, f"/areas/{slug}")
    assert not [s for s in statements if "match_" in s]


def _count(client, count_queries, url: str) -> int:
    cache.clear()  # measure the full render, not the cached fragment
    db.session.expire_all()
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_area_page_and_calendar_queries_do_not_grow_with_rounds(client, factories, count_queries):
    district = factories.area("lundby", name={"sv": "Lundby"})
    neighbourhoods = [factories.area(parent=district) for _n in range(3)]
    first = _add_round(neighbourhoods[0], "Runda 0", days=(-10, 20))
    db.session.add(MatchCollaboration(round_id=first.id, activity="A", form="other", contact_name="E", is_public=True))
    _add_round(neighbourhoods[1], "Gammal runda 0", state="closed", days=(-90, -60))
    db.session.add(
        MatchCollaboration(
            round_id=db.session.scalars(db.select(MatchRound.id).where(MatchRound.state == "closed")).first(),
            activity="B",
            form="other",
            contact_name="E",
            is_public=True,
        )
    )
    db.session.commit()
    urls = ("/areas/lundby", f"/areas/{neighbourhoods[0].slug}", "/cafe")
    one = [_count(client, count_queries, url) for url in urls]
    for n in range(1, 10):
        match_round = _add_round(neighbourhoods[n % 3], f"Runda {n}", days=(-10 + n, 20 + n, 40 + n))
        organisation, rep = make_org(factories, f"Org {n}")
        with request_context(client.application):
            join(match_round, organisation, rep)
        past = _add_round(neighbourhoods[n % 3], f"Gammal runda {n}", state="closed", days=(-90 - n, -60))
        db.session.add(
            MatchCollaboration(round_id=past.id, activity="C", form="other", contact_name="E", is_public=True)
        )
    db.session.commit()
    ten = [_count(client, count_queries, url) for url in urls]
    district_page = _page(client, "/areas/lundby")
    assert district_page.count('class="card match-round-card"') == 10
    assert one == ten


def test_demo_winter_round_in_backa_shows_on_the_area_page_and_calendar(client):
    from dialog.demo.data import load_demo_data

    load_demo_data()
    db.session.commit()
    winter = db.session.scalars(db.select(MatchRound).where(MatchRound.title["sv"].as_string().like("%vintern%"))).one()
    assert winter.area.slug == "backa" and winter.state == "open"
    section = _rounds_section(_page(client, "/areas/backa"))
    assert "Idésluss för social hållbarhet – vintern" in section
    assert "Stadsdelskontoret, Backa torg" in section  # meeting 2, coming
    assert "Idésluss för social hållbarhet – våren" in section  # over, with public collaborations
    calendar = _page(client, "/cafe")
    assert "Idésluss för social hållbarhet – vintern" in calendar
    assert f"/matchmaking/meetings/{winter.meetings[1].id}/calendar.ics" in calendar
