"""The answer form's machine-translated draft in the resident's language, and its review flag."""

from __future__ import annotations

from flask_babel import gettext as _

from ..contributions.models import Contribution
from ..i18n import DEFAULT_LANGUAGE, LANGUAGES, language_name
from .backend import Unavailable, Unsupported, get_translator
from .operations import draft_answer, reads_language, record_answer_languages

__all__ = ["draft_offered", "fill_draft", "machine_codes", "prefill", "after_publish", "reads_language"]


def machine_codes(form) -> set[str]:
    return {code for code in (form.machine.data or "").split(",") if code in LANGUAGES}


def draft_offered(contribution: Contribution) -> bool:
    """A draft is offered when the resident wrote in another language than Swedish and a back end runs."""
    return contribution.language != DEFAULT_LANGUAGE and contribution.language in LANGUAGES and bool(get_translator())


def fill_draft(form, contribution: Contribution) -> str:
    """Put a machine translation of the Swedish answer in the resident's language; say what happened."""
    source = (form.body.form[DEFAULT_LANGUAGE].data or "").strip()
    language = language_name(contribution.language)
    if not source:
        form.body.form[DEFAULT_LANGUAGE].errors = [_("Write the answer in Swedish first.")]
        return ""
    try:
        text = draft_answer(contribution, source)
    except Unsupported:
        return _(
            "No machine translation for this language (%(language)s). Write it yourself, or ask a colleague.",
            language=language,
        )
    except Unavailable:
        return _("The translation server did not answer. Try again in a moment, or write the text yourself.")
    if not text:
        return ""
    form.body.form[contribution.language].data = text
    form.machine.data = ",".join(sorted(machine_codes(form) | {contribution.language}))
    form.reviewed.data = False
    return _(
        "A machine-translated draft in %(language)s is in the form. It is published as "
        "\u201cmachine translation, not reviewed\u201d until a staff member who reads %(language)s confirms it.",
        language=language,
    )


def prefill(form, contribution: Contribution, user) -> None:
    """On the detail page, the published answer's machine languages and review state."""
    answer = contribution.answer
    if answer is None:
        return
    form.machine.data = ",".join(sorted(row.language for row in answer.machine_languages))
    form.reviewed.data = any(row.is_reviewed and reads_language(user, row.language) for row in answer.machine_languages)


def after_publish(contribution: Contribution, form, old_body: dict, actor) -> None:
    """Record which languages of the answer are machine-made, and whether a reader confirmed them."""
    answer = contribution.answer
    machine = machine_codes(form)
    already = {row.language for row in answer.machine_languages if row.is_reviewed}
    unchanged = {code for code in machine if old_body.get(code) == answer.body.get(code)}
    reviewed = (already & unchanged) | ({contribution.language} if form.reviewed.data else set())
    record_answer_languages(answer, machine=machine, reviewed=reviewed, actor=actor)
