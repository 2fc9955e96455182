"""Trust dialogues (tillitsdialoger): the public pages (prompts, share a story, what we heard)
and the staff pages (set-up, prompts, theme vocabulary, stories heard in person, tagging)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..areas.choices import area_choices, topic_choices
from ..areas.models import Area, Topic
from ..contributions.models import MODERATION_STATES, STATUSES, Contribution
from ..contributions.receipts import (
    format_receipt_code,
    normalise_receipt_code,
    receipt_lookup_limit,
    remember_received,
)
from ..core.forms import ConfirmForm, StateForm, new_idempotency_key
from ..core.lost_session import refills_form
from ..core.participation import AGE_BANDS, PARTICIPATION_EXPLAINED, PARTICIPATION_LEVELS
from ..core.security import public_post_limit, role_required
from ..extensions import db
from ..i18n import LANGUAGES, current_language
from ..themegroups.models import ThemeGroup
from ..themegroups.permissions import manageable_groups, manages_group
from . import heard as what_we_heard
from . import operations as ops
from . import queries
from .forms import InPersonStoryForm, PromptForm, StoryForm, TagForm, ThemeForm, TrustDialogueForm
from .models import TRUST_STATES, TrustDialogue, TrustPrompt, TrustStory, TrustTheme

bp = Blueprint("trust", __name__)
staff_bp = Blueprint("trust_admin", __name__, url_prefix="/staff/trust")


@staff_bp.before_request
@role_required("staff")
def require_staff():
    """Every staff route here is for staff (and admins)."""


# --- Shared helpers ------------------------------------------------------------------------


def _prepare_story_form(form, dialogue: TrustDialogue) -> None:
    form.prompt_id.choices = [(p.id, p.text) for p in dialogue.prompts] + [(0, None)]
    form.area_id.choices = [(0, form.not_said)] + area_choices()


def _story_kwargs(form, dialogue: TrustDialogue) -> dict:
    prompt = next((p for p in dialogue.prompts if p.id == form.prompt_id.data), None)
    area = db.session.get(Area, form.area_id.data) if form.area_id.data else None
    return {
        "body": form.body.data,
        "language": form.language.data,
        "prompt": prompt,
        "age_band": form.age_band.data or None,
        "area": area,
        "consent_publish": bool(form.consent_publish.data),
        "consent_quote": bool(form.consent_quote.data),
        "idempotency_key": form.idempotency_key.data,
    }


def _story_form(form_class, dialogue: TrustDialogue):
    """A story form with the dialogue's prompts and the areas; on GET the language and a fresh key."""
    form = form_class()
    _prepare_story_form(form, dialogue)
    if request.method == "GET":
        form.language.data = current_language()
        form.idempotency_key.data = new_idempotency_key()
    return form


def _commit_story(dialogue: TrustDialogue, story: TrustStory, key: str | None) -> TrustStory:
    """Commit the new story; when a second copy of the same submission won the race, that copy."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        story = ops.find_story_by_key(dialogue, key)
        if story is None:
            raise
    return story


def _attach(form, error: ops.TrustError) -> None:
    """Show an operation's message next to its field, or above the form."""
    target = getattr(form, error.field, None) if error.field else None
    if target is not None and hasattr(target, "errors"):
        target.errors = list(target.errors) + [str(error)]
    else:
        form.form_errors.append(str(error))


def _fill_texts(subform, value: dict | None) -> None:
    for code in LANGUAGES:
        subform.form[code].data = (value or {}).get(code, "")


# --- Public pages ----------------------------------------------------------------------------


def _public_dialogue(ident: int) -> TrustDialogue:
    dialogue = queries.load_dialogue(ident)
    if dialogue is None or dialogue.state == "draft":
        abort(404)
    return dialogue


@bp.route("/trust/<int:ident>", methods=["GET", "POST"])
@refills_form
@public_post_limit()
def dialogue(ident: int):
    dialogue = _public_dialogue(ident)
    form = _story_form(StoryForm, dialogue)
    if form.validate_on_submit():
        form.reject_bots()
        anonymous = not current_user.is_authenticated or bool(form.anonymous.data)
        kwargs = _story_kwargs(form, dialogue)
        try:
            story = ops.submit_story(dialogue, author=None if anonymous else current_user, **kwargs)
        except ops.TrustError as error:
            db.session.rollback()
            dialogue = _public_dialogue(ident)
            _attach(form, error)
        else:
            # A second copy of the same submission may have won the race: show its receipt.
            story = _commit_story(dialogue, story, kwargs["idempotency_key"])
            remember_received(story.contribution.receipt_code)
            return redirect(url_for("trust.shared", ident=dialogue.id, code=story.contribution.display_receipt_code))
    return _dialogue_page(dialogue, form)


