"""Trust dialogues (tillitsdialoger): set-up, prompts and the theme vocabulary, stories (each
one a contribution, routed and moderated like any other), theme tags, and what was heard.

Operations flush; the view commits once. Problems a person can fix are raised as
:class:`TrustError` with a translated message.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..areas.models import Area, Topic
from ..contributions import operations as contribution_ops
from ..contributions.models import Contribution, ContributionRoute
from ..core.models import utcnow
from ..core.ordering import next_position, renumber, swap
from ..core.participation import AGE_BANDS, PARTICIPATION_LEVELS
from ..extensions import db
from ..themegroups.models import ThemeGroup
from .models import TRUST_STATES, TrustDialogue, TrustPrompt, TrustStory, TrustTheme
from .queries import has_stories, public_path, today

#: The longest story (the same limit as an idea's text).
STORY_MAX = 4000


class TrustError(ValueError):
    """Something the person can fix; ``str()`` is a translated, plain-language message."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


# --- Who may manage ------------------------------------------------------------------------


# --- Set-up --------------------------------------------------------------------------------


@dataclass
class TrustSettings:
    theme_group: ThemeGroup
    area: Area
    title: Mapping[str, str]
    intro: Mapping[str, str] = field(default_factory=dict)
    promise: Mapping[str, str] = field(default_factory=dict)
    topics: list[Topic] = field(default_factory=list)
    participation_level: str = "dialogue"
    opens_on: date | None = None
    closes_on: date | None = None
    heard_public: bool = False


def _texts(value: Mapping[str, str] | None) -> dict[str, str]:
    return {code: text.strip() for code, text in (value or {}).items() if text and text.strip()}


def _apply(dialogue: TrustDialogue, settings: TrustSettings) -> None:
    if settings.participation_level not in PARTICIPATION_LEVELS:
        raise TrustError(_("Choose a participation level."), "participation_level")
    if not _texts(settings.title).get("sv"):
        raise TrustError(_("Write the title in Swedish at least."), "title")
    if settings.opens_on and settings.closes_on and settings.closes_on < settings.opens_on:
        raise TrustError(_("The last day must come after the first day."), "closes_on")
    dialogue.theme_group = settings.theme_group
    dialogue.area = settings.area
    dialogue.title = _texts(settings.title)
    dialogue.intro = _texts(settings.intro)
    dialogue.promise = _texts(settings.promise)
    dialogue.topics = list(settings.topics)
    dialogue.participation_level = settings.participation_level
    dialogue.opens_on = settings.opens_on
    dialogue.closes_on = settings.closes_on
    dialogue.heard_public = bool(settings.heard_public)


def create_dialogue(settings: TrustSettings, actor=None) -> TrustDialogue:
    """A new trust dialogue, as a draft."""
    dialogue = TrustDialogue(state="draft", created_by_id=getattr(actor, "id", None))
    _apply(dialogue, settings)
    db.session.add(dialogue)
    db.session.flush()
    return dialogue


def update_dialogue(dialogue: TrustDialogue, settings: TrustSettings) -> None:
    _apply(dialogue, settings)
    dialogue.updated_at = utcnow()
    db.session.flush()


def open_problems(dialogue: TrustDialogue) -> list[str]:
    """What stops the dialogue from opening, in plain language."""
    problems = []
    if not (dialogue.title or {}).get("sv"):
        problems.append(_("The trust dialogue needs a title in Swedish."))
    if not dialogue.prompts:
        problems.append(_("Add at least one question that invites a story."))
    if not (dialogue.promise or {}).get("sv"):
        problems.append(_("Write what happens with the stories, in Swedish at least."))
    return problems


def set_state(dialogue: TrustDialogue, state: str) -> None:
    if state not in TRUST_STATES:
        raise TrustError(_("Unknown state."))
    if state == dialogue.state:
        return
    if state == "open":
        problems = open_problems(dialogue)
        if problems:
            raise TrustError(" ".join(problems))
    if state == "draft" and has_stories(dialogue):
        raise TrustError(_("Stories have come in: close the trust dialogue instead of making it a draft."))
    dialogue.state = state
    dialogue.updated_at = utcnow()
    db.session.flush()


