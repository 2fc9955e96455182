"""Surveys in a real browser: answering the demo safety survey with a conditional question in
Somali and Persian on a phone, with JavaScript on and off; a staff member building a survey
with a condition; and axe-core on every survey page in all five languages."""

import pytest

from .conftest import (
    LANGUAGES,
    assert_lang_dir,
    assert_no_axe_violations,
    click_through,
    login,
    screenshot,
    set_language,
)

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def demo(live_server):
    """Ids from the demo safety survey (the survey of "Trygg i Norra Hisingen")."""
    from sqlalchemy import select

    from dialog.areas.models import Area
    from dialog.extensions import db
    from dialog.surveys.models import Survey

    with live_server.app.app_context():
        survey = db.session.scalars(select(Survey).where(Survey.kind == "survey").order_by(Survey.id)).first()
        q = {x.code: x for x in survey.questions}
        pulse = db.session.scalars(select(Survey).where(Survey.kind == "pulse").order_by(Survey.id)).first()
        return {
            "id": survey.id,
            "pulse_id": pulse.id,
            "sections": [s.id for s in survey.sections],
            "q": {code: x.id for code, x in q.items()},
            "opt": {(code, o.code): o.id for code, x in q.items() for o in x.options},
            "backa": db.session.scalars(select(Area.id).where(Area.slug == "backa")).one(),
        }


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), page.url


def answer_first_page(page, demo):
    q = demo["q"]
    page.check(f"#area-{demo['backa']}")
    page.check(f"#q{q['safe_day']}-4")
    page.check(f"#q{q['safe_evening']}-2")
    page.check(f"#q{q['unsafe_places']}-{demo['opt'][('unsafe_places', 'parks')]}")
    click_through(page, "button[name=action][value=next]")


@pytest.mark.parametrize("code", ("so", "fa"))
@pytest.mark.parametrize("javascript", (True, False), ids=("js", "nojs"))
def test_answer_with_a_condition_on_a_phone(live_server, context_factory, demo, code, javascript):
    base, q, opt = live_server.url, demo["q"], demo["opt"]
    context = context_factory(viewport=PHONE, java_script_enabled=javascript, bypass_csp=True)
    set_language(context, base, code)
    page = context.new_page()
    page.goto(f"{base}/surveys/{demo['id']}")
    assert_lang_dir(page, code)
    click_through(page, ".survey-start button[type=submit]")
    assert f"/answer/{demo['sections'][0]}" in page.url
    no_sideways_scroll(page)
    tag = "js" if javascript else "nojs"
    screenshot(page, f"survey-page1-{code}-phone-{tag}")
    answer_first_page(page, demo)
    assert f"/answer/{demo['sections'][1]}" in page.url
    when = page.locator(f"#question-{q['walk_time']}")
    assert when.is_hidden()
    page.fill(f"#q{q['what_helps']}", "Nalal badan" if code == "so" else "چراغ بیشتر")
    page.check(f"#q{q['safety_walk']}-{opt[('safety_walk', 'yes')]}")
    if javascript:
        assert when.is_visible()  # shown at once, on the same page
    else:
        assert when.is_hidden()
        click_through(page, "button[name=action][value=next]")
        assert f"/answer/{demo['sections'][1]}" in page.url  # the same page again …
        assert when.is_visible()  # … now with the question that applies
        assert page.is_checked(f"#q{q['safety_walk']}-{opt[('safety_walk', 'yes')]}")
        assert page.input_value(f"#q{q['what_helps']}") != ""
    no_sideways_scroll(page)
    screenshot(page, f"survey-condition-{code}-phone-{tag}")
    page.check(f"#q{q['walk_time']}-{opt[('walk_time', 'weekend')]}")
    click_through(page, "button[name=action][value=next]")
    assert f"/answer/{demo['sections'][2]}" in page.url
    assert_lang_dir(page, code)
    page.select_option(f"#q{q['priorities']}-o{opt[('priorities', 'lighting')]}", "1")
    page.check(f"#q{q['trust']}-r{opt[('trust', 'police')]}-{opt[('trust', 'quite')]}")
    no_sideways_scroll(page)
    click_through(page, "button[name=action][value=next]")
    assert page.url.endswith(f"/surveys/{demo['id']}/thanks")
    assert_lang_dir(page, code)
    if javascript:  # axe-core itself needs JavaScript
        assert_no_axe_violations(page)
    screenshot(page, f"survey-thanks-{code}-phone-{tag}")
    # One answer per browser.
    page.goto(f"{base}/surveys/{demo['id']}")
    assert page.locator(".survey-start button[type=submit]").count() == 0


