"""Every staff change that a public page shows is there at once, through the public page itself.

The pages are cached (``core.cache``); versions are renewed from the ORM, not by the routes. Each
step warms the public pages, makes the change through the staff route, and reads them again.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from dialog.cafe.models import CafeDialogue
from dialog.core.models import utcnow
from dialog.extensions import db

from .cafe.test_dialogues import make_dialogue, place, settings_data  # noqa: F401  (place is a fixture)
from .surveys.helpers import make_survey


@pytest.fixture(autouse=True)
def english(client):
    client.set_cookie("dialog_lang", "en", domain="dialog.test")


def _pages(client, *urls) -> dict[str, str]:
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.get_data(as_text=True)
    return pages


def _post(client, url, data=None) -> None:
    response = client.post(url, data=data or {})
    assert response.status_code in (302, 303), (url, response.get_data(as_text=True)[:2000])


def test_cafe_staff_changes_show_on_the_public_pages_at_once(client, login, place):  # noqa: F811
    dialogue = make_dialogue(place, starts_in=timedelta(days=3))
    ident, staff = dialogue.id, f"/staff/cafe/{dialogue.id}"
    event, lists = f"/cafe/{ident}", ("/areas/backa", "/cafe")
    login(place["lead"])

    def event_page() -> str:
        return _pages(client, event)[event]

    # Tables: add, edit, delete (the bug: add and delete did not renew the event page).
    before = event_page()
    assert "Lamps by the playground" not in before
    _post(client, f"{staff}/tables", {"theme-sv": "Lamps by the playground", "host_user_id": "0", "host_name": "Vera"})
    assert "Lamps by the playground" in event_page()
    table = max(db.session.get(CafeDialogue, ident).tables, key=lambda t: t.number)
    _post(
        client,
        f"{staff}/tables/{table.id}",
        {"theme-sv": "Benches and light", "host_user_id": "0", "host_name": "Vera"},
    )
    page = event_page()
    assert "Benches and light" in page and "Lamps by the playground" not in page
    _post(client, f"{staff}/tables/{table.id}/delete")
    assert "Benches and light" not in event_page()

    # Rounds: add, edit, move, delete.
    _post(client, f"{staff}/rounds", {"question-sv": "What is missing in the park?", "minutes": "20"})
    assert "What is missing in the park?" in event_page()
    item = max(db.session.get(CafeDialogue, ident).rounds, key=lambda r: r.position)
    _post(client, f"{staff}/rounds/{item.id}", {"question-sv": "What would you change first?", "minutes": "20"})
    page = event_page()
    assert "What would you change first?" in page and "What is missing in the park?" not in page
    before_it = sorted(db.session.get(CafeDialogue, ident).rounds, key=lambda r: r.position)[-2].question["sv"]
    assert page.index(before_it) < page.index("What would you change first?")
    _post(client, f"{staff}/rounds/{item.id}/move", {"direction": "-1"})
    page = event_page()
    assert page.index("What would you change first?") < page.index(before_it)
    _post(client, f"{staff}/rounds/{item.id}/delete")
    assert "What would you change first?" not in event_page()

    # Settings: the title on the event page, the area pages and the calendar.
    _pages(client, *lists)
    _post(client, f"{staff}/edit", settings_data(db.session.get(CafeDialogue, ident), **{"title-sv": "Trygga kvällar"}))
    for url, page in _pages(client, event, *lists).items():
        assert "Trygga kvällar" in page, url

    # State: cancelled dialogues leave the lists and say so on their page.
    _post(client, f"{staff}/state", {"state": "cancelled"})
    for url, page in _pages(client, *lists).items():
        assert "Trygga kvällar" not in page, url
    assert "cancelled" in event_page()


def test_cafe_summary_shows_and_goes_at_once(client, login, place):  # noqa: F811
    dialogue = make_dialogue(place, starts_in=timedelta(days=-3))
    ident, staff = dialogue.id, f"/staff/cafe/{dialogue.id}"
    login(place["lead"])
    event = f"/cafe/{ident}"
    assert "We heard a lot about the lamps" not in _pages(client, event)[event]
    _post(client, f"{staff}/summary", {"summary-sv": "<p>We heard a lot about the lamps</p>", "follow_up_id": "0"})
    _post(client, f"{staff}/summary/publish")
    assert "We heard a lot about the lamps" in _pages(client, event)[event]
    _post(client, f"{staff}/summary/unpublish")
    assert "We heard a lot about the lamps" not in _pages(client, event)[event]


def test_cafe_publishing_shows_on_the_lists_at_once(client, login, place):  # noqa: F811
    dialogue = make_dialogue(place, state="draft")
    dialogue.title = {"sv": "Utkast om parken"}
    db.session.commit()
    login(place["lead"])
    for url, page in _pages(client, "/areas/backa", "/cafe").items():
        assert "Utkast om parken" not in page, url
    _post(client, f"/staff/cafe/{dialogue.id}/state", {"state": "published"})
    for url, page in _pages(client, "/areas/backa", "/cafe", f"/cafe/{dialogue.id}").items():
        assert "Utkast om parken" in page, url


def test_survey_closing_shows_on_the_public_pages_at_once(client, login, factories):
    survey = make_survey(factories)
    area = survey.areas[0]
    title = survey.title["sv"]
    login(factories.admin())
    assert title in _pages(client, f"/areas/{area.slug}")[f"/areas/{area.slug}"]
    _pages(client, f"/surveys/{survey.id}")
    _post(client, f"/staff/surveys/{survey.id}/state", {"state": "closed"})
    assert title not in _pages(client, f"/areas/{area.slug}")[f"/areas/{area.slug}"]
    assert f'action="/surveys/{survey.id}' not in client.get(f"/surveys/{survey.id}").get_data(as_text=True)


def test_admin_area_and_group_changes_show_at_once(client, login, factories):
    district = factories.area("district", name={"sv": "Distriktet"})
    group = factories.group("grupp", areas=[district], district=district, name={"sv": "Gruppen"})
    login(factories.admin())
    _pages(client, "/", "/areas/district", "/groups/grupp")
    _post(client, f"/admin/areas/{district.id}", {"slug": "district", "parent_id": 0, "name-sv": "Nya distriktet"})
    for url, page in _pages(client, "/", "/areas/district").items():
        assert "Nya distriktet" in page, url
    data = {
        "slug": "grupp",
        "name-sv": "Nya gruppen",
        "question-sv": "Vad gör dig trygg?",
        "areas": [district.id],
        "district_id": district.id,
        "is_active": "y",
    }
    _post(client, f"/admin/groups/{group.id}", data)
    assert "Nya gruppen" in _pages(client, "/groups/grupp")["/groups/grupp"]


def test_opening_a_trust_dialogue_shows_on_the_area_page_at_once(client, login, factories):
    from dialog.trust import operations as trust_ops

    district = factories.area("nh")
    backa = factories.area("backa", parent=district)
    lead = factories.staff(email="lead@example.org")
    group = factories.group("trygg", areas=[district], district=district, members=[(lead, "lead")])
    dialogue = trust_ops.create_dialogue(
        trust_ops.TrustSettings(
            theme_group=group,
            area=backa,
            title={"sv": "Berätta om Backa"},
            intro={"sv": "Hur är det att bo här?"},
            promise={"sv": "Vi svarar i juni."},
            opens_on=utcnow().date() - timedelta(days=1),
        )
    )
    trust_ops.add_prompt(dialogue, {"sv": "Vad är bra här?"})
    db.session.commit()
    login(lead)
    assert "Berätta om Backa" not in _pages(client, "/areas/backa")["/areas/backa"]
    _post(client, f"/staff/trust/{dialogue.id}/state", {"state": "open"})
    assert "Berätta om Backa" in _pages(client, "/areas/backa")["/areas/backa"]
    _post(client, f"/staff/trust/{dialogue.id}/state", {"state": "closed"})
    assert "Berätta om Backa" not in _pages(client, "/areas/backa")["/areas/backa"]