def delete_dialogue(dialogue: TrustDialogue) -> None:
    if dialogue.state != "draft" or has_stories(dialogue):
        raise TrustError(_("Only drafts without stories can be deleted. Close the trust dialogue instead."))
    db.session.delete(dialogue)
    db.session.flush()


# --- Prompts and themes (both ordered lists of per-language texts) -------------------------


def _move(dialogue: TrustDialogue, attribute: str, item, direction: int) -> None:
    """Swap ``item`` with its neighbour in ``dialogue.<attribute>`` (prompts or themes)."""
    swap(getattr(dialogue, attribute), item, direction)
    _mark_changed(dialogue)
    db.session.flush()
    # Reload the list in its new order on next access.
    db.session.expire(dialogue, [attribute])


def _required_text(value: Mapping[str, str] | None, field_name: str) -> dict[str, str]:
    texts = _texts(value)
    if not texts.get("sv"):
        raise TrustError(_("Write this text in Swedish at least."), field_name)
    return texts


def add_prompt(dialogue: TrustDialogue, text: Mapping[str, str]) -> TrustPrompt:
    prompt = TrustPrompt(text=_required_text(text, "text"), position=next_position(dialogue.prompts))
    dialogue.prompts.append(prompt)
    _mark_changed(dialogue)
    db.session.flush()
    return prompt


def update_prompt(prompt: TrustPrompt, text: Mapping[str, str]) -> None:
    prompt.text = _required_text(text, "text")
    _mark_changed(prompt.dialogue)
    db.session.flush()


def delete_prompt(prompt: TrustPrompt) -> None:
    """Stories told to the prompt keep their text; they only lose the link to it."""
    dialogue = prompt.dialogue
    dialogue.prompts.remove(prompt)
    renumber(dialogue.prompts)
    _mark_changed(dialogue)
    db.session.flush()


def move_prompt(prompt: TrustPrompt, direction: int) -> None:
    _move(prompt.dialogue, "prompts", prompt, direction)


def add_theme(dialogue: TrustDialogue, name: Mapping[str, str]) -> TrustTheme:
    theme = TrustTheme(name=_required_text(name, "name"), position=next_position(dialogue.themes))
    dialogue.themes.append(theme)
    _mark_changed(dialogue)
    db.session.flush()
    return theme


def update_theme(theme: TrustTheme, name: Mapping[str, str]) -> None:
    theme.name = _required_text(name, "name")
    _mark_changed(theme.dialogue)
    db.session.flush()


def delete_theme(theme: TrustTheme) -> None:
    """The theme's tags go with it; the stories stay."""
    dialogue = theme.dialogue
    dialogue.themes.remove(theme)
    renumber(dialogue.themes)
    _mark_changed(dialogue)
    db.session.flush()


def move_theme(theme: TrustTheme, direction: int) -> None:
    _move(theme.dialogue, "themes", theme, direction)


def _mark_changed(dialogue: TrustDialogue) -> None:
    dialogue.updated_at = utcnow()


# --- Stories ------------------------------------------------------------------------------


def story_area(dialogue: TrustDialogue, teller_area: Area | None) -> Area:
    """Where the contribution is about: the teller's neighbourhood when it lies inside the
    dialogue's area, otherwise the dialogue's area."""
    if teller_area is not None and teller_area.id in dialogue.area.descendant_ids():
        return teller_area
    return dialogue.area


def _ensure_group_route(contribution: Contribution, group: ThemeGroup) -> None:
    """The theme group running the dialogue always receives its stories.

    Routing by area and topic usually reaches it; when it does not (the group's topics differ
    from the dialogue's), the group is added, and the fallback group, which only takes what no
    other group covers, lets it go.
    """
    routed = {r.theme_group_id or r.theme_group.id for r in contribution.routes}
    if group.id in routed:
        return
    old = sorted(routed)
    for route in [r for r in contribution.routes if r.reason == "fallback"]:
        contribution.routes.remove(route)
    contribution.routes.append(ContributionRoute(theme_group=group, reason="manual"))
    contribution_ops.log_event(
        contribution,
        "rerouted",
        None,
        old=old,
        new=sorted({r.theme_group_id or r.theme_group.id for r in contribution.routes}),
        reason="trust_dialogue",
    )
    if contribution.status == "received":
        contribution.status = "with_group"
        contribution_ops.log_event(contribution, "status", None, old="received", new="with_group")


