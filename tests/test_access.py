"""Every route turns away anonymous visitors and residents, unless it is on an allow-list.

The test fails closed: a route is public only when its endpoint is listed in ``PUBLIC`` (or
``SIGNED_IN`` for residents' own pages); every other registered route, including those of a
staff blueprint added later, is checked to send visitors to the login page and to refuse
residents.
"""

import re

import pytest

#: Open to everyone (each one decides itself what a visitor may see or send).
PUBLIC = frozenset(
    {
        "static",
        # The stylesheet that says, without scripts, when cookies are blocked (core.lost_session).
        "cookie_check",
        "public.home",
        "areas.area",
        "themegroups.theme_group",
        "i18n.switch_language",
        "accounts.login",
        "accounts.logout",
        "accounts.register",
        "accounts.resend_verification",
        "accounts.reset_password",
        "accounts.reset_request",
        "accounts.verify",
        "contributions.contribution_page",
        "contributions.follow",
        "contributions.follow_lookup",
        "contributions.idea_list",
        "contributions.idea_new",
        "contributions.report",
        "contributions.support",
        "notifications.unsubscribe",
        "surveys.answer",
        "surveys.public_results",
        "surveys.pulse",
        "surveys.resume",
        "surveys.saved",
        "surveys.start",
        "surveys.survey_list",
        "surveys.survey_page",
        "surveys.thanks",
        "cafe.calendar",
        "cafe.event",
        "cafe.event_ics",
        "cafe.exit_questionnaire",
        "cafe.register",
        "cafe.registration",
        # The table hosts' and participants' pages: a signed link is the key, not an account.
        "cafe_host.note_add",
        "cafe_host.note_delete",
        "cafe_host.note_edit",
        "cafe_host.proposal",
        "cafe_host.proposal_thanks",
        "cafe_host.table_page",
        "trust.dialogue",
        "trust.heard_page",
        "trust.shared",
        # The second sign-in step: each answers only to a pending sign-in (else back to login).
        "two_factor.verify",
        "two_factor.setup",
        "two_factor.cancel",
        # Probes: answered only to the allow-listed addresses of the proxy and the monitor.
        "health.healthz",
        "health.readyz",
        "matchmaking.round_page",
        "matchmaking.organisation_page",
        # A round meeting's calendar file, as public as the round page (not for drafts).
        "areas.round_meeting_ics",
        # The follow-up answer: a signed link is the key, not an account.
        "matchmaking.outcome",
        "summaries.summary_page",
        "summaries.sentence_page",
        "summaries.group_promises",
    }
)
#: A signed-in person's own pages: visitors are sent to log in, residents get in.
SIGNED_IN = frozenset(
    {
        "accounts.profile",
        "accounts.export_data",
        "accounts.delete_account",
        "contributions.mine",
        "retention.anonymise",  # only the story's own teller (404 for anyone else)
        "two_factor.recovery_codes",  # staff with a second step; others are sent to their profile
        # Anyone signed in may add an organisation (and so become its representative) or
        # accept a colleague's invitation sent to their address.
        "organisations.mine",
        "organisations.new",
        "organisations.accept_invite",
    }
)
#: Blueprints whose every route is for admins only (staff are refused too).
ADMIN_BLUEPRINTS = ("admin.",)


def _url(rule) -> str:
    url = rule.rule
    for arg in rule.arguments:
        url = url.replace(f"<int:{arg}>", "1").replace(f"<{arg}>", "x")
        # <any(a, b):arg> takes the first choice.
        url = re.sub(rf"<any\(([^,)]+)[^>]*:{arg}>", lambda m: m.group(1).strip(), url)
    return url


def protected_routes(app, prefixes=None):
    """Every route not on an allow-list (or, with ``prefixes``, only those blueprints')."""
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC or rule.endpoint in SIGNED_IN:
            continue
        if prefixes is not None and not rule.endpoint.startswith(prefixes):
            continue
        url = _url(rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((method, url))
    return sorted(set(routes))


def _app():
    from dialog import create_app
    from dialog.config import TestConfig

    return create_app(TestConfig)


_APP = _app()
ROUTES = protected_routes(_APP)
ADMIN_ROUTES = protected_routes(_APP, ADMIN_BLUEPRINTS)
SIGNED_IN_ROUTES = sorted(
    {
        (m, _url(r))
        for r in _APP.url_map.iter_rules()
        if r.endpoint in SIGNED_IN
        for m in r.methods - {"HEAD", "OPTIONS"}
    }
)


def test_there_are_protected_routes():
    assert len(ADMIN_ROUTES) >= 15
    assert len(ROUTES) > len(ADMIN_ROUTES)


def test_the_allow_lists_name_only_registered_endpoints():
    endpoints = {rule.endpoint for rule in _APP.url_map.iter_rules()}
    assert endpoints >= PUBLIC, sorted(PUBLIC - endpoints)
    assert endpoints >= SIGNED_IN, sorted(SIGNED_IN - endpoints)


def test_every_staff_blueprint_is_covered():
    """The staff blueprints known today are all checked (a new one is, without listing it)."""
    covered = {url.split("/")[1] for _method, url in ROUTES}
    assert {"admin", "inbox", "moderation", "staff"} <= covered, covered


@pytest.mark.parametrize("method,url", SIGNED_IN_ROUTES)
def test_own_pages_send_visitors_to_login(client, method, url):
    response = client.open(url, method=method)
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]


@pytest.mark.parametrize("method,url", ROUTES)
def test_anonymous_is_sent_to_login(client, method, url):
    response = client.open(url, method=method)
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]


@pytest.mark.parametrize("method,url", ROUTES)
def test_resident_is_forbidden(client, factories, login, method, url):
    login(factories.user(roles=("resident",)))
    response = client.open(url, method=method)
    assert response.status_code == 403


@pytest.mark.parametrize("method,url", ADMIN_ROUTES)
def test_staff_without_admin_is_forbidden_from_admin(client, factories, login, method, url):
    login(factories.staff())
    response = client.open(url, method=method)
    assert response.status_code == 403


def test_admin_gets_in(client, factories, login):
    login(factories.admin())
    assert client.get("/admin/").status_code == 200


def test_login_required_pages_redirect(client):
    for url in ("/account/profile", "/account/my-data.json", "/account/delete"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/account/login?next=" in response.headers["Location"]
