"""Words every engagement shares: the participation ladder (delaktighetstrappan) and the
age bands of the optional, anonymous participant profile."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

#: Delaktighetstrappan: every engagement states its level, so people know their influence.
PARTICIPATION_LEVELS = {
    "information": _l("Information"),
    "consultation": _l("Consultation"),
    "dialogue": _l("Dialogue"),
    "co_creation": _l("Co-creation"),
}
PARTICIPATION_EXPLAINED = {
    "information": _l("We tell you about something that has been decided."),
    "consultation": _l("We ask what you think before we decide."),
    "dialogue": _l("We talk together and your views shape the decision."),
    "co_creation": _l("We plan and decide together with you."),
}
AGE_BANDS = {
    "under_18": _l("Under 18"),
    "18_29": _l("18–29"),
    "30_44": _l("30–44"),
    "45_64": _l("45–64"),
    "65_plus": _l("65 or older"),
}
