"""Every staff/admin route turns away anonymous visitors and residents."""

import re

import pytest

#: Blueprints whose every route is for admins only.
ADMIN_BLUEPRINTS = ("admin.",)
#: Blueprints whose every route is for staff (and admins).
STAFF_BLUEPRINTS = ("inbox.", "moderation.", "survey_admin.", "cafe_admin.", "cafe_links.", "trust_admin.")
PROTECTED_BLUEPRINTS = ADMIN_BLUEPRINTS + STAFF_BLUEPRINTS


def protected_routes(app, prefixes=PROTECTED_BLUEPRINTS):
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith(prefixes):
            continue
        url = rule.rule
        for arg in rule.arguments:
            url = url.replace(f"<int:{arg}>", "1").replace(f"<{arg}>", "x")
            # <any(a, b):arg> takes the first choice.
            url = re.sub(rf"<any\(([^,)]+)[^>]*:{arg}>", lambda m: m.group(1).strip(), url)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((method, url))
    return sorted(set(routes))


def _routes(prefixes=PROTECTED_BLUEPRINTS):
    from dialog import create_app
    from dialog.config import TestConfig

    return protected_routes(create_app(TestConfig), prefixes)


ROUTES = _routes()
ADMIN_ROUTES = _routes(ADMIN_BLUEPRINTS)


def test_there_are_protected_routes():
    assert len(ADMIN_ROUTES) >= 15
    assert len(ROUTES) > len(ADMIN_ROUTES)


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