def test_errors_and_language_switch_keep_answers(live_server, context_factory, demo):
    base, q = live_server.url, demo["q"]
    context = context_factory(viewport=PHONE, bypass_csp=True)
    set_language(context, base, "sv")
    page = context.new_page()
    page.goto(f"{base}/surveys/{demo['id']}")
    click_through(page, ".survey-start button[type=submit]")
    page.check(f"#q{q['safe_day']}-3")
    click_through(page, "button[name=action][value=next]")
    assert page.locator(".error-summary").is_visible()
    assert page.get_attribute(f"#question-{q['safe_evening']} fieldset", "aria-invalid") == "true"
    assert page.locator(f"#question-{q['safe_evening']} .error").count() == 1
    assert_no_axe_violations(page)
    page.check(f"#q{q['safe_evening']}-5")
    click_through(page, "button[name=switch_language][value=ar]")
    assert_lang_dir(page, "ar")
    assert page.is_checked(f"#q{q['safe_day']}-3") and page.is_checked(f"#q{q['safe_evening']}-5")
    screenshot(page, "survey-page1-ar-phone-after-switch")
    click_through(page, "button[name=action][value=save]")
    link = page.inner_text(".resume-link")
    assert f"/surveys/{demo['id']}/continue/" in link
    assert_no_axe_violations(page)
    other = context_factory(viewport=PHONE).new_page()
    other.goto(link)
    assert other.is_checked(f"#q{q['safe_evening']}-5")


def test_staff_build_a_survey_with_a_condition(live_server, context_factory):
    base = live_server.url
    context = context_factory(bypass_csp=True)
    page = context.new_page()
    login(page, base, "lead@demo.dialog")
    set_language(context, base, "sv")
    page.goto(base + "/staff/surveys/new")
    page.fill("#title-sv", "Trygghetsvandring i Kärra")
    page.fill("#title-ar", "جولة الأمان في شيرا")
    page.fill("#promise-sv", "Vi bjuder in alla som vill gå med.")
    page.check("input[name=areas] >> nth=0")
    page.check("input[name=theme_groups] >> nth=0")
    click_through(page, "form.stack-form .actions button")
    assert "/staff/surveys/" in page.url and "/new" not in page.url
    builder = page.url
    # A yes/no question …
    click_through(page, "a.button-secondary[href*='/questions/new']")
    click_through(page, "a[href*='/questions/new/yes_no']")
    page.fill("#code", "join")
    page.fill("#text-sv", "Vill du gå med?")
    page.fill("#text-so", "Ma rabtaa inaad ku biirto?")
    page.check("#required")
    click_through(page, "form.stack-form .actions button")
    # … and a text question shown only when the answer is yes.
    page.goto(builder)
    click_through(page, "a.button-secondary[href*='/questions/new']")
    click_through(page, "a[href*='/questions/new/short_text']")
    page.fill("#code", "phone_time")
    page.fill("#text-sv", "Vilken tid passar?")
    page.select_option("#condition-rules-0-question", "join")
    page.select_option("#condition-rules-0-op", "equals")
    page.select_option("#condition-rules-0-option", "join::yes")
    assert_no_axe_violations(page)
    click_through(page, "form.stack-form .actions button")
    assert page.url.startswith(builder)
    assert page.locator(".condition-note").count() == 1
    assert_no_axe_violations(page)
    screenshot(page, "survey-builder-sv-desktop")
    click_through(page, "button[name=state][value=open]")
    assert page.locator(".flash-success").count() == 1
    page.goto(builder + "/preview?lang=ar")
    assert page.locator(".survey-preview[lang=ar][dir=rtl]").count() == 1
    assert_no_axe_violations(page)


