"""Test data factories (in the spirit of CTFd's gen_* helpers)."""

from __future__ import annotations

import itertools

from dialog.accounts.models import User
from dialog.areas.models import Area, Topic
from dialog.extensions import db
from dialog.organisations.models import Organisation
from dialog.themegroups.models import ThemeGroup, ThemeGroupMember

PASSWORD = "a-good-password-123"
_seq = itertools.count(1)


class Factories:
    def user(
        self,
        *,
        email=None,
        roles=("resident",),
        name=None,
        language="sv",
        verified=True,
        password=PASSWORD,
        blocked=False,
    ) -> User:
        n = next(_seq)
        user = User(
            email=email or f"user{n}@example.org",
            display_name=name or f"User {n}",
            language=language,
            is_verified=verified,
            is_blocked=blocked,
        )
        user.set_password(password)
        user.roles = set(roles)
        db.session.add(user)
        db.session.commit()
        return user

    def admin(self, **kw) -> User:
        return self.user(roles=("admin", "staff"), **kw)

    def staff(self, **kw) -> User:
        return self.user(roles=("staff",), **kw)

    def area(self, slug=None, *, parent=None, name=None) -> Area:
        n = next(_seq)
        slug = slug or f"area-{n}"
        area = Area(slug=slug, parent=parent, name=name or {"sv": f"Område {n}", "en": f"Area {n}"})
        db.session.add(area)
        db.session.commit()
        return area

    def topic(self, slug=None, *, name=None) -> Topic:
        n = next(_seq)
        slug = slug or f"topic-{n}"
        topic = Topic(slug=slug, name=name or {"sv": f"Ämne {n}", "en": f"Topic {n}"})
        db.session.add(topic)
        db.session.commit()
        return topic

    def group(
        self,
        slug=None,
        *,
        areas=(),
        topics=(),
        members=(),
        district=None,
        fallback=False,
        active=True,
        name=None,
        question=None,
    ) -> ThemeGroup:
        n = next(_seq)
        group = ThemeGroup(
            slug=slug or f"group-{n}",
            name=name or {"sv": f"Temagrupp {n}", "en": f"Theme group {n}"},
            question=question or {"sv": f"Fråga {n}?", "en": f"Question {n}?"},
            areas=list(areas),
            topics=list(topics),
            district=district,
            is_fallback=fallback,
            is_active=active,
        )
        for user, role in members:
            group.memberships.append(ThemeGroupMember(user=user, role=role))
        db.session.add(group)
        db.session.commit()
        return group

    def organisation(self, name=None, *, kind="association", areas=(), representatives=()):
        n = next(_seq)
        org = Organisation(
            name=name or f"Förening {n}",
            kind=kind,
            description={"sv": "Beskrivning"},
            areas=list(areas),
            representatives=list(representatives),
        )
        db.session.add(org)
        db.session.commit()
        return org