def find_story_by_key(dialogue: TrustDialogue, key: str | None) -> TrustStory | None:
    if not key:
        return None
    return db.session.scalars(
        select(TrustStory)
        .join(Contribution, Contribution.id == TrustStory.contribution_id)
        .where(Contribution.idempotency_key == key, TrustStory.dialogue_id == dialogue.id)
    ).first()


def submit_story(
    dialogue: TrustDialogue,
    *,
    body: str,
    language: str,
    prompt: TrustPrompt | None = None,
    age_band: str | None = None,
    area: Area | None = None,
    consent_publish: bool = False,
    consent_quote: bool = False,
    author=None,
    idempotency_key: str | None = None,
    recorded_by=None,
    consent_noted: bool = False,
) -> TrustStory:
    """Store a story as a contribution (routed and moderated like any other) and its story row.

    Residents share stories while the dialogue is open. Staff record stories heard in person
    (``recorded_by``) at any time, but only when the teller agreed (``consent_noted``).
    The same ``idempotency_key`` twice gives the first story back.
    """
    in_person = recorded_by is not None
    existing = find_story_by_key(dialogue, idempotency_key)
    if existing is not None:
        return existing
    if contribution_ops.find_by_idempotency_key(idempotency_key) is not None:
        idempotency_key = None  # a key used for something else: never merge with it
    if not in_person and not dialogue.is_open_on(today()):
        raise TrustError(_("This trust dialogue is not taking stories now."))
    if in_person and not consent_noted:
        raise TrustError(
            _("A story heard in person can only be written down when the teller agreed to it."),
            "consent_noted",
        )
    text = (body or "").strip()
    if not text:
        raise TrustError(_("Write your story."), "body")
    if len(text) > STORY_MAX:
        raise TrustError(
            ngettext("Use at most %(num)d character.", "Use at most %(num)d characters.", STORY_MAX), "body"
        )
    if prompt is not None and prompt.dialogue_id != dialogue.id:
        raise TrustError(_("Choose one of the questions above."), "prompt_id")
    if age_band is not None and age_band not in AGE_BANDS:
        raise TrustError(_("Choose an age group from the list."), "age_band")

    contribution = contribution_ops.create_contribution(
        source_kind="story",
        area=story_area(dialogue, area),
        topics=list(dialogue.topics),
        body=text,
        language=language,
        author=author,
        consent_publish=consent_publish,
        consent_quote=consent_quote,
        source_id=dialogue.id,
        source_url=public_path(dialogue),
        idempotency_key=idempotency_key,
        recorded_by=recorded_by,
    )
    # A twin of this submission may have won the race inside create_contribution.
    winner = db.session.scalars(select(TrustStory).where(TrustStory.contribution_id == contribution.id)).first()
    if winner is not None:
        return winner
    _ensure_group_route(contribution, dialogue.theme_group)
    story = TrustStory(
        dialogue=dialogue,
        contribution=contribution,
        prompt=prompt,
        age_band=age_band,
        area=area,
        heard_in_person=in_person,
        consent_noted=bool(consent_noted) if in_person else False,
        recorded_by_id=getattr(recorded_by, "id", None),
    )
    db.session.add(story)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        winner = find_story_by_key(dialogue, idempotency_key)
        if winner is None:
            raise
        return winner
    return story


def tag_story(story: TrustStory, themes: Iterable[TrustTheme]) -> None:
    """Set the story's themes (from its own dialogue's vocabulary only)."""
    themes = list(themes)
    chosen = [t for t in themes if t.dialogue_id == story.dialogue_id]
    if len(chosen) != len(themes):
        raise TrustError(_("Choose themes of this trust dialogue only."), "themes")
    story.themes = sorted(chosen, key=lambda t: (t.position, t.id))
    db.session.flush()


# --- What we heard -------------------------------------------------------------------------


# --- For the area page -----------------------------------------------------------------------
