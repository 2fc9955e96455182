"""Summaries ("Vi hörde – vi gör"): themes across languages, drafts whose every sentence cites
its sources, publishing and feedback, the promises-kept dashboard and exports."""
