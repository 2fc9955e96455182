"""The translation store in the account's data download, deletion, and when texts go."""

import json

from sqlalchemy import func, select

from dialog.accounts import operations as account_ops
from dialog.contributions.models import Contribution
from dialog.extensions import db
from dialog.moderation import operations as moderation
from dialog.translation.models import ContributionTranslation

from .helpers import contribute


def count():
    return db.session.scalar(select(func.count()).select_from(ContributionTranslation))


def test_data_download_holds_the_translations_labelled(client, stub, place, factories, login):
    resident = factories.user(email="r@example.org", language="ar")
    contribute(place, "ملعب", author=resident)
    login(resident)
    data = json.loads(client.get("/account/my-data.json").get_data(as_text=True))
    [entry] = data["machine_translations"]
    assert entry["text"] == "lekplats" and entry["language"] == "sv" and entry["machine_translation"] is True


def test_deleting_the_account_deletes_its_translations(stub, place, factories):
    resident = factories.user(email="r@example.org", language="ar")
    contribute(place, "ملعب", author=resident)
    contribute(place, "مدرسة")
    assert count() == 2
    account_ops.delete_user(resident)
    db.session.commit()
    assert count() == 1


def test_deleted_or_redacted_text_takes_its_translation_along(stub, place):
    c = contribute(place, "ملعب")
    other = contribute(place, "مدرسة")
    assert count() == 2
    db.session.delete(db.session.get(Contribution, c.id))
    db.session.commit()
    assert count() == 1
    stub.down = True  # the redaction itself drops the old translation, whatever the server does
    moderation.edit_text(other, place["member"], title=None, body="[borttaget]", place=None, reason="gallring")
    db.session.commit()
    assert db.session.scalar(select(ContributionTranslation.state)) == "failed"
    assert db.session.scalar(select(ContributionTranslation.body)) is None