def _survey_paths(demo):
    s = demo["id"]
    return {
        "public": [
            "/surveys",
            f"/surveys/{s}",
            f"/surveys/{s}/results",
            f"/surveys/{demo['pulse_id']}",
            "/surveys/pulse",
            "/surveys/pulse?area=backa",
            "/areas/backa",
        ],
        "staff": [
            "/staff/surveys/",
            f"/staff/surveys/{s}",
            f"/staff/surveys/{s}/settings",
            f"/staff/surveys/{s}/preview",
            f"/staff/surveys/{s}/results",
            f"/staff/surveys/{s}/download",
            f"/staff/surveys/{s}/results/questions/{demo['q']['what_helps']}/texts",
            f"/staff/surveys/{s}/paper",
            f"/staff/surveys/{s}/questions/new?section={demo['sections'][0]}",
            f"/staff/surveys/{s}/questions/{demo['q']['walk_time']}",
            f"/staff/surveys/{s}/questions/{demo['q']['trust']}",
            f"/staff/surveys/{s}/questions/new/scale?section={demo['sections'][0]}",
            f"/staff/surveys/{s}/sections/{demo['sections'][1]}",
            f"/staff/surveys/{s}/sections/new",
            f"/staff/surveys/{s}/codes",
            "/staff/surveys/new",
            "/staff/surveys/import",
            "/staff/surveys/pulse/new",
            "/staff/surveys/pulse",
            f"/staff/surveys/{demo['pulse_id']}/results",
        ],
    }


@pytest.mark.parametrize("code", LANGUAGES)
def test_survey_pages_accessible_in_every_language(live_server, context_factory, demo, code):
    base = live_server.url
    paths = _survey_paths(demo)
    context = context_factory(bypass_csp=True)
    set_language(context, base, code)
    page = context.new_page()
    for path in paths["public"]:
        assert page.goto(base + path).status == 200, path
        assert_lang_dir(page, code)
        assert_no_axe_violations(page)
    # The answering pages, and the "continue later" page.
    page.goto(f"{base}/surveys/{demo['id']}")
    click_through(page, ".survey-start button[type=submit]")
    assert_no_axe_violations(page)
    answer_first_page(page, demo)
    assert_no_axe_violations(page)
    click_through(page, "button[name=action][value=save]")
    assert_no_axe_violations(page)

    staff = context_factory(bypass_csp=True)
    staff_page = staff.new_page()
    login(staff_page, base, "lead@demo.dialog")
    set_language(staff, base, code)
    for path in paths["staff"]:
        assert staff_page.goto(base + path).status == 200, path
        assert_lang_dir(staff_page, code)
        assert_no_axe_violations(staff_page)
    staff_page.goto(f"{base}/staff/surveys/{demo['id']}/codes")
    click_through(staff_page, "form.stack-form .actions button")
    assert_no_axe_violations(staff_page)


@pytest.mark.parametrize("code", ("sv", "ar"))
@pytest.mark.parametrize("viewport,label", [(PHONE, "phone"), ({"width": 1280, "height": 900}, "desktop")])
def test_survey_screenshots(live_server, context_factory, demo, code, viewport, label):
    base = live_server.url
    context = context_factory(viewport=viewport)
    set_language(context, base, code)
    page = context.new_page()
    for name, path in (
        ("survey", f"/surveys/{demo['id']}"),
        ("results", f"/surveys/{demo['id']}/results"),
        ("pulse", "/surveys/pulse"),
        ("area-surveys", "/areas/backa"),
    ):
        page.goto(base + path)
        no_sideways_scroll(page)
        screenshot(page, f"survey-{name}-{code}-{label}")
    page.goto(f"{base}/surveys/{demo['id']}")
    click_through(page, ".survey-start button[type=submit]")
    no_sideways_scroll(page)
    screenshot(page, f"survey-answer-{code}-{label}")
    staff = context_factory(viewport=viewport).new_page()
    login(staff, base, "lead@demo.dialog")
    set_language(staff.context, base, code)
    for name, path in (
        ("builder", f"/staff/surveys/{demo['id']}"),
        ("staff-results", f"/staff/surveys/{demo['id']}/results"),
        ("question", f"/staff/surveys/{demo['id']}/questions/{demo['q']['walk_time']}"),
    ):
        staff.goto(base + path)
        no_sideways_scroll(staff)
        screenshot(staff, f"survey-{name}-{code}-{label}")


@pytest.fixture(scope="module")
def draft_id(live_server):
    """An unpublished survey, to see the "not open yet" page."""
    from sqlalchemy import select

    from dialog.areas.models import Area
    from dialog.extensions import db
    from dialog.surveys import building
    from dialog.themegroups.models import ThemeGroup

    with live_server.app.app_context():
        group = db.session.scalars(select(ThemeGroup).order_by(ThemeGroup.id)).first()
        area = db.session.scalars(select(Area).where(Area.slug == "backa")).one()
        settings = building.SurveySettings(title={"sv": "Utkast"}, areas=[area], theme_groups=[group])
        survey = building.create_survey(settings, None)
        db.session.commit()
        return survey.id


