"""Public pages: home, area, theme group; query counts do not grow with the data."""

from dialog.demo.data import load_demo_data
from dialog.extensions import db


def test_home_lists_areas_and_groups(client):
    load_demo_data()
    db.session.commit()
    html = client.get("/").get_data(as_text=True)
    assert "Brunnsbo" in html
    assert "Trygg i Norra Hisingen" in html
    assert "Vad är ett levande Brunnsbo för dig?" in html


def test_area_page_shows_neighbourhoods_and_covering_groups(client):
    load_demo_data()
    db.session.commit()
    html = client.get("/areas/brunnsbo").get_data(as_text=True)
    # Covered directly and through the district (an ancestor covers its neighbourhoods).
    assert "Områdesarbete Brunnsbo" in html
    assert "Trygg i Norra Hisingen" in html
    district = client.get("/areas/norra-hisingen").get_data(as_text=True)
    assert "Kärra" in district
    assert "Områdesarbete Brunnsbo" not in district


def test_theme_group_page(client):
    load_demo_data()
    db.session.commit()
    client.set_cookie("dialog_lang", "en", domain="dialog.test")
    html = client.get("/groups/omradesarbete-brunnsbo").get_data(as_text=True)
    assert "What does a lively Brunnsbo mean to you?" in html
    assert "brunnsbo@demo.dialog" in html


def test_unknown_and_inactive_are_404(client, factories):
    factories.group("sleeping", active=False)
    assert client.get("/groups/sleeping").status_code == 404
    assert client.get("/areas/nowhere").status_code == 404


def test_demo_load_is_idempotent(app):
    assert load_demo_data() is True
    db.session.commit()
    assert load_demo_data() is False


def _grow(factories, n):
    district = factories.area(f"d{n}")
    topic = factories.topic()
    for _i in range(n):
        child = factories.area(parent=district)
        factories.group(areas=[district, child], topics=[topic], district=district)
    return district


def _queries(client, count_queries, url):
    from dialog.core import cache

    cache.clear()  # measure the full render, not the cached fragment
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_query_counts_do_not_grow_with_data(client, factories, count_queries):
    small = _grow(factories, 2)
    child_small = small.children[0]
    first = {
        "home": _queries(client, count_queries, "/"),
        "area": _queries(client, count_queries, f"/areas/{small.slug}"),
        "child": _queries(client, count_queries, f"/areas/{child_small.slug}"),
    }
    big = _grow(factories, 25)
    second = {
        "home": _queries(client, count_queries, "/"),
        "area": _queries(client, count_queries, f"/areas/{big.slug}"),
        "child": _queries(client, count_queries, f"/areas/{big.children[0].slug}"),
    }
    assert first == second
    group_slug = db.session.execute(db.text("select slug from theme_groups limit 1")).scalar()
    assert _queries(client, count_queries, f"/groups/{group_slug}") <= 5


def test_public_fragments_are_cached_and_admin_edits_show_at_once(client, factories, login, count_queries):
    district = factories.area("nh", name={"sv": "Gammalt namn"})
    assert "Gammalt namn" in client.get("/").get_data(as_text=True)
    with count_queries() as statements:
        client.get("/")
    assert len(statements) == 1  # only the version check: the content came from the cache
    admin = factories.admin()
    login(admin)
    response = client.post(f"/admin/areas/{district.id}", data={"slug": "nh", "parent_id": 0, "name-sv": "Nytt namn"})
    assert response.status_code == 302
    assert "Nytt namn" in client.get("/").get_data(as_text=True)
    assert "Nytt namn" in client.get("/areas/nh").get_data(as_text=True)


def test_cache_is_per_language(client, factories):
    factories.area("nh", name={"sv": "Norra", "ar": "الشمال"})
    assert "Norra" in client.get("/").get_data(as_text=True)
    client.set_cookie("dialog_lang", "ar", domain="dialog.test")
    assert "الشمال" in client.get("/").get_data(as_text=True)
