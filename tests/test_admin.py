"""Admin: areas, topics, theme groups with members and fallback, organisations, users."""

from dialog.accounts.models import User
from dialog.areas.models import Area
from dialog.extensions import db
from dialog.organisations.models import Organisation
from dialog.themegroups.models import ThemeGroup, ThemeGroupMember


def tr(prefix, **values):
    return {f"{prefix}-{code}": text for code, text in values.items()}


def test_create_area_in_five_languages(client, factories, login):
    login(factories.admin())
    district = factories.area("district")
    data = {"slug": "tuve", "parent_id": district.id, "position": 3}
    data |= tr("name", sv="Tuve", en="Tuve", ar="توفه", so="Tuve", fa="توفه")
    data |= tr("description", sv="Ett område", ar="منطقة")
    response = client.post("/admin/areas/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    area = db.session.query(Area).filter_by(slug="tuve").one()
    assert area.parent_id == district.id
    assert area.name["ar"] == "توفه"
    assert area.description == {"sv": "Ett område", "ar": "منطقة"}


def test_area_form_shows_languages_side_by_side(client, factories, login):
    login(factories.admin())
    html = client.get("/admin/areas/new").get_data(as_text=True)
    for code in ("sv", "en", "ar", "so", "fa"):
        assert f'id="name-{code}"' in html
    assert 'lang="ar" dir="rtl"' in html


def test_area_requires_swedish_name_and_keeps_input(client, factories, login):
    login(factories.admin())
    data = {"slug": "x", "parent_id": 0} | tr("name", en="Only English")
    response = client.post("/admin/areas/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Only English" in html
    assert 'id="name-sv-error"' in html
    assert db.session.query(Area).count() == 0


def test_area_cannot_be_its_own_ancestor(client, factories, login):
    login(factories.admin())
    district = factories.area("district")
    child = factories.area("child", parent=district)
    data = {"slug": "district", "parent_id": child.id} | tr("name", sv="D")
    response = client.post(f"/admin/areas/{district.id}", data=data)
    assert response.status_code == 200
    db.session.refresh(district)
    assert district.parent_id is None


def test_duplicate_slug_is_a_field_error(client, factories, login):
    login(factories.admin())
    factories.area("backa")
    response = client.post("/admin/areas/new", data={"slug": "backa", "parent_id": 0} | tr("name", sv="B"))
    assert response.status_code == 200
    assert 'id="slug-error"' in response.get_data(as_text=True)


def test_create_topic(client, factories, login):
    login(factories.admin())
    response = client.post(
        "/admin/topics/new", data={"slug": "safety", "position": 1} | tr("name", sv="Trygghet", en="Safety")
    )
    assert response.status_code == 302


def test_theme_group_with_coverage_members_and_fallback(client, factories, login):
    admin = login(factories.admin())
    district = factories.area("nh")
    backa = factories.area("backa", parent=district)
    safety = factories.topic("safety")
    data = (
        {
            "slug": "trygg",
            "contact_email": "Trygg@Example.org",
            "district_id": district.id,
            "areas": [backa.id],
            "topics": [safety.id],
            "is_active": "y",
            "is_fallback": "y",
        }
        | tr("name", sv="Trygg", ar="آمن")
        | tr("question", sv="Vad gör dig trygg?")
    )
    response = client.post("/admin/groups/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    group = db.session.query(ThemeGroup).one()
    assert [a.slug for a in group.areas] == ["backa"]
    assert [t.slug for t in group.topics] == ["safety"]
    assert group.is_fallback and group.contact_email == "trygg@example.org"

    staff = factories.staff(email="s@example.org")
    response = client.post(f"/admin/groups/{group.id}/members", data={"email": "s@example.org", "role": "lead"})
    assert response.status_code == 302
    assert db.session.get(ThemeGroupMember, (group.id, staff.id)).role == "lead"

    resident = factories.user(email="r@example.org")
    client.post(f"/admin/groups/{group.id}/members", data={"email": "r@example.org", "role": "member"})
    assert db.session.get(ThemeGroupMember, (group.id, resident.id)) is None

    client.post(f"/admin/groups/{group.id}/members/{staff.id}/remove")
    assert db.session.get(ThemeGroupMember, (group.id, staff.id)) is None
    assert admin.is_admin


def test_second_fallback_in_district_is_refused(client, factories, login):
    login(factories.admin())
    district = factories.area("nh")
    factories.group("first", district=district, fallback=True)
    data = {"slug": "second", "district_id": district.id, "is_active": "y", "is_fallback": "y"}
    data |= tr("name", sv="Andra") | tr("question", sv="?")
    response = client.post("/admin/groups/new", data=data)
    assert response.status_code == 200
    assert 'id="is_fallback-error"' in response.get_data(as_text=True)


def test_organisation_with_representatives(client, factories, login):
    login(factories.admin())
    rep = factories.user(email="rep@example.org")
    area = factories.area()
    data = {
        "name": "Mötesplatsen",
        "kind": "association",
        "areas": [area.id],
        "representatives": "rep@example.org\n",
        "website": "https://example.org",
    }
    data |= tr("description", sv="Öppen mötesplats", so="Goob furan")
    assert client.post("/admin/organisations/new", data=data).status_code == 302
    org = db.session.query(Organisation).one()
    assert [u.email for u in org.representatives] == ["rep@example.org"]
    db.session.refresh(rep)
    assert "organisation" in rep.roles

    data["representatives"] = "ghost@example.org"
    response = client.post(f"/admin/organisations/{org.id}", data=data)
    assert response.status_code == 200
    assert "ghost@example.org" in response.get_data(as_text=True)


def test_admin_edits_roles_but_not_own_admin(client, factories, login):
    admin = login(factories.admin())
    user = factories.user()
    response = client.post(
        f"/admin/users/{user.id}",
        data={"display_name": "X", "language": "en", "roles": ["resident", "staff"], "is_verified": "y"},
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.roles == {"resident", "staff"}
    response = client.post(f"/admin/users/{admin.id}", data={"display_name": "A", "language": "sv", "roles": ["staff"]})
    assert response.status_code == 200
    db.session.refresh(admin)
    assert admin.is_admin


def test_user_search(client, factories, login):
    login(factories.admin())
    factories.user(email="findme@example.org", name="Hitta Mig")
    factories.user(email="other@example.org")
    html = client.get("/admin/users?q=findme").get_data(as_text=True)
    assert "findme@example.org" in html and "other@example.org" not in html


def test_unknown_ids_are_404(client, factories, login):
    login(factories.admin())
    assert client.get("/admin/areas/9999").status_code == 404
    assert client.get("/admin/groups/9999").status_code == 404
    assert db.session.query(User).count() == 1
