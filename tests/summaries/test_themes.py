"""Themes across languages: vocabulary tagging, clustering per language, language detection,
and the staff's accept / rename / merge / drop."""

from sqlalchemy import select

from dialog.core.language import detect_languages
from dialog.extensions import db
from dialog.summaries import operations, themes
from dialog.summaries.drafting import read_rows, tag_rows, vocabulary_tagger
from dialog.summaries.models import Theme, ThemeTag
from dialog.summaries.scope import Scope

from .helpers import build, draft


def lighting_theme() -> Theme:
    return next(
        t
        for t in db.session.scalars(select(Theme).where(Theme.origin == "vocabulary"))
        if t.name["sv"].startswith("Belysning")
    )


def test_arabic_and_swedish_about_lighting_land_in_the_same_theme(factories):
    place = build(factories)
    rows = read_rows(Scope(place["group"].id))
    tagged = tag_rows(rows, vocabulary_tagger())
    members = dict(tagged[lighting_theme().id])
    sv, ar, so, fa = (place["contributions"][i].id for i in range(4))
    assert sv in members and ar in members
    assert "belysning" in members[sv] and "mörk" in members[sv]
    assert any("إضاءة" in w or "مظلم" in w for w in members[ar])


def test_somali_and_persian_land_in_the_right_theme_with_their_keywords(factories):
    place = build(factories)
    tagged = tag_rows(read_rows(Scope(place["group"].id)), vocabulary_tagger())
    members = dict(tagged[lighting_theme().id])
    so, fa = place["contributions"][2].id, place["contributions"][3].id
    assert set(members[so]) >= {"mugdi", "iftiin"}
    assert "تاریک" in members[fa]
    # The playground texts are not about lighting.
    assert place["contributions"][4].id not in members
    stored = db.session.scalars(select(ThemeTag).where(ThemeTag.contribution_id == so)).all()
    assert any(t.theme_id == lighting_theme().id and "mugdi" in t.reasons for t in stored)


def test_a_keyword_staff_add_tags_after_the_next_draft(factories):
    place = build(factories)
    theme = lighting_theme()
    keywords = dict(theme.keywords)
    keywords["en"] = ["swing"]
    operations.save_theme(theme, name=theme.name, keywords=keywords)
    db.session.commit()
    tagged = tag_rows(read_rows(Scope(place["group"].id)), vocabulary_tagger())
    assert place["contributions"][5].id in dict(tagged[theme.id])


def test_tagger_matches_inside_words_and_short_words_only_at_the_start():
    tagger = themes.Tagger([themes.VocabularyTheme(1, {"sv": ["belysning", "fart"], "ar": ["عمل"]})])
    assert tagger.tag("Gatubelysningen", ["sv"]) == {1: ["belysning"]}
    assert tagger.tag("Bilarna kör för fort, ingen fartkamera", ["sv"]) == {1: ["fart"]}
    assert tagger.tag("Startavgift", ["sv"]) == {}
    assert tagger.tag("نريد العمل", ["ar"]) == {1: ["عمل"]}
    assert tagger.tag("belysning", ["ar"]) == {}


def test_language_detection_for_the_five_languages():
    found = detect_languages(
        [
            "Det är mörkt på vägen hem från bussen",
            "الطريق إلى البيت مظلم في الليل",
            "Waddada guriga waa mugdi habeenkii",
            "راه خانه شب تاریک است",
            "The way home is dark at night",
        ]
    )
    assert found == ["sv", "ar", "so", "fa", "en"]


def test_clustering_proposes_themes_named_by_top_words_per_language():
    texts = (
        ["Lekplatsen behöver nya gungor och sandlåda"] * 4
        + ["Gungor på lekplatsen är trasiga"] * 3
        + ["Fritidsgården borde vara öppen på helger"] * 4
        + ["Öppna fritidsgården fler kvällar"] * 3
    )
    clusters = themes.cluster_language("sv", texts)
    assert len(clusters) >= 2
    named = [set(c.top_terms) for c in clusters]
    assert any("fritidsgården" in n for n in named)
    assert any({"lekplatsen", "gungor"} & n for n in named)
    for cluster in clusters:
        assert all(terms for _index, terms in cluster.members)


def test_staff_accept_merge_and_drop_proposed_clusters(factories, client, login):
    place = build(factories)
    for i in range(8):
        from dialog.contributions.operations import create_contribution

        create_contribution(
            source_kind="idea",
            area=place["backa"],
            language="sv",
            topics=[place["safety"]],
            author=place["resident"],
            body=f"Fritidsgården borde vara öppen på helger och kvällar nummer {i}",
        )
    db.session.commit()
    draft(place)
    proposed = db.session.scalars(select(Theme).where(Theme.origin == "cluster", Theme.state == "proposed")).all()
    assert proposed
    login(place["lead"])
    group_id = place["group"].id
    page = client.get(f"/staff/summaries/groups/{group_id}/themes/{proposed[0].id}").get_data(as_text=True)
    assert "Top words it shares" in page
    response = client.post(
        f"/staff/summaries/groups/{group_id}/themes/{proposed[0].id}/accept", data={"name-sv": "Öppettider"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    accepted = db.session.get(Theme, proposed[0].id)
    assert accepted.state == "accepted" and accepted.name == {"sv": "Öppettider"}
    lighting = lighting_theme()
    before = db.session.scalar(select(db.func.count()).select_from(ThemeTag).where(ThemeTag.theme_id == lighting.id))
    response = client.post(
        f"/staff/summaries/groups/{group_id}/themes/{accepted.id}/merge", data={"target": lighting.id}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Theme, accepted.id) is None
    after = db.session.scalar(select(db.func.count()).select_from(ThemeTag).where(ThemeTag.theme_id == lighting.id))
    assert after > before
    client.post(f"/staff/summaries/groups/{group_id}/themes/{lighting.id}/drop")
    db.session.expire_all()
    assert db.session.get(Theme, lighting.id) is None


def test_a_theme_of_another_group_is_not_found(factories, client, login):
    place = build(factories)
    theme = Theme(origin="cluster", state="proposed", theme_group_id=place["other"].id, language="sv", top_terms=["x"])
    db.session.add(theme)
    db.session.commit()
    login(place["lead"])
    assert client.get(f"/staff/summaries/groups/{place['group'].id}/themes/{theme.id}").status_code == 404
    assert client.get(f"/staff/summaries/groups/{place['other'].id}/themes").status_code == 403
