"""Unit tests: routing, receipt codes, the personal-data detector, status transitions."""

import pytest
from flask_babel import gettext

from dialog.contributions import operations as ops
from dialog.contributions.detectors import find_abuse, find_personal_data, luhn_ok
from dialog.contributions.receipts import (
    ALPHABET,
    format_receipt_code,
    new_receipt_code,
    normalise_receipt_code,
)
from dialog.contributions.routing import route_for
from dialog.extensions import db


@pytest.fixture
def world(factories):
    district = factories.area("nh")
    brunnsbo = factories.area("brunnsbo", parent=district)
    backa = factories.area("backa", parent=district)
    safety = factories.topic("safety")
    work = factories.topic("work")
    housing = factories.topic("housing")
    trygg = factories.group("trygg", areas=[district], topics=[safety], district=district)
    brunnsbo_group = factories.group("brunnsbo-group", areas=[brunnsbo], topics=[safety, housing], district=district)
    integration = factories.group("integration", areas=[district], topics=[work], district=district)
    sleeping = factories.group("sleeping", areas=[district], topics=[housing], district=district, active=False)
    fallback = factories.group("fallback", areas=[district], district=district, fallback=True)
    return locals()


def slugs(decisions):
    return sorted(d.group.slug for d in decisions)


def test_ancestor_area_covers_neighbourhood(world):
    decisions = route_for(world["brunnsbo"], [world["safety"]])
    assert slugs(decisions) == ["brunnsbo-group", "trygg"]
    assert all(d.reason == "area_topic" for d in decisions)
    assert {d.topic.slug for d in decisions} == {"safety"}


def test_group_for_one_neighbourhood_does_not_get_another(world):
    assert slugs(route_for(world["backa"], [world["safety"]])) == ["trygg"]


def test_inactive_groups_are_skipped_and_fallback_catches_the_rest(world):
    decisions = route_for(world["backa"], [world["housing"]])
    assert slugs(decisions) == ["fallback"]
    assert decisions[0].reason == "fallback"


def test_no_topic_goes_to_fallback(world):
    assert slugs(route_for(world["backa"], [])) == ["fallback"]


def test_any_of_several_topics_matches(world):
    assert slugs(route_for(world["backa"], [world["work"], world["safety"]])) == ["integration", "trygg"]


def test_create_contribution_routes_and_logs(world):
    c = ops.create_contribution(
        source_kind="idea",
        area=world["brunnsbo"],
        topics=[world["safety"]],
        title="Lampor",
        body="Mer ljus vid torget",
        language="sv",
        consent_publish=True,
    )
    db.session.commit()
    assert sorted(r.theme_group.slug for r in c.routes) == ["brunnsbo-group", "trygg"]
    assert c.status == "with_group"
    assert c.moderation == "pending"  # anonymous → pre-moderated
    kinds = [e.kind for e in c.events]
    assert kinds.count("routed") == 2 and "created" in kinds


def test_idempotency_key_makes_one_row(world):
    kwargs = dict(
        source_kind="idea",
        area=world["backa"],
        topics=[world["work"]],
        body="x",
        language="sv",
        idempotency_key="k" * 20,
    )
    first = ops.create_contribution(**kwargs)
    db.session.commit()
    second = ops.create_contribution(**kwargs)
    db.session.commit()
    assert first.id == second.id


def test_logged_in_author_is_approved_unless_personal_data(world, factories):
    author = factories.user()
    ok = ops.create_contribution(
        source_kind="idea", area=world["backa"], body="Fler bänkar", language="sv", author=author
    )
    held = ops.create_contribution(
        source_kind="idea", area=world["backa"], body="Ring mig 070-123 45 67", language="sv", author=author
    )
    flagged = ops.create_contribution(
        source_kind="idea", area=world["backa"], body="Vilka idioter", language="sv", author=author
    )
    assert (ok.moderation, held.moderation, flagged.moderation) == ("approved", "held", "flagged")
    assert held.moderation_note == "phone"


def test_status_transitions(world, factories):
    staff = factories.staff()
    c = ops.create_contribution(source_kind="idea", area=world["backa"], body="x", language="sv")
    ops.set_status(c, "looking", staff)
    ops.set_status(c, "planned", staff)
    ops.set_status(c, "done", staff)
    with pytest.raises(ops.TransitionError):
        ops.set_status(c, "received", staff)
    with pytest.raises(ops.TransitionError):
        ops.set_status(c, "nonsense", staff)
    assert [e.data.get("new") for e in c.events if e.kind == "status"] == ["with_group", "looking", "planned", "done"]