def _bad_xlsform() -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    sheet.append(["type", "name", "label::Swedish (sv)", "media::image::English (en)"])
    sheet.append(["geopoint", "where", "Var?", ""])
    sheet.append(["text", "why", "Varför?", "map.png"])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label::Swedish (sv)", "image"])
    choices.append(["yn", "yes", "Ja", "yes.png"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("code", LANGUAGES)
def test_answering_errors_thanks_and_problem_pages_accessible_in_every_language(
    live_server, context_factory, demo, draft_id, code
):
    base, q, opt = live_server.url, demo["q"], demo["opt"]
    context = context_factory(viewport=PHONE, bypass_csp=True)
    set_language(context, base, code)
    page = context.new_page()
    page.goto(f"{base}/surveys/{demo['id']}")
    click_through(page, ".survey-start button[type=submit]")
    # The answering page with errors.
    click_through(page, "button[name=action][value=next]")
    assert page.locator(".error-summary").is_visible()
    assert_lang_dir(page, code)
    assert_no_axe_violations(page)
    answer_first_page(page, demo)
    assert f"/answer/{demo['sections'][1]}" in page.url
    page.check(f"#q{q['safety_walk']}-{opt[('safety_walk', 'no')]}")
    click_through(page, "button[name=action][value=next]")
    # The page with the matrix and the ranking.
    assert f"/answer/{demo['sections'][2]}" in page.url
    assert page.locator(f"#q{q['priorities']}-o{opt[('priorities', 'lighting')]}").count() == 1
    assert page.locator(f"#q{q['trust']}-r{opt[('trust', 'police')]}-{opt[('trust', 'quite')]}").count() == 1
    assert_no_axe_violations(page)
    page.select_option(f"#q{q['priorities']}-o{opt[('priorities', 'lighting')]}", "1")
    page.check(f"#q{q['trust']}-r{opt[('trust', 'police')]}-{opt[('trust', 'quite')]}")
    click_through(page, "button[name=action][value=next]")
    # The thanks page.
    assert page.url.endswith(f"/surveys/{demo['id']}/thanks")
    assert_lang_dir(page, code)
    assert_no_axe_violations(page)
    # The "problem" pages: a closed survey (an earlier quarter's pulse) and a draft.
    with live_server.app.app_context():
        from dialog.extensions import db
        from dialog.surveys.models import Survey

        closed = db.session.get(Survey, demo["pulse_id"])
        closed_section = closed.sections[0].id
        assert not closed.is_open
    page.goto(f"{base}/surveys/{demo['pulse_id']}/answer/{closed_section}")
    assert page.locator(".notice").count() == 1
    assert_lang_dir(page, code)
    assert_no_axe_violations(page)
    assert page.goto(f"{base}/surveys/{draft_id}").status == 404
    assert page.locator("h1").count() == 1 and page.locator(".notice").count() == 1
    assert_lang_dir(page, code)
    assert_no_axe_violations(page)


@pytest.mark.parametrize("code", LANGUAGES)
def test_staff_pages_with_errors_accessible_in_every_language(live_server, context_factory, demo, code):
    base = live_server.url
    context = context_factory(bypass_csp=True)
    page = context.new_page()
    login(page, base, "lead@demo.dialog")
    set_language(context, base, code)
    # The XLSForm import page showing the problems, row by row.
    page.goto(f"{base}/staff/surveys/import")
    page.set_input_files(
        "input[type=file]",
        files=[
            {
                "name": "form.xlsx",
                "buffer": _bad_xlsform(),
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        ],
    )
    page.check("input[name=areas] >> nth=0")
    page.check("input[name=theme_groups] >> nth=0")
    click_through(page, "form.stack-form .actions button")
    assert "media::image::English (en)" in page.content()
    assert_lang_dir(page, code)
    assert_no_axe_violations(page)
    # The paper form with errors (required answers missing).
    page.goto(f"{base}/staff/surveys/{demo['id']}/paper")
    click_through(page, "form.paper-form .actions button")
    assert page.locator(".error").count() >= 1
    assert_lang_dir(page, code)
    assert_no_axe_violations(page)
