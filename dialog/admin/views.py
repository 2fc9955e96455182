"""Admin screens. Every view requires the admin role."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..areas.models import Area, Topic
from ..core.forms import ConfirmForm
from ..core.security import role_required
from ..extensions import db
from ..i18n import translated
from ..organisations.models import Organisation
from ..themegroups.models import ThemeGroup, ThemeGroupMember
from . import operations as ops
from .forms import AreaForm, MemberForm, OrganisationForm, ThemeGroupForm, TopicForm, UserForm

bp = Blueprint("admin", __name__, url_prefix="/admin")

USERS_PER_PAGE = 50


@bp.before_request
@role_required("admin")
def require_admin():
    """Every admin route is for admins only (checked before any view runs)."""


def _get_or_404(model, ident):
    obj = db.session.get(model, ident)
    if obj is None:
        abort(404)
    return obj


@bp.get("/")
def index():
    counts = {
        "areas": db.session.scalar(select(func.count(Area.id))),
        "topics": db.session.scalar(select(func.count(Topic.id))),
        "groups": db.session.scalar(select(func.count(ThemeGroup.id))),
        "organisations": db.session.scalar(select(func.count(Organisation.id))),
        "users": db.session.scalar(select(func.count(User.id))),
    }
    return render_template("admin/index.html", counts=counts)


# --- Areas -----------------------------------------------------------------------------


def _area_parent_choices(exclude: Area | None = None):
    areas = db.session.scalars(select(Area).order_by(Area.position, Area.slug)).all()
    blocked = ops.area_subtree_ids(exclude) if exclude is not None else set()
    return [(0, _("— none (this is a district) —"))] + [
        (a.id, translated(a.name)) for a in areas if a.id not in blocked
    ]


@bp.get("/areas")
def areas():
    districts = db.session.scalars(
        select(Area)
        .where(Area.parent_id.is_(None))
        .options(selectinload(Area.children))
        .order_by(Area.position, Area.slug)
    ).all()
    return render_template("admin/areas.html", districts=districts)


@bp.route("/areas/new", methods=["GET", "POST"])
@bp.route("/areas/<int:area_id>", methods=["GET", "POST"])
def area_edit(area_id: int | None = None):
    area = _get_or_404(Area, area_id) if area_id else None
    form = AreaForm(obj=area)
    form.parent_id.choices = _area_parent_choices(area)
    if request.method == "GET" and area is not None:
        form.parent_id.data = area.parent_id or 0
    if form.validate_on_submit() and ops.validate_area(form, area):
        area = ops.save_area(form, area)
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("admin.areas"))
    return render_template("admin/area_edit.html", form=form, area=area)


# --- Topics ----------------------------------------------------------------------------


@bp.get("/topics")
def topics():
    topics = db.session.scalars(select(Topic).order_by(Topic.position, Topic.slug)).all()
    return render_template("admin/topics.html", topics=topics)


@bp.route("/topics/new", methods=["GET", "POST"])
@bp.route("/topics/<int:topic_id>", methods=["GET", "POST"])
def topic_edit(topic_id: int | None = None):
    topic = _get_or_404(Topic, topic_id) if topic_id else None
    form = TopicForm(obj=topic)
    if form.validate_on_submit() and ops.validate_unique_slug(form, Topic, topic):
        topic = ops.save_topic(form, topic)
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("admin.topics"))
    return render_template("admin/topic_edit.html", form=form, topic=topic)


# --- Theme groups ----------------------------------------------------------------------


@bp.get("/groups")
def groups():
    groups = db.session.scalars(
        select(ThemeGroup)
        .options(
            selectinload(ThemeGroup.areas),
            selectinload(ThemeGroup.topics),
            selectinload(ThemeGroup.memberships),
        )
        .order_by(ThemeGroup.slug)
    ).all()
    return render_template("admin/groups.html", groups=groups)


def _fill_group_choices(form: ThemeGroupForm) -> None:
    areas = db.session.scalars(select(Area).order_by(Area.position, Area.slug)).all()
    form.district_id.choices = [(0, _("— none —"))] + [(a.id, translated(a.name)) for a in areas if a.parent_id is None]
    form.areas.choices = [(a.id, translated(a.name)) for a in areas]
    topics = db.session.scalars(select(Topic).order_by(Topic.position, Topic.slug)).all()
    form.topics.choices = [(t.id, translated(t.name)) for t in topics]


def _group_members(group: ThemeGroup | None) -> list[ThemeGroupMember]:
    """The group's members, leads first, then by name (none for a group not yet saved)."""
    members = []
    if group is not None:
        members = db.session.scalars(
            select(ThemeGroupMember)
            .where(ThemeGroupMember.theme_group_id == group.id)
            .options(selectinload(ThemeGroupMember.user))
        ).all()
    return sorted(members, key=lambda m: (m.role != "lead", m.user.display_name.lower()))