def _dialogue_page(dialogue: TrustDialogue, form: StoryForm) -> str:
    return render_template(
        "trust/dialogue.html",
        dialogue=dialogue,
        form=form,
        is_open=dialogue.is_open_on(queries.today()),
        today=queries.today(),
        levels=PARTICIPATION_LEVELS,
        explained=PARTICIPATION_EXPLAINED,
    )


@bp.get("/trust/<int:ident>/shared/<code>")
@receipt_lookup_limit()
def shared(ident: int, code: str):
    """The receipt after sharing a story: the code to follow it with."""
    dialogue = _public_dialogue(ident)
    normal = normalise_receipt_code(code)
    contribution = (
        normal
        and db.session.scalars(
            select(Contribution).where(
                Contribution.receipt_code == normal,
                Contribution.source_kind == "story",
                Contribution.source_id == dialogue.id,
            )
        ).first()
    )
    if not contribution:
        abort(404)
    return render_template(
        "trust/shared.html",
        dialogue=dialogue,
        code=format_receipt_code(contribution.receipt_code),
        pending=contribution.moderation != "approved",
    )


@bp.get("/trust/<int:ident>/heard")
def heard_page(ident: int):
    dialogue = _public_dialogue(ident)
    if not dialogue.heard_public:
        abort(404)
    return render_template(
        "trust/heard.html", dialogue=dialogue, heard=what_we_heard.heard(dialogue), today=queries.today()
    )


@bp.app_template_global()
def open_trust_dialogues_for_area(slug: str | None) -> list[TrustDialogue]:
    """Open trust dialogues for an area page (see templates/trust/_area_trust.html)."""
    return queries.open_trust_dialogues(slug) if slug else []


# --- Staff: list, create, settings, state ------------------------------------------------------


def _dialogue_or_403(ident: int) -> TrustDialogue:
    dialogue = queries.load_dialogue(ident)
    if dialogue is None:
        abort(404)
    if not manages_group(current_user, dialogue.theme_group_id):
        abort(403)
    return dialogue


def _prepare_settings_form(form: TrustDialogueForm, dialogue: TrustDialogue | None = None) -> None:
    groups = manageable_groups(current_user)
    if dialogue is not None and dialogue.theme_group not in groups:
        groups.append(dialogue.theme_group)
    form.theme_group.choices = [(g.id, g.display_name) for g in groups]
    form.area.choices = area_choices()
    form.topics.choices = topic_choices()


def _settings_from(form: TrustDialogueForm) -> ops.TrustSettings:
    return ops.TrustSettings(
        theme_group=db.session.get(ThemeGroup, form.theme_group.data),
        area=db.session.get(Area, form.area.data),
        title=form.title.form.value,
        intro=form.intro.form.value,
        promise=form.promise.form.value,
        topics=list(db.session.scalars(select(Topic).where(Topic.id.in_(form.topics.data or [])))),
        participation_level=form.participation_level.data,
        opens_on=form.opens_on.data,
        closes_on=form.closes_on.data,
        heard_public=bool(form.heard_public.data),
    )


@staff_bp.get("/")
def index():
    dialogues = queries.manageable_dialogues(current_user)
    return render_template(
        "trust/staff/index.html",
        dialogues=dialogues,
        counts=queries.story_counts(d.id for d in dialogues),
        states=TRUST_STATES,
        today=queries.today(),
        can_create=bool(manageable_groups(current_user)),
    )


@staff_bp.route("/new", methods=["GET", "POST"])
def new():
    form = TrustDialogueForm()
    _prepare_settings_form(form)
    if request.method == "GET":
        if len(form.theme_group.choices) == 1:
            form.theme_group.data = form.theme_group.choices[0][0]
        form.participation_level.data = "dialogue"
    if form.validate_on_submit():
        try:
            dialogue = ops.create_dialogue(_settings_from(form), current_user)
        except ops.TrustError as error:
            db.session.rollback()
            _attach(form, error)
        else:
            db.session.commit()
            flash(_("The trust dialogue is created as a draft. Now add the questions and the themes."), "success")
            return redirect(url_for("trust_admin.overview", ident=dialogue.id))
    return render_template("trust/staff/settings.html", form=form, dialogue=None)