def test_reroute_logs_old_and_new(world, factories):
    staff = factories.staff()
    c = ops.create_contribution(
        source_kind="idea", area=world["backa"], topics=[world["safety"]], body="x", language="sv"
    )
    db.session.commit()
    ops.reroute(c, [world["integration"]], staff, "Det handlar om jobb")
    db.session.commit()
    assert [r.theme_group.slug for r in c.routes] == ["integration"]
    event = [e for e in c.events if e.kind == "rerouted"][0]
    assert event.data["reason"] == "Det handlar om jobb"
    assert event.actor_id == staff.id


def test_bulk_change_skips_what_may_not_move_and_lists_status_changes(world, factories):
    staff = factories.staff()
    items = [
        ops.create_contribution(source_kind="idea", area=world["backa"], body=f"x{i}", language="sv") for i in range(3)
    ]
    ops.set_status(items[2], "done", staff)
    done, skipped, changed = ops.bulk_change(items, "status", staff, status="received", reason=None)
    assert (done, skipped, changed) == (0, 3, [])
    done, skipped, changed = ops.bulk_change(items, "status", staff, status="planned", reason="Vi gör det")
    db.session.commit()
    assert (done, skipped, changed) == (3, 0, items)
    assert [db.session.get(type(c), c.id).status for c in items] == ["planned"] * 3
    done, _skipped, _changed = ops.bulk_change(items[:2], "reroute", staff, group=world["integration"])
    db.session.commit()
    assert done == 2 and [r.theme_group.slug for r in items[0].routes] == ["integration"]
    assert [e for e in items[1].events if e.kind == "rerouted"][0].data["reason"] == gettext("Bulk re-routing")


# --- Receipt codes --------------------------------------------------------------------------


def test_receipt_codes_are_unambiguous_and_round_trip():
    for _ in range(200):
        code = new_receipt_code()
        assert len(code) == 8 and set(code) <= set(ALPHABET)
        shown = format_receipt_code(code)
        assert len(shown) == 10 and shown.count("-") == 2
        assert normalise_receipt_code(shown.lower().replace("-", " ")) == code
    for confusable in "0O1IL5S2ZB8":
        assert confusable not in ALPHABET


def test_receipt_code_rejects_garbage():
    assert normalise_receipt_code("") is None
    assert normalise_receipt_code("K7F-3QX") is None
    assert normalise_receipt_code("<script>") is None
    assert normalise_receipt_code("OOO-OOO-OO") is None


# --- Personal data --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Mitt personnummer är 811218-9876",
        "19811218-9876",
        "811218 9876 är mitt nummer",
        "811218+9876",
        "samordningsnummer 701063-2391",
    ],
)
def test_valid_personal_numbers_are_found(text):
    kinds = {f.kind for f in find_personal_data(text)}
    assert kinds & {"personnummer", "samordningsnummer"}, text


@pytest.mark.parametrize(
    "text",
    [
        "811218-9875",  # wrong check digit
        "811318-9876",  # month 13
        "Vi var 120 personer år 2024",
        "Busslinje 45 och 16 går till 417 05 Göteborg",
        "Öppet 10-18, pris 1500 kr",
        "Barn 0-16 år",
    ],
)
def test_numbers_that_are_not_personal_data(text):
    assert find_personal_data(text) == [], text


def test_samordningsnummer_is_labelled():
    [finding] = find_personal_data("701063-2391")
    assert finding.kind == "samordningsnummer"


@pytest.mark.parametrize(
    "text,fragment",
    [
        ("Ring 070-123 45 67", "070-123 45 67"),
        ("ring +46 70 123 45 67 i kväll", "+46 70 123 45 67"),
        ("växel 031-365 00 00", "031-365 00 00"),
        ("mejla anna.s@example.se", "anna.s@example.se"),
    ],
)
def test_phone_and_email_found_with_span(text, fragment):
    [finding] = find_personal_data(text)
    assert text[finding.start : finding.end] == fragment


def test_luhn():
    assert luhn_ok("8112189876")
    assert not luhn_ok("8112189875")


def test_abuse_words_per_language():
    assert find_abuse("Ni är idioter")
    assert find_abuse("أنت غبي")
    assert not find_abuse("Idiotsäker lösning")  # whole words only
