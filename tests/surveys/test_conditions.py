"""Conditions: evaluation, validation (earlier questions only, no cycles), XLSForm relevant."""

from types import SimpleNamespace as NS

import pytest

from dialog.surveys import conditions as c

REFS = {
    "safe": c.QuestionRef("safe", "scale"),
    "colour": c.QuestionRef("colour", "single_choice", frozenset({"red", "blue"})),
    "places": c.QuestionRef("places", "multiple_choice", frozenset({"park", "school"})),
    "name": c.QuestionRef("name", "short_text"),
    "moved": c.QuestionRef("moved", "date"),
    "grid": c.QuestionRef("grid", "matrix"),
}


def cond(*rules, match="all"):
    return {"match": match, "rules": [dict(zip(("question", "op", "value"), r, strict=False)) for r in rules]}


@pytest.mark.parametrize(
    "rule,values,expected",
    [
        (("colour", "equals", "red"), {"colour": "red"}, True),
        (("colour", "equals", "red"), {"colour": "blue"}, False),
        (("colour", "equals", "red"), {}, False),
        (("colour", "not_equals", "red"), {"colour": "blue"}, True),
        (("colour", "not_equals", "red"), {}, True),  # as in XLSForm: empty is not equal
        (("places", "selected", "park"), {"places": ["park", "school"]}, True),
        (("places", "selected", "park"), {"places": ["school"]}, False),
        (("places", "not_selected", "park"), {"places": ["school"]}, True),
        (("places", "not_selected", "park"), {}, True),
        (("safe", "answered", None), {"safe": 3.0}, True),
        (("safe", "answered", None), {}, False),
        (("safe", "not_answered", None), {}, True),
        (("safe", "le", 2), {"safe": 2.0}, True),
        (("safe", "lt", 2), {"safe": 2.0}, False),
        (("safe", "gt", 2), {"safe": 3.0}, True),
        (("safe", "ge", 3), {"safe": 3.0}, True),
        (("safe", "gt", 2), {}, False),
        (("safe", "equals", 4), {"safe": 4.0}, True),
        (("moved", "lt", "2020-01-01"), {"moved": "2019-05-31"}, True),
        (("moved", "gt", "2020-01-01"), {"moved": "2019-05-31"}, False),
        (("name", "equals", "Ali"), {"name": "Ali"}, True),
    ],
)
def test_evaluate_rule(rule, values, expected):
    assert c.evaluate(cond(rule), values) is expected


def test_all_and_any():
    both = [("safe", "le", 2), ("colour", "equals", "red")]
    assert c.evaluate(cond(*both), {"safe": 1.0, "colour": "red"})
    assert not c.evaluate(cond(*both), {"safe": 1.0, "colour": "blue"})
    assert c.evaluate(cond(*both, match="any"), {"safe": 1.0, "colour": "blue"})
    assert not c.evaluate(cond(*both, match="any"), {"safe": 5.0, "colour": "blue"})
    assert c.evaluate(None, {}) and c.evaluate({"match": "all", "rules": []}, {})


def test_hidden_answers_do_not_count_for_later_rules():
    q1 = NS(id=1, code="walk", condition=None)
    q2 = NS(id=2, code="when", condition=cond(("walk", "equals", "yes")))
    q3 = NS(id=3, code="detail", condition=cond(("when", "answered", None)))
    page2 = NS(id=20, condition=cond(("walk", "answered", None)), questions=[q2, q3])
    sections = [NS(id=10, condition=None, questions=[q1]), page2]
    seen = c.compute_visibility(sections, {"walk": "yes", "when": "evening"})
    assert seen.sections == [10, 20] and seen.questions == {1, 2, 3}
    # "when" was answered earlier, but is hidden now: "detail" must disappear with it.
    seen = c.compute_visibility(sections, {"walk": "no", "when": "evening"})
    assert seen.questions == {1}
    assert "when" not in seen.values
    seen = c.compute_visibility(sections, {})
    assert seen.sections == [10]


def test_validate_accepts_good_rules():
    assert c.validate(cond(("safe", "le", 2), ("places", "selected", "park"), match="any"), REFS) == []
    assert c.validate(cond(("moved", "gt", "2020-01-31")), REFS) == []
    assert c.validate(None, REFS) == []


@pytest.mark.parametrize(
    "condition,fragment",
    [
        (cond(("later", "equals", "x")), "comes later"),
        (cond(("nothing", "equals", "x")), "no question"),
        (cond(("me", "answered", None)), "itself"),
        (cond(("colour", "equals", "green")), "options"),
        (cond(("colour", "gt", 2)), "comparison"),
        (cond(("places", "equals", "park")), "comparison"),
        (cond(("safe", "le", "many")), "number"),
        (cond(("moved", "lt", "31/12/2020")), "year-month-day"),
        (cond(("grid", "answered", None)), "cannot be used"),
        ({"match": "sometimes", "rules": [{"question": "safe", "op": "answered"}]}, "all or any"),
    ],
)
def test_validate_refuses_bad_rules(app, condition, fragment):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        problems = c.validate(condition, REFS, all_codes={"later", "me", *REFS}, own_code="me")
    assert problems and fragment in " ".join(problems)


def test_relevant_round_trip():
    condition = {
        "match": "any",
        "rules": [
            {"question": "safe", "op": "le", "value": 2},
            {"question": "colour", "op": "not_equals", "value": "red"},
            {"question": "places", "op": "selected", "value": "park"},
            {"question": "places", "op": "not_selected", "value": "school"},
            {"question": "name", "op": "answered"},
            {"question": "moved", "op": "not_answered"},
            {"question": "safe", "op": "gt", "value": 1.5},
        ],
    }
    text = c.to_relevant(condition)
    assert text.startswith("${safe} <= 2 or ${colour} != 'red' or selected(${places}, 'park')")
    assert c.parse_relevant(text) == condition


@pytest.mark.parametrize(
    "expression",
    [
        "${a} = 'x' and ${b} = 'y' or ${c} = 'z'",
        "count-selected(${a}) > 2",
        "${a} + 1 > 2",
        "(${a} = 'x')",
        "${a} =",
        "string-length(${a}) > 0",
    ],
)
def test_relevant_outside_the_subset_is_refused(expression):
    with pytest.raises(c.RelevantSyntaxError):
        c.parse_relevant(expression)


def test_rename_code_updates_rules():
    condition = cond(("old", "answered", None), ("other", "equals", "x"))
    renamed = c.rename_code(condition, "old", "new")
    assert [r["question"] for r in renamed["rules"]] == ["new", "other"]