@staff_bp.route("/<int:ident>/settings", methods=["GET", "POST"])
def settings(ident: int):
    dialogue = _dialogue_or_403(ident)
    form = TrustDialogueForm()
    _prepare_settings_form(form, dialogue)
    if request.method == "GET":
        _fill_texts(form.title, dialogue.title)
        _fill_texts(form.intro, dialogue.intro)
        _fill_texts(form.promise, dialogue.promise)
        form.theme_group.data = dialogue.theme_group_id
        form.area.data = dialogue.area_id
        form.topics.data = [t.id for t in dialogue.topics]
        form.participation_level.data = dialogue.participation_level
        form.opens_on.data, form.closes_on.data = dialogue.opens_on, dialogue.closes_on
        form.heard_public.data = dialogue.heard_public
    if form.validate_on_submit():
        try:
            ops.update_dialogue(dialogue, _settings_from(form))
        except ops.TrustError as error:
            db.session.rollback()
            dialogue = _dialogue_or_403(ident)
            _attach(form, error)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("trust_admin.overview", ident=dialogue.id))
    return render_template("trust/staff/settings.html", form=form, dialogue=dialogue)


@staff_bp.get("/<int:ident>")
def overview(ident: int):
    dialogue = _dialogue_or_403(ident)
    return render_template(
        "trust/staff/overview.html",
        dialogue=dialogue,
        states=TRUST_STATES,
        levels=PARTICIPATION_LEVELS,
        problems=ops.open_problems(dialogue) if dialogue.state == "draft" else [],
        story_count=queries.story_counts([dialogue.id]).get(dialogue.id, 0),
        is_open=dialogue.is_open_on(queries.today()),
    )


@staff_bp.post("/<int:ident>/state")
def change_state(ident: int):
    dialogue = _dialogue_or_403(ident)
    form = StateForm()
    if not form.validate_on_submit() or form.state.data not in TRUST_STATES:
        abort(400)
    try:
        ops.set_state(dialogue, form.state.data)
    except ops.TrustError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(
            {
                "open": _("The trust dialogue is open for stories."),
                "closed": _("The trust dialogue is closed."),
                "draft": _("The trust dialogue is a draft again."),
            }[form.state.data],
            "success",
        )
    return redirect(url_for("trust_admin.overview", ident=ident))


@staff_bp.post("/<int:ident>/delete")
def delete(ident: int):
    dialogue = _dialogue_or_403(ident)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        ops.delete_dialogue(dialogue)
    except ops.TrustError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("trust_admin.overview", ident=ident))
    db.session.commit()
    flash(_("The draft is deleted."), "success")
    return redirect(url_for("trust_admin.index"))


# --- Staff: prompts and themes -----------------------------------------------------------------

#: kind → (model, relationship on the dialogue, form, form field, add, update, delete, move)
_LISTS = {
    "prompts": (
        TrustPrompt,
        "prompts",
        PromptForm,
        "text",
        ops.add_prompt,
        ops.update_prompt,
        ops.delete_prompt,
        ops.move_prompt,
    ),
    "themes": (
        TrustTheme,
        "themes",
        ThemeForm,
        "name",
        ops.add_theme,
        ops.update_theme,
        ops.delete_theme,
        ops.move_theme,
    ),
}


def _item_of(dialogue: TrustDialogue, kind: str, item_id: int):
    item = next((i for i in getattr(dialogue, _LISTS[kind][1]) if i.id == item_id), None)
    if item is None:
        abort(404)
    return item


@staff_bp.route("/<int:ident>/prompts/new", defaults={"kind": "prompts"}, methods=["GET", "POST"])
@staff_bp.route("/<int:ident>/themes/new", defaults={"kind": "themes"}, methods=["GET", "POST"])
@staff_bp.route("/<int:ident>/prompts/<int:item_id>", defaults={"kind": "prompts"}, methods=["GET", "POST"])
@staff_bp.route("/<int:ident>/themes/<int:item_id>", defaults={"kind": "themes"}, methods=["GET", "POST"])
def item_edit(ident: int, kind: str, item_id: int | None = None):
    dialogue = _dialogue_or_403(ident)
    _model, _rel, form_class, field_name, add, update, _delete, _move = _LISTS[kind]
    item = _item_of(dialogue, kind, item_id) if item_id else None
    form = form_class()
    if request.method == "GET" and item is not None:
        _fill_texts(getattr(form, field_name), getattr(item, field_name))
    if form.validate_on_submit():
        value = getattr(form, field_name).form.value
        try:
            if item is None:
                item = add(dialogue, value)
            else:
                update(item, value)
        except ops.TrustError as error:
            db.session.rollback()
            dialogue = _dialogue_or_403(ident)
            _attach(form, error)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("trust_admin.overview", ident=ident, _anchor=f"{kind}-heading"))
    return render_template(
        "trust/staff/item.html", dialogue=dialogue, form=form, kind=kind, item=item, field=getattr(form, field_name)
    )


