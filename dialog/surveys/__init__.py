"""Surveys: a multilingual builder, conditional questions, anonymous answering, results per
area, CSV/XLSX/XLSForm exchange and the repeated trust pulse."""
