"""Staff pages: import an XLSForm in two steps, a preview that says row by row what is imported,
changed or dropped, then "import as draft"."""

from __future__ import annotations

import base64
import binascii

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from ...areas.choices import area_choices, topic_choices
from ...areas.models import Area, Topic
from ...extensions import db
from ...themegroups.models import ThemeGroup
from .. import building, definitions
from ..errors import SurveyError
from ..forms import ImportConfirmForm, ImportForm
from ..xlsform_import import Preview, preview_workbook
from .blueprint import bp, group_choices

#: The second step's fields are named apart from the upload form's on the same page.
CONFIRM_PREFIX = "confirm"


def _with_choices(form):
    form.areas.choices = area_choices()
    form.topics.choices = topic_choices()
    form.theme_groups.choices = group_choices()
    return form


def _page(form, preview: Preview | None = None, confirm: ImportConfirmForm | None = None, status: int = 200):
    return render_template("surveys/staff/import.html", form=form, preview=preview, confirm=confirm), status


def _missing_file(form):
    form.file.errors = [_("Choose the file to import.")]
    return _page(form, status=422)


def _carried_file(confirm: ImportConfirmForm) -> bytes:
    """The file the first step carried over in the form; empty when it is missing or broken."""
    try:
        return base64.b64decode(confirm.payload.data or "", validate=True)
    except (binascii.Error, ValueError):
        return b""


def _refused(form, preview: Preview, confirm: ImportConfirmForm, error: SurveyError):
    """Nothing is imported: the preview again, saying why."""
    db.session.rollback()
    preview.refusal = " ".join([str(error), *error.problems])
    return _page(form, preview, confirm, status=422)


@bp.route("/import", methods=["GET", "POST"])
def import_xlsform():
    form = _with_choices(ImportForm())
    if not form.validate_on_submit():
        return _page(form, status=422 if form.errors else 200)
    upload = request.files.get("file")
    data = upload.read() if upload else b""
    if not data:
        return _missing_file(form)
    preview = preview_workbook(data, upload.filename or "form.xlsx")
    if preview.refusal:
        return _page(form, preview, status=422)
    confirm = _with_choices(ImportConfirmForm(formdata=None, prefix=CONFIRM_PREFIX))
    confirm.areas.data, confirm.topics.data, confirm.theme_groups.data = (
        form.areas.data,
        form.topics.data,
        form.theme_groups.data,
    )
    confirm.payload.data = base64.b64encode(data).decode()
    confirm.filename.data = upload.filename or "form.xlsx"
    return _page(form, preview, confirm)


@bp.post("/import/confirm")
def import_confirm():
    confirm = _with_choices(ImportConfirmForm(prefix=CONFIRM_PREFIX))
    form = _with_choices(ImportForm(formdata=None))
    data = _carried_file(confirm)
    if not data:
        return _missing_file(form)
    preview = preview_workbook(data, confirm.filename.data or "form.xlsx")
    if preview.refusal or not confirm.validate_on_submit():
        return _page(form, preview, confirm, status=422)
    try:
        survey = definitions.create_from_definition(preview.definition, _settings(confirm, preview.meta), current_user)
    except SurveyError as error:
        return _refused(form, preview, confirm, error)
    db.session.commit()
    left_out = preview.count("dropped")
    flash(
        ngettext(
            "The survey is imported as a draft with %(num)d question. Check it in the preview before you open it.",
            "The survey is imported as a draft with %(num)d questions. Check it in the preview before you open it.",
            preview.question_count,
        )
        + (" " + ngettext("%(num)d row was left out.", "%(num)d rows were left out.", left_out) if left_out else ""),
        "success",
    )
    return redirect(url_for("survey_admin.builder", ident=survey.id))


def _settings(form: ImportConfirmForm, meta: dict) -> building.SurveySettings:
    allowed = {gid for gid, _label in form.theme_groups.choices}
    return building.SurveySettings(
        title=meta["title"],
        description=meta["description"],
        promise=meta["promise"],
        end_message=meta["end_message"],
        participation_level=meta["participation_level"],
        mode=meta["mode"],
        languages=meta["languages"],
        areas=list(db.session.scalars(select(Area).where(Area.id.in_(form.areas.data)))),
        topics=list(db.session.scalars(select(Topic).where(Topic.id.in_(form.topics.data or [])))),
        theme_groups=list(
            db.session.scalars(
                select(ThemeGroup).where(ThemeGroup.id.in_([g for g in form.theme_groups.data if g in allowed]))
            )
        ),
    )
