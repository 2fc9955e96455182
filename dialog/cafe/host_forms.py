"""The forms of the table hosts' pages and of the participants' proposals (see hosting.py)."""

from __future__ import annotations

import re
import secrets

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, ValidationError

from ..core.forms import ContactAndKeyRules, PublicForm, at_most, clean_text, contact_email_field, readable_text
from ..i18n import LANGUAGES, current_language
from .models import NOTE_KINDS

#: Longest note a host may write (a few paragraphs said at a table).
NOTE_MAX = 2000
#: Longest proposal a participant may send.
PROPOSAL_MAX = 2000
_CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def new_client_id() -> str:
    return secrets.token_urlsafe(18)


# --- Forms ---------------------------------------------------------------------------------------


class NoteForm(FlaskForm):
    """One note for one round. Rendered once per round, so always with a ``round<id>`` prefix."""

    kind = RadioField(
        _l("Kind of note"),
        choices=list(NOTE_KINDS.items()),
        default="point",
        validators=[InputRequired(message=_l("Choose the kind of note."))],
    )
    body = TextAreaField(
        _l("Note"),
        validators=[
            DataRequired(message=_l("Write the note.")),
            at_most(NOTE_MAX),
            readable_text,
        ],
        filters=[clean_text],
        description=_l("What was said, in a few words. No names, phone numbers or addresses."),
    )
    language = SelectField(_l("Language you wrote in"), choices=list(LANGUAGES.items()), validate_choice=False)
    client_note_id = HiddenField()

    def validate_language(self, field):
        _check_note_language(field)

    def validate_client_note_id(self, field):
        # Made by the page (or the script); a broken one only risks a duplicate, so replace it.
        if not field.data or not _CLIENT_ID.match(field.data):
            field.data = new_client_id()


def _check_note_language(field) -> None:
    """The language the note is written in (the contribution made from it carries it). A page
    or script from before the field existed sends none: the interface language, as it was."""
    if not field.data:
        field.data = current_language()
    elif field.data not in LANGUAGES:
        raise ValidationError(_l("Not a valid choice."))


class NoteEditForm(FlaskForm):
    kind = RadioField(
        _l("Kind of note"),
        choices=list(NOTE_KINDS.items()),
        validators=[InputRequired(message=_l("Choose the kind of note."))],
    )
    body = TextAreaField(
        _l("Note"),
        validators=[
            DataRequired(message=_l("Write the note.")),
            at_most(NOTE_MAX),
            readable_text,
        ],
        filters=[clean_text],
    )
    language = SelectField(_l("Language you wrote in"), choices=list(LANGUAGES.items()), validate_choice=False)

    def validate_language(self, field):
        _check_note_language(field)


class DeleteNoteForm(FlaskForm):
    """Only the CSRF token."""


class ProposalForm(ContactAndKeyRules, PublicForm):
    body = TextAreaField(
        _l("Your proposal"),
        validators=[
            DataRequired(message=_l("Write your proposal.")),
            at_most(PROPOSAL_MAX),
            readable_text,
        ],
        filters=[clean_text],
        description=_l(
            "What should be done? Write in your own words, in any language. "
            "Do not write names, phone numbers or personal identity numbers."
        ),
    )
    table_number = SelectField(_l("Your table (if you want to say)"), coerce=int, default=0)
    round_id = SelectField(_l("The question you talked about (if you want to say)"), coerce=int, default=0)
    language = SelectField(_l("Language you wrote in"), choices=list(LANGUAGES.items()))
    consent_publish = BooleanField(_l("Yes, my proposal may be shown on this website (without my name)"))
    consent_quote = BooleanField(_l("Yes, the district may quote my proposal in reports"))
    consent_contact = BooleanField(_l("Yes, e-mail me when something happens with my proposal"))
    email = contact_email_field()
    idempotency_key = HiddenField()


class LinkActionForm(FlaskForm):
    """Revoke or reissue a link; ``next`` is where to go back to (a path on this site)."""

    next = HiddenField()
