"""Admin writes and the checks that need the database."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..accounts.models import User
from ..areas.models import Area, Topic
from ..extensions import db
from ..organisations.models import Organisation
from ..themegroups.models import ThemeGroup, ThemeGroupMember


def area_subtree_ids(area: Area) -> set[int]:
    """Ids of ``area`` and every area below it (an area cannot move under its own subtree)."""
    ids, frontier = {area.id}, [area]
    while frontier:
        child_ids = db.session.scalars(select(Area.id).where(Area.parent_id.in_([a.id for a in frontier]))).all()
        new = [i for i in child_ids if i not in ids]
        ids.update(new)
        frontier = [db.session.get(Area, i) for i in new]
    return ids


def validate_unique_slug(form, model, obj) -> bool:
    query = select(model.id).where(model.slug == form.slug.data)
    if obj is not None:
        query = query.where(model.id != obj.id)
    if db.session.scalar(query) is not None:
        form.slug.errors.append(_("This web address name is already used. Choose another."))
        return False
    return True


def validate_area(form, area: Area | None) -> bool:
    ok = validate_unique_slug(form, Area, area)
    if area is not None and form.parent_id.data and form.parent_id.data in area_subtree_ids(area):
        form.parent_id.errors.append(_("An area cannot be part of itself."))
        ok = False
    return ok


def save_area(form, area: Area | None) -> Area:
    if area is None:
        area = Area()
        db.session.add(area)
    area.slug = form.slug.data
    area.parent_id = form.parent_id.data or None
    area.position = form.position.data or 0
    area.name = form.name.form.value
    area.description = form.description.form.value
    db.session.flush()
    return area


def save_topic(form, topic: Topic | None) -> Topic:
    if topic is None:
        topic = Topic()
        db.session.add(topic)
    topic.slug = form.slug.data
    topic.position = form.position.data or 0
    topic.name = form.name.form.value
    topic.description = form.description.form.value
    db.session.flush()
    return topic


def validate_group(form, group: ThemeGroup | None) -> bool:
    ok = validate_unique_slug(form, ThemeGroup, group)
    if form.is_fallback.data:
        if not form.district_id.data:
            form.district_id.errors.append(_("A fallback group must belong to a district."))
            return False
        query = select(ThemeGroup.id).where(ThemeGroup.is_fallback, ThemeGroup.district_id == form.district_id.data)
        if group is not None:
            query = query.where(ThemeGroup.id != group.id)
        if db.session.scalar(query) is not None:
            form.is_fallback.errors.append(_("This district already has a fallback group. Change that group first."))
            ok = False
    return ok


def save_group(form, group: ThemeGroup | None) -> ThemeGroup:
    if group is None:
        group = ThemeGroup()
        db.session.add(group)
    group.slug = form.slug.data
    group.name = form.name.form.value
    group.question = form.question.form.value
    group.description = form.description.form.value
    group.contact_email = form.contact_email.data or None
    group.district_id = form.district_id.data or None
    group.is_active = form.is_active.data
    group.is_fallback = form.is_fallback.data
    group.areas = list(db.session.scalars(select(Area).where(Area.id.in_(form.areas.data or []))))
    group.topics = list(db.session.scalars(select(Topic).where(Topic.id.in_(form.topics.data or []))))
    db.session.flush()
    return group


def add_member(group: ThemeGroup, email: str, role: str) -> str | None:
    """Add or update a membership; return a translated error, or None on success."""
    user = db.session.scalars(select(User).where(User.email == email)).first()
    if user is None:
        return _("No account has the address %(email)s.", email=email)
    if not user.is_staff:
        return _("%(name)s is not staff. Give the account the staff role first.", name=user.display_name)
    membership = db.session.get(ThemeGroupMember, (group.id, user.id))
    if membership is None:
        db.session.add(ThemeGroupMember(theme_group_id=group.id, user_id=user.id, role=role))
    else:
        membership.role = role
    db.session.flush()
    return None


def resolve_representatives(form) -> list[User] | None:
    """Turn the e-mail lines into users; on unknown addresses add a field error and return None."""
    emails = [line.strip().lower() for line in (form.representatives.data or "").splitlines()]
    emails = [e for e in emails if e]
    if not emails:
        return []
    users = db.session.scalars(select(User).where(User.email.in_(emails))).all()
    missing = sorted(set(emails) - {u.email for u in users})
    if missing:
        form.representatives.errors.append(_("No account has these addresses: %(emails)s", emails=", ".join(missing)))
        return None
    return list(users)


def save_organisation(form, organisation: Organisation | None, representatives) -> Organisation:
    if organisation is None:
        organisation = Organisation()
        db.session.add(organisation)
    organisation.name = form.name.data
    organisation.kind = form.kind.data
    organisation.description = form.description.form.value
    organisation.website = form.website.data or None
    organisation.areas = list(db.session.scalars(select(Area).where(Area.id.in_(form.areas.data or []))))
    organisation.representatives = representatives
    for user in representatives:
        if "organisation" not in user.roles:
            user.roles = user.roles | {"organisation"}
    db.session.flush()
    return organisation


def validate_user_roles(form, user: User) -> bool:
    if user.id == current_user.id and "admin" not in (form.roles.data or []):
        form.roles.errors.append(_("You cannot take away your own admin role."))
        return False
    if user.id == current_user.id and form.is_blocked.data:
        form.is_blocked.errors.append(_("You cannot block your own account."))
        return False
    return True


def save_user(form, user: User) -> None:
    user.display_name = form.display_name.data
    user.language = form.language.data
    user.roles = set(form.roles.data or [])
    user.is_verified = form.is_verified.data
    user.is_blocked = form.is_blocked.data
    db.session.flush()
