"""WTForms' own messages, in our catalogues and our words.

WTForms writes some messages itself: a choice that is not in the list (a tampered form), a
number or date it cannot read, and the default texts of ``Length``, ``NumberRange`` and
``DataRequired`` where a form gives none. Flask-WTF translates them from WTForms' catalogues,
which have no Somali and are not written in plain language ("Invalid Choice: could not
coerce."). Here they are listed for extraction into our catalogues, and :data:`FORM_MESSAGES`
looks them up there first (in the language of the moment, so ``force_locale`` holds), then in
WTForms' catalogue for anything not listed.

Flask-WTF reads the translations from ``request.wtforms_translations`` when it is set
(:func:`use_our_form_messages`); sub-forms built on plain ``wtforms.Form`` name
:data:`FORM_MESSAGES` in their ``Meta``.
"""

from __future__ import annotations

from babel import support
from flask import request
from flask_babel import get_locale, get_translations, ngettext
from flask_babel import gettext as _
from wtforms.i18n import messages_path


def _listed_for_extraction():  # pragma: no cover - never called; pybabel reads the strings
    _("This field is required.")
    _("Invalid input.")
    _("Invalid email address.")
    _("Not a valid choice.")
    _("Invalid Choice: could not coerce.")
    _("Invalid choice(s): one or more data inputs could not be coerced.")
    ngettext(
        "'%(value)s' is not a valid choice for this field.", "'%(value)s' are not valid choices for this field.", 1
    )
    _("Not a valid integer value.")
    _("Not a valid decimal value.")
    _("Not a valid float value.")
    _("Not a valid date value.")
    _("Not a valid datetime value.")
    _("Not a valid time value.")
    ngettext("Field must be at least %(min)d character long.", "Field must be at least %(min)d characters long.", 1)
    ngettext("Field cannot be longer than %(max)d character.", "Field cannot be longer than %(max)d characters.", 1)
    _("Field must be between %(min)d and %(max)d characters long.")
    _("Number must be at least %(min)s.")
    _("Number must be at most %(max)s.")
    _("Number must be between %(min)s and %(max)s.")


class _FormMessages:
    """The translations object Flask-WTF and WTForms call (``gettext``/``ngettext`` and the
    ``u``-prefixed names Flask-WTF uses)."""

    _wtforms: dict[str, support.Translations] = {}

    def _theirs(self) -> support.Translations:
        locale = str(get_locale() or "en")
        if locale not in self._wtforms:
            self._wtforms[locale] = support.Translations.load(messages_path(), [locale], domain="wtforms")
        return self._wtforms[locale]

    def gettext(self, string: str) -> str:
        ours = get_translations().ugettext(string)
        if ours != string or str(get_locale()) == "en":
            return ours
        return self._theirs().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        ours = get_translations().ungettext(singular, plural, n)
        if ours not in (singular, plural) or str(get_locale()) == "en":
            return ours
        return self._theirs().ungettext(singular, plural, n)

    ugettext = gettext
    ungettext = ngettext


FORM_MESSAGES = _FormMessages()


def use_our_form_messages() -> None:
    """``before_request``: Flask-WTF takes the form messages from here instead of loading
    WTForms' catalogue itself."""
    request.wtforms_translations = FORM_MESSAGES
