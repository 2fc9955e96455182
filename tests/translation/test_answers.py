"""Answers in the resident's language: a machine draft, labelled until a reader confirms it."""

import email
import email.policy
from pathlib import Path

from flask_babel import force_locale, gettext

from dialog.extensions import db
from dialog.moderation import operations as moderation
from dialog.translation import operations as translation_ops
from dialog.translation.models import AnswerTranslation

from .helpers import contribute

SWEDISH = "Tack för idén. Vi sätter upp belysning på skolvägen i vår."
ARABIC = "شكراً على الفكرة. سنركّب إضاءة على طريق المدرسة هذا الربيع."


def post_answer(client, c, **extra):
    data = {"answer-status": "planned", "answer-body-sv": SWEDISH, **extra}
    return client.post(f"/inbox/contributions/{c.id}/answer", data=data)


def arabic_idea(place):
    c = contribute(
        place,
        "نحتاج إلى إضاءة في الطريق إلى المدرسة، فالأطفال يخافون في الشتاء.",
        contact_email="a@example.org",
        consent_contact=True,
    )
    moderation.approve(c, place["member"])
    db.session.commit()
    return c


def test_draft_fills_the_residents_language(client, stub, place, login):
    c = arabic_idea(place)
    login(place["member"])
    html = post_answer(client, c, **{"answer-draft": "1"}).get_data(as_text=True)
    assert ARABIC in html
    assert 'name="answer-machine" type="hidden" value="ar"' in html
    assert "answer-reviewed" not in html  # a Swedish reader cannot tick "checked"
    assert c.answer is None  # a draft publishes nothing


def test_published_machine_answer_is_labelled_until_a_reader_confirms(client, stub, place, login, factories, app):
    c = arabic_idea(place)
    login(place["member"])
    response = post_answer(client, c, **{"answer-body-ar": ARABIC, "answer-machine": "ar"})
    assert response.status_code == 302
    row = db.session.get(AnswerTranslation, (c.id, "ar"))
    assert row is not None and not row.is_reviewed
    client.post("/account/logout")
    client.set_cookie("dialog_lang", "ar", domain="dialog.test")
    public = client.get(f"/contributions/{c.id}").get_data(as_text=True)
    assert ARABIC in public and 'class="machine-label"' in public and SWEDISH in public  # the Swedish a click away
    with force_locale("ar"):
        label = gettext(
            "Translated by machine from %(language)s. No staff member has checked it yet.", language=gettext("Swedish")
        )
    [mail] = [m for m in Path(app.config["MAIL_OUTBOX_DIR"]).glob("*.eml")]
    text = email.message_from_bytes(mail.read_bytes(), policy=email.policy.default).get_body().get_content()
    assert ARABIC in text and label in text

    # The Swedish reader cannot confirm the Arabic text.
    login(place["member"])
    assert "answer/confirm" not in client.get(f"/inbox/contributions/{c.id}").get_data(as_text=True)
    client.post(f"/inbox/contributions/{c.id}/answer/confirm", data={"language": "ar"})
    db.session.expire_all()
    assert not db.session.get(AnswerTranslation, (c.id, "ar")).is_reviewed

    reader = factories.staff(email="reader@example.org", language="sv")
    translation_ops.set_staff_languages(reader, {"ar"})
    from dialog.themegroups.models import ThemeGroupMember

    db.session.add(ThemeGroupMember(theme_group=place["trygg"], user=reader, role="member"))
    db.session.commit()
    client.post("/account/logout")
    login(reader)
    assert "answer/confirm" in client.get(f"/inbox/contributions/{c.id}").get_data(as_text=True)
    client.post(f"/inbox/contributions/{c.id}/answer/confirm", data={"language": "ar"})
    db.session.expire_all()
    row = db.session.get(AnswerTranslation, (c.id, "ar"))
    assert row.is_reviewed and row.reviewed_by_id == reader.id


def test_republishing_unchanged_keeps_the_review_and_a_changed_text_loses_it(client, stub, place, login, factories):
    c = arabic_idea(place)
    reader = factories.staff(email="reader@example.org", language="ar")
    from dialog.themegroups.models import ThemeGroupMember

    db.session.add(ThemeGroupMember(theme_group=place["trygg"], user=reader, role="member"))
    db.session.commit()
    login(reader)
    post_answer(client, c, **{"answer-body-ar": ARABIC, "answer-machine": "ar", "answer-reviewed": "y"})
    assert db.session.get(AnswerTranslation, (c.id, "ar")).is_reviewed
    client.post("/account/logout")
    login(place["member"])
    post_answer(client, c, **{"answer-body-ar": ARABIC, "answer-machine": "ar"})
    db.session.expire_all()
    assert db.session.get(AnswerTranslation, (c.id, "ar")).is_reviewed
    post_answer(client, c, **{"answer-body-ar": ARABIC + " ومزيد", "answer-machine": "ar"})
    db.session.expire_all()
    assert not db.session.get(AnswerTranslation, (c.id, "ar")).is_reviewed


def test_a_human_written_answer_has_no_label(client, stub, place, login):
    c = arabic_idea(place)
    login(place["member"])
    post_answer(client, c, **{"answer-body-ar": ARABIC})
    assert db.session.get(AnswerTranslation, (c.id, "ar")) is None
    client.post("/account/logout")
    client.set_cookie("dialog_lang", "ar", domain="dialog.test")
    public = client.get(f"/contributions/{c.id}").get_data(as_text=True)
    assert 'class="machine-label"' not in public


def test_draft_for_somali_says_no_machine_translation(client, stub, place, login):
    c = contribute(place, "Waxaan rabaa nal", language="so")
    login(place["member"])
    response = post_answer(client, c, **{"answer-draft": "1"})
    assert response.status_code == 200
    assert "(somaliska)" in response.get_data(as_text=True)


def test_draft_with_the_server_down_is_a_note_not_an_error(client, stub, place, login):
    c = arabic_idea(place)
    stub.down = True
    login(place["member"])
    response = post_answer(client, c, **{"answer-draft": "1"})
    assert response.status_code == 200 and "machine-note" in response.get_data(as_text=True)


def test_no_draft_button_without_a_backend(client, place, login):
    c = contribute(place, "ملعب")
    login(place["member"])
    assert "answer-draft" not in client.get(f"/inbox/contributions/{c.id}").get_data(as_text=True)


def test_languages_page(client, stub, place, login):
    login(place["member"])
    assert client.get("/inbox/languages").status_code == 200
    assert client.post("/inbox/languages", data={"languages": ["ar", "fa"]}).status_code == 302
    assert translation_ops.reads_language(place["member"], "fa")
    assert not translation_ops.reads_language(place["member"], "so")
