"""Staff: the trust pulse: start a round for a quarter, the next quarter, the trends."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ...areas.choices import area_choices
from ...areas.models import Area
from ...core.forms import ConfirmForm
from ...extensions import db
from ...themegroups.models import ThemeGroup
from .. import pulse as pulses
from ..errors import SurveyError
from ..forms import PulseForm
from ..models import Survey
from ..permissions import can_manage
from ..pulse import create_round, existing_pulse_areas, latest_period, pulses_in
from ..pulse_standard import next_period, period_label
from ..views import pulse_context
from .blueprint import bp, group_choices, show_problems

# --- Trust pulse ----------------------------------------------------------------------------


def _pulse_form() -> tuple[PulseForm, list[Area]]:
    """The set-up form with its choices, and the districts it offers."""
    form = PulseForm()
    districts = list(
        db.session.scalars(
            select(Area)
            .where(Area.parent_id.is_(None))
            .options(selectinload(Area.children))
            .order_by(Area.position, Area.slug)
        )
    )
    form.district_id.choices = [(0, _("None: only the areas chosen below"))] + [
        (d.id, d.display_name) for d in districts
    ]
    form.areas.choices = area_choices()
    form.theme_groups.choices = group_choices()
    if request.method == "GET":
        groups = [gid for gid, _label in form.theme_groups.choices]
        if len(groups) == 1:
            form.theme_groups.data = groups
    return form, districts


def _chosen_groups(form: PulseForm) -> list[ThemeGroup]:
    """The theme groups ticked, of those this person may choose."""
    allowed = {gid for gid, _label in form.theme_groups.choices}
    return list(
        db.session.scalars(
            select(ThemeGroup).where(ThemeGroup.id.in_([g for g in form.theme_groups.data if g in allowed]))
        )
    )


@bp.route("/pulse/new", methods=["GET", "POST"])
def pulse_new():
    form, districts = _pulse_form()
    if form.validate_on_submit():
        district = next((d for d in districts if d.id == form.district_id.data), None)
        period = f"{form.year.data}-Q{form.quarter.data}"
        try:
            made, skipped = pulses.start_round(
                period, district, form.areas.data, _chosen_groups(form), current_user, open_now=bool(form.open_now.data)
            )
        except SurveyError as error:
            db.session.rollback()
            show_problems(error)
        else:
            db.session.commit()
            _flash_round(period, made, skipped)
            if len(made) == 1:
                return redirect(url_for("survey_admin.builder", ident=made[0].id))
            return redirect(url_for("survey_admin.pulse_trends"))
    return render_template("surveys/staff/pulse_new.html", form=form)


def _flash_round(period: str, made, skipped) -> None:
    label = period_label(period)
    if made:
        flash(
            _(
                "New trust pulses for %(period)s: %(areas)s.",
                period=label,
                areas=", ".join(s.pulse_area.display_name for s in made),
            ),
            "success",
        )
    if skipped:
        flash(
            _(
                "Skipped, because they already have a trust pulse for %(period)s: %(areas)s.",
                period=label,
                areas=", ".join(a.display_name for a in skipped),
            ),
            "info",
        )


def _next_round() -> tuple[str | None, list[Survey]]:
    """The quarter after the latest trust pulse, and the latest pulses this person manages."""
    latest = latest_period()
    if latest is None:
        return None, []
    return next_period(latest), [s for s in pulses_in(latest) if can_manage(current_user, s)]


@bp.post("/pulse/next")
def pulse_next():
    """Start the next quarter in every area of the latest quarter, with the same theme groups."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    period, previous = _next_round()
    if period is None or not previous:
        flash(_("There is no trust pulse yet to continue. Make the first one."), "error")
        return redirect(url_for("survey_admin.pulse_new"))
    groups = {s.pulse_area_id: list(s.theme_groups) for s in previous}
    made, skipped = create_round(
        period, [s.pulse_area for s in previous], lambda area: groups[area.id], current_user, open_now=True
    )
    db.session.commit()
    _flash_round(period, made, skipped)
    return redirect(url_for("survey_admin.pulse_trends"))


@bp.get("/pulse")
def pulse_trends():
    period, previous = _next_round()
    pending = []
    if period is not None:
        done = existing_pulse_areas(period, [s.pulse_area_id for s in previous])
        pending = [s.pulse_area for s in previous if s.pulse_area_id not in done]
    return render_template(
        "surveys/staff/pulse.html",
        next_period=period,
        next_label=period_label(period) if period else None,
        next_areas=pending,
        confirm=ConfirmForm(),
        **pulse_context(public_only=False),
    )
