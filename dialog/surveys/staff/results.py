"""Staff: results with charts and tables, all written answers, and the exports (CSV, XLSX, XLSForm)."""

from __future__ import annotations

from flask import Response, abort, render_template, request, stream_with_context

from ...i18n import LANGUAGES
from .. import exports as ex
from .. import results as res
from ..presentation import filter_args, filters_from, results_context
from ..results import paper_count
from ..xlsform import export_workbook
from .blueprint import bp, survey_or_403

# --- Results and exchange -------------------------------------------------------------------


@bp.get("/<int:ident>/results")
def results(ident: int):
    survey = survey_or_403(ident)
    context = results_context(survey, request.args, with_texts=True)
    return render_template(
        "surveys/staff/results.html", survey=survey, staff=True, paper=paper_count(survey), **context
    )


@bp.get("/<int:ident>/results/questions/<int:question_id>/texts")
def text_answers(ident: int, question_id: int):
    """All the written answers to one question, a page at a time, with the results' filters."""
    survey = survey_or_403(ident)
    question = next((q for q in survey.questions if q.id == question_id), None)
    if question is None:
        abort(404)
    filters = filters_from(survey, request.args)
    total = res.filtered_total(survey, filters)
    answers, next_before = [], None
    if total >= res.MIN_CELL:
        answers, next_before = res.text_answers(
            survey, question.id, filters, before=request.args.get("before", type=int)
        )
    return render_template(
        "surveys/staff/texts.html",
        survey=survey,
        question=question,
        filters=filters,
        filter_args=filter_args(request.args),
        answers=answers,
        next_before=next_before,
        hidden_total=total < res.MIN_CELL,
        first_page=request.args.get("before") is None,
    )


@bp.get("/<int:ident>/download")
def exports(ident: int):
    survey = survey_or_403(ident)
    return render_template("surveys/staff/exports.html", survey=survey)


def _export_options():
    headers = "labels" if request.args.get("headers") == "labels" else "codes"
    language = request.args.get("lang") if request.args.get("lang") in LANGUAGES else "sv"
    return headers, language


@bp.get("/<int:ident>/answers.csv")
def export_csv(ident: int):
    survey = survey_or_403(ident)
    headers, language = _export_options()
    cols = ex.columns(survey, headers=headers, language=language, area_names=ex.area_names(language))
    response = Response(stream_with_context(ex.csv_chunks(survey, cols)), mimetype="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="survey-{survey.id}-answers.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/<int:ident>/answers.xlsx")
def export_xlsx(ident: int):
    survey = survey_or_403(ident)
    headers, language = _export_options()
    cols = ex.columns(survey, headers=headers, language=language, area_names=ex.area_names(language))
    response = Response(
        stream_with_context(ex.xlsx_chunks(survey, cols)),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response.headers["Content-Disposition"] = f'attachment; filename="survey-{survey.id}-answers.xlsx"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/<int:ident>/xlsform.xlsx")
def xlsform_export(ident: int):
    survey = survey_or_403(ident)
    response = Response(
        export_workbook(survey), mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response.headers["Content-Disposition"] = f'attachment; filename="survey-{survey.id}-xlsform.xlsx"'
    return response
