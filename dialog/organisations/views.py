"""Organisations' own pages for their representatives (profile, a colleague's invitation) and
the staff list where organisations are verified."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..areas.choices import area_choices
from ..areas.models import Area
from ..core.forms import ConfirmForm
from ..core.security import role_required
from ..extensions import db
from ..i18n import LANGUAGES
from . import operations as ops
from .forms import InviteForm, ProfileForm
from .invites import read_invite_token
from .models import Organisation

bp = Blueprint("organisations", __name__)
staff_bp = Blueprint("organisation_admin", __name__, url_prefix="/staff/organisations")


@staff_bp.before_request
@role_required("staff")
def require_staff():
    """Every route here is for staff (and admins)."""


def _mine() -> list[Organisation]:
    return list(
        db.session.scalars(
            select(Organisation).where(Organisation.representatives.any(id=current_user.id)).order_by(Organisation.name)
        )
    )


def _own(org_id: int) -> Organisation:
    organisation = db.session.get(Organisation, org_id)
    if organisation is None:
        abort(404)
    if current_user not in organisation.representatives and not current_user.is_admin:
        abort(403)
    return organisation


def _prepare(form: ProfileForm) -> None:
    form.areas.choices = area_choices()


def _fill(form: ProfileForm, organisation: Organisation) -> None:
    for code in LANGUAGES:
        form.description.form[code].data = (organisation.description or {}).get(code, "")
    form.areas.data = [a.id for a in organisation.areas]


def _settings(form: ProfileForm) -> ops.ProfileSettings:
    return ops.ProfileSettings(
        name=form.name.data or "",
        kind=form.kind.data,
        description=form.description.form.value,
        contact_name=form.contact_name.data,
        contact_email=form.contact_email.data,
        website=form.website.data,
        is_public=bool(form.is_public.data),
        areas=list(db.session.scalars(select(Area).where(Area.id.in_(form.areas.data or [])))),
    )


def _attach(form, error) -> None:
    target = getattr(form, error.field, None) if error.field else None
    if target is not None and hasattr(target, "errors"):
        target.errors = list(target.errors) + [str(error)]
    else:
        form.form_errors.append(str(error))


@bp.get("/my/organisations")
@login_required
def mine():
    return render_template("organisations/mine.html", organisations=_mine())


@bp.route("/my/organisations/new", methods=["GET", "POST"])
@login_required
def new():
    form = ProfileForm()
    _prepare(form)
    if form.validate_on_submit():
        try:
            organisation = ops.create_organisation(_settings(form), current_user)
        except ops.OrganisationError as error:
            db.session.rollback()
            _attach(form, error)
        else:
            db.session.commit()
            flash(_("The organisation is created. Staff will verify it."), "success")
            return redirect(url_for("organisations.mine", _anchor=f"org-{organisation.id}"))
    return render_template("organisations/profile_form.html", form=form, organisation=None)


@bp.route("/my/organisations/<int:org_id>", methods=["GET", "POST"])
@role_required("organisation")
def edit(org_id: int):
    organisation = _own(org_id)
    form = ProfileForm(obj=organisation if request.method == "GET" else None)
    _prepare(form)
    if request.method == "GET":
        _fill(form, organisation)
    if form.validate_on_submit():
        try:
            ops.update_profile(organisation, _settings(form))
        except ops.OrganisationError as error:
            db.session.rollback()
            _attach(form, error)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("organisations.edit", org_id=org_id))
    return render_template(
        "organisations/profile_form.html", form=form, organisation=organisation, invite=InviteForm(prefix="i")
    )


@bp.post("/my/organisations/<int:org_id>/invite")
@role_required("organisation")
def invite(org_id: int):
    organisation = _own(org_id)
    form = InviteForm(prefix="i")
    if not form.validate_on_submit():
        # The profile page again, with the message next to the address and what was typed.
        profile = ProfileForm(formdata=None, obj=organisation)
        _prepare(profile)
        _fill(profile, organisation)
        return render_template("organisations/profile_form.html", form=profile, organisation=organisation, invite=form)
    ops.send_invite(organisation, form.email.data, current_user)
    flash(_("The invitation is sent to %(email)s.", email=form.email.data), "success")
    return redirect(url_for("organisations.edit", org_id=org_id))


@bp.route("/organisations/invite/<token>", methods=["GET", "POST"])
@login_required
def accept_invite(token: str):
    found = read_invite_token(token)
    organisation = db.session.get(Organisation, found[0]) if found else None
    if organisation is None:
        return render_template("organisations/invite_invalid.html"), 404
    if found[1] != current_user.email.lower():
        return render_template("organisations/invite_invalid.html", other_account=True), 403
    form = ConfirmForm()
    if form.validate_on_submit():
        ops.add_representative(organisation, current_user)
        db.session.commit()
        flash(_("You now represent %(name)s.", name=organisation.name), "success")
        return redirect(url_for("organisations.mine"))
    return render_template("organisations/accept_invite.html", organisation=organisation, form=form)


@staff_bp.get("/")
def index():
    organisations = db.session.scalars(
        select(Organisation)
        .options(selectinload(Organisation.representatives))
        .order_by(Organisation.is_verified, Organisation.name)
        .limit(500)
    ).all()
    return render_template("organisations/staff_list.html", organisations=organisations, form=ConfirmForm())


@staff_bp.post("/<int:org_id>/<any(verify, unverify):action>")
def verify(org_id: int, action: str):
    organisation = db.session.get(Organisation, org_id)
    if organisation is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    ops.set_verified(organisation, action == "verify")
    db.session.commit()
    flash(_("Saved."), "success")
    return redirect(url_for("organisation_admin.index"))
