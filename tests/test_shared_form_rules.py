"""The rules public forms share from core.forms: a tampered or missing idempotency key is replaced
(never an error), and "e-mail me" needs an address, said next to the address field."""

import pytest
from werkzeug.datastructures import MultiDict

from dialog.cafe.forms import RegistrationForm
from dialog.cafe.host_forms import ProposalForm
from dialog.contributions.forms import IdeaForm
from dialog.trust.forms import StoryForm


@pytest.fixture
def english(app):
    with app.test_request_context(headers={"Cookie": "dialog_lang=en"}):
        yield


def posted(form_class, data):
    form = form_class(formdata=MultiDict(data))
    for field in form:
        if getattr(field, "choices", ()) is None:  # filled by the view from the database
            field.choices = []
    form.validate()
    return form


@pytest.mark.parametrize("form_class", [IdeaForm, ProposalForm, StoryForm, RegistrationForm])
@pytest.mark.parametrize("key", ["", "<script>", "a" * 200])
def test_a_tampered_idempotency_key_is_replaced(english, form_class, key):
    form = posted(form_class, {"idempotency_key": key})
    assert "idempotency_key" not in form.errors
    assert form.idempotency_key.data != key and 8 <= len(form.idempotency_key.data) <= 64


@pytest.mark.parametrize("form_class", [IdeaForm, ProposalForm, StoryForm, RegistrationForm])
def test_a_key_the_page_made_is_kept(english, form_class):
    form = posted(form_class, {"idempotency_key": "abcDEF123_-xyz"})
    assert form.idempotency_key.data == "abcDEF123_-xyz"


@pytest.mark.parametrize("form_class", [IdeaForm, ProposalForm])
def test_email_me_needs_an_address_at_the_address_field(english, form_class):
    form = posted(form_class, {"consent_contact": "y", "email": ""})
    assert "Write your e-mail address, or untick the e-mail box." in [str(e) for e in form.email.errors]
    form = posted(form_class, {"consent_contact": "y", "email": "  Amina@Example.ORG "})
    assert form.email.data == "amina@example.org" and not form.email.errors