@staff_bp.post("/<int:ident>/prompts/<int:item_id>/delete", defaults={"kind": "prompts"})
@staff_bp.post("/<int:ident>/themes/<int:item_id>/delete", defaults={"kind": "themes"})
def item_delete(ident: int, kind: str, item_id: int):
    dialogue = _dialogue_or_403(ident)
    item = _item_of(dialogue, kind, item_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    _LISTS[kind][6](item)
    db.session.commit()
    flash(_("Deleted."), "success")
    return redirect(url_for("trust_admin.overview", ident=ident, _anchor=f"{kind}-heading"))


@staff_bp.post("/<int:ident>/prompts/<int:item_id>/move", defaults={"kind": "prompts"})
@staff_bp.post("/<int:ident>/themes/<int:item_id>/move", defaults={"kind": "themes"})
def item_move(ident: int, kind: str, item_id: int):
    dialogue = _dialogue_or_403(ident)
    item = _item_of(dialogue, kind, item_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    _LISTS[kind][7](item, -1 if request.form.get("direction") == "up" else 1)
    db.session.commit()
    return redirect(url_for("trust_admin.overview", ident=ident, _anchor=f"{kind}-{item_id}"))


# --- Staff: stories --------------------------------------------------------------------------


@staff_bp.get("/<int:ident>/stories")
def stories(ident: int):
    dialogue = _dialogue_or_403(ident)
    stories, next_before = queries.stories_page(dialogue, request.args.get("before", type=int))
    return render_template(
        "trust/staff/stories.html",
        dialogue=dialogue,
        stories=stories,
        next_before=next_before,
        statuses=STATUSES,
        moderation_states=MODERATION_STATES,
        age_bands=AGE_BANDS,
    )


@staff_bp.post("/<int:ident>/stories/<int:story_id>/themes")
def tag(ident: int, story_id: int):
    dialogue = _dialogue_or_403(ident)
    story = db.session.get(TrustStory, story_id)
    if story is None or story.dialogue_id != dialogue.id:
        abort(404)
    form = TagForm()
    form.themes.choices = [(t.id, t.name) for t in dialogue.themes]
    if not form.validate_on_submit():
        flash(_("Choose themes of this trust dialogue only."), "error")
    else:
        chosen = set(form.themes.data or [])
        ops.tag_story(story, [t for t in dialogue.themes if t.id in chosen])
        db.session.commit()
        flash(_("The themes of the story are saved."), "success")
    back = request.form.get("before", type=int)
    return redirect(url_for("trust_admin.stories", ident=ident, before=back or None, _anchor=f"story-{story_id}"))


@staff_bp.route("/<int:ident>/stories/new", methods=["GET", "POST"])
def record(ident: int):
    """Write down a story heard in person (only when the teller agreed)."""
    dialogue = _dialogue_or_403(ident)
    form = _story_form(InPersonStoryForm, dialogue)
    if form.validate_on_submit():
        kwargs = _story_kwargs(form, dialogue)
        try:
            story = ops.submit_story(
                dialogue, recorded_by=current_user, consent_noted=bool(form.consent_noted.data), **kwargs
            )
        except ops.TrustError as error:
            db.session.rollback()
            dialogue = _dialogue_or_403(ident)
            _attach(form, error)
        else:
            story = _commit_story(dialogue, story, kwargs["idempotency_key"])
            flash(
                _(
                    "The story is saved and sent to the theme group. Receipt code: %(code)s",
                    code=story.contribution.display_receipt_code,
                ),
                "success",
            )
            return redirect(url_for("trust_admin.stories", ident=ident, _anchor=f"story-{story.id}"))
    return render_template("trust/staff/record.html", dialogue=dialogue, form=form)


@staff_bp.get("/<int:ident>/heard")
def heard_preview(ident: int):
    """What the public "what we heard" page shows (or would show, when it is not public)."""
    dialogue = _dialogue_or_403(ident)
    return render_template("trust/staff/heard.html", dialogue=dialogue, heard=what_we_heard.heard(dialogue))