@bp.route("/groups/new", methods=["GET", "POST"])
@bp.route("/groups/<int:group_id>", methods=["GET", "POST"])
def group_edit(group_id: int | None = None):
    group = _get_or_404(ThemeGroup, group_id) if group_id else None
    form = ThemeGroupForm(obj=group)
    _fill_group_choices(form)
    if request.method == "GET" and group is not None:
        form.district_id.data = group.district_id or 0
        form.areas.data = [a.id for a in group.areas]
        form.topics.data = [t.id for t in group.topics]
    if form.validate_on_submit() and ops.validate_group(form, group):
        group = ops.save_group(form, group)
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("admin.group_edit", group_id=group.id))
    return render_template(
        "admin/group_edit.html",
        form=form,
        group=group,
        members=_group_members(group),
        member_form=MemberForm(),
        confirm_form=ConfirmForm(),
    )


@bp.post("/groups/<int:group_id>/members")
def group_member_add(group_id: int):
    group = _get_or_404(ThemeGroup, group_id)
    form = MemberForm()
    if form.validate_on_submit():
        error = ops.add_member(group, form.email.data, form.role.data)
        if error:
            flash(error, "error")
        else:
            db.session.commit()
            flash(_("Saved."), "success")
    else:
        for errors in form.errors.values():
            for message in errors:
                flash(message, "error")
    return redirect(url_for("admin.group_edit", group_id=group.id) + "#members")


@bp.post("/groups/<int:group_id>/members/<int:user_id>/remove")
def group_member_remove(group_id: int, user_id: int):
    membership = db.session.get(ThemeGroupMember, (group_id, user_id))
    if membership is None:
        abort(404)
    if ConfirmForm().validate_on_submit():
        db.session.delete(membership)
        db.session.commit()
        flash(_("Removed from the group."), "success")
    return redirect(url_for("admin.group_edit", group_id=group_id) + "#members")


# --- Organisations ---------------------------------------------------------------------


@bp.get("/organisations")
def organisations():
    organisations = db.session.scalars(
        select(Organisation)
        .options(selectinload(Organisation.areas), selectinload(Organisation.representatives))
        .order_by(Organisation.name)
    ).all()
    return render_template("admin/organisations.html", organisations=organisations)


@bp.route("/organisations/new", methods=["GET", "POST"])
@bp.route("/organisations/<int:organisation_id>", methods=["GET", "POST"])
def organisation_edit(organisation_id: int | None = None):
    organisation = _get_or_404(Organisation, organisation_id) if organisation_id else None
    form = OrganisationForm(obj=organisation)
    areas = db.session.scalars(select(Area).order_by(Area.position, Area.slug)).all()
    form.areas.choices = [(a.id, translated(a.name)) for a in areas]
    if request.method == "GET" and organisation is not None:
        form.areas.data = [a.id for a in organisation.areas]
        form.representatives.data = "\n".join(u.email for u in organisation.representatives)
    if form.validate_on_submit():
        representatives = ops.resolve_representatives(form)
        if representatives is not None:
            organisation = ops.save_organisation(form, organisation, representatives)
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("admin.organisations"))
    return render_template(
        "admin/organisation_edit.html",
        form=form,
        organisation=organisation,
        confirm_form=ConfirmForm(),
    )


@bp.post("/organisations/<int:organisation_id>/delete")
def organisation_delete(organisation_id: int):
    organisation = _get_or_404(Organisation, organisation_id)
    if ConfirmForm().validate_on_submit():
        db.session.delete(organisation)
        db.session.commit()
        flash(_("Deleted."), "success")
    return redirect(url_for("admin.organisations"))


# --- Users -----------------------------------------------------------------------------


@bp.get("/users")
def users():
    query_text = (request.args.get("q") or "").strip()[:100]
    after = request.args.get("after", type=int)
    query = select(User).order_by(User.id).limit(USERS_PER_PAGE + 1)
    if query_text:
        pattern = f"%{query_text.lower()}%"
        query = query.where(or_(User.email.like(pattern), func.lower(User.display_name).like(pattern)))
    if after:
        query = query.where(User.id > after)
    rows = db.session.scalars(query).all()
    has_more = len(rows) > USERS_PER_PAGE
    rows = rows[:USERS_PER_PAGE]
    return render_template(
        "admin/users.html",
        users=rows,
        query_text=query_text,
        next_after=rows[-1].id if has_more and rows else None,
    )


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def user_edit(user_id: int):
    user = _get_or_404(User, user_id)
    form = UserForm(obj=user)
    if request.method == "GET":
        form.roles.data = sorted(user.roles)
    if form.validate_on_submit() and ops.validate_user_roles(form, user):
        ops.save_user(form, user)
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("admin.users"))
    return render_template("admin/user_edit.html", form=form, user=user)
