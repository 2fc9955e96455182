"""Right-to-left text reads right: what is put into a translated sentence is isolated.

In Arabic and Persian a Latin name, code, URL, e-mail or file name inserted into a sentence
(``"تمّ إرسال %(code)s"``) can reorder its neighbours ("https://" shows as "//:https"). Every
value passed to ``gettext``/``ngettext`` is wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL
ISOLATE (U+2068 … U+2069) when the sentence is in a right-to-left language: flash messages,
e-mails and form messages get it without each caller thinking of it; so do the templates'
``_()``/``ngettext()`` (HTML pages and plain-text e-mails), and ``<bdi>`` isolates what a
template writes outside a sentence.
Ranges, dates, URLs and file names written in a catalogue's own text are wrapped there in
LEFT-TO-RIGHT ISOLATE (U+2066 … U+2069); ``tests/test_rtl_isolation.py`` checks both.
"""

from __future__ import annotations

from flask_babel import Domain, get_locale
from jinja2 import pass_context
from markupsafe import Markup

from . import RTL_LANGUAGES

LRI, FSI, PDI = "\u2066", "\u2068", "\u2069"


def isolate(value):
    """``value`` between FSI and PDI (Markup stays Markup)."""
    if isinstance(value, Markup):
        return Markup(FSI) + value + Markup(PDI)
    return f"{FSI}{value}{PDI}"


def _in_rtl() -> bool:
    locale = get_locale()
    return locale is not None and locale.language in RTL_LANGUAGES


def _isolated(variables: dict) -> dict:
    if not variables or not _in_rtl():
        return variables
    return {
        key: isolate(value) if isinstance(value, str) or hasattr(value, "__html__") else value
        for key, value in variables.items()
    }


class IsolatingDomain(Domain):
    """Flask-Babel's domain, isolating the values put into right-to-left sentences."""

    def gettext(self, string, **variables):
        return super().gettext(string, **_isolated(variables))

    def ngettext(self, singular, plural, num, **variables):
        return super().ngettext(singular, plural, num, **_isolated(variables))

    def pgettext(self, context, string, **variables):
        return super().pgettext(context, string, **_isolated(variables))

    def npgettext(self, context, singular, plural, num, **variables):
        return super().npgettext(context, singular, plural, num, **_isolated(variables))


def use_isolating_domain(babel, domain: str = "messages") -> None:
    """Make ``babel``'s message domain the isolating one (a cached property there)."""
    babel.__dict__["domain_instance"] = IsolatingDomain(domain=domain)


def isolate_in_templates(env) -> None:
    """Wrap the templates' ``gettext``/``ngettext`` (installed by Flask-Babel) the same way."""
    for name in ("gettext", "ngettext", "pgettext", "npgettext"):
        original = env.globals.get(name)
        if original is None or getattr(original, "_isolating", False):
            continue

        @pass_context
        def wrapped(context, *args, _original=original, **variables):
            return _original(context, *args, **_isolated(variables))

        wrapped._isolating = True
        env.globals[name] = wrapped
