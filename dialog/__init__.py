"""Dialog: a civic dialogue and participation platform."""

from __future__ import annotations

import logging
from importlib import import_module

from flask import Flask
from flask_babel import format_date, format_datetime, format_decimal, format_time, refresh
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy import event
from sqlalchemy.engine import Engine

# Only the config, the extensions, core and i18n are imported with the package: every domain
# module imports ``dialog`` first, so the domains are imported inside the factory below.
from .config import BASE_DIR, INSTANCE_DIR, Config, config_from_env
from .core.encoding import remember_invalid_utf8
from .core.errors import init_errors
from .core.form_messages import use_our_form_messages
from .core.health import load_user_or_unavailable
from .core.production import init_production
from .core.security import init_security
from .core.text import nl2br, sanitize_html
from .extensions import babel, csrf, db, limiter, login_manager, migrate
from .i18n import (
    LANGUAGES,
    current_language,
    date_and_time,
    language_name,
    list_comma,
    select_locale,
    text_direction,
    translated,
    translated_language,
)
from .i18n.isolation import isolate_in_templates, use_isolating_domain

#: Blueprints, in the order their URL rules are registered.
BLUEPRINTS = (
    "dialog.core.health",
    "dialog.public.views",
    "dialog.public.areas",
    "dialog.themegroups.views",
    "dialog.i18n.views",
    "dialog.accounts.views",
    "dialog.accounts.two_factor_views",
    "dialog.admin.views",
    "dialog.contributions.views",
    "dialog.contributions.inbox",
    "dialog.moderation.views",
    "dialog.translation.views",
    "dialog.notifications.views",
    "dialog.surveys.views",
    "dialog.surveys.staff",
    "dialog.cafe.views",
    "dialog.cafe.staff",
    "dialog.cafe.hosting",
    "dialog.trust.views",
    "dialog.retention.views",
    "dialog.organisations.views",
    "dialog.matchmaking.views",
    "dialog.summaries.views",
)


#: Domains that keep something of a person: each module registers its part of "Download my
#: data" and "Delete my account" (see ``core.data_rights``). A new domain adds its module here.
DATA_RIGHTS = (
    "dialog.cafe.data_rights",
    "dialog.contributions.data_rights",
    "dialog.notifications.data_rights",
    "dialog.surveys.data_rights",
    "dialog.trust.data_rights",
    "dialog.translation.datarights",
    "dialog.matchmaking.data_rights",
    "dialog.summaries.data_rights",
    "dialog.accounts.data_rights",
)


def create_app(config: type[Config] | None = None, **overrides) -> Flask:
    """Build the app: configuration, extensions, blueprints, CLI, in a fixed order."""
    config = config or config_from_env()
    if hasattr(config, "check"):
        config.check()

    app = Flask(
        __name__,
        instance_path=str(INSTANCE_DIR),
        template_folder="../templates",
        static_folder="../static",
    )
    app.config.from_object(config)
    app.config.update(overrides)
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(level=logging.INFO)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)

    _init_extensions(app)
    _register_blueprints(app)
    _register_data_rights()
    _register_jobs_and_sources()
    _init_templates(app)
    init_security(app)
    init_errors(app)
    init_production(app)

    # local: the commands come from every domain (see the note above the imports)
    from .cli import register_cli

    register_cli(app)
    return app


def _init_extensions(app: Flask) -> None:
    # local: imports every domain's models so the metadata is complete (see the note above the imports)
    from . import models  # noqa: F401

    # Before CSRFProtect's hook: it parses the form, after which the raw body is gone.
    app.before_request(remember_invalid_utf8)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(BASE_DIR / "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    use_isolating_domain(babel, app.config.get("BABEL_DEFAULT_DOMAIN", "messages"))
    isolate_in_templates(app.jinja_env)
    app.before_request(use_our_form_messages)

    @app.before_request
    def _fresh_locale():
        # Flask-Babel caches the locale on the app context, which an outer context (a
        # worker, a test) can share across requests: decide it afresh for every request.
        refresh()

    limiter.init_app(app)

    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message_category = "info"
    login_manager.login_message = _l("Please log in to see this page.")

    @login_manager.user_loader
    @load_user_or_unavailable
    def load_user(user_id: str):
        from .accounts.models import User  # local: a domain (see the note above the imports)

        return db.session.get(User, int(user_id)) if user_id.isdigit() else None


def _register_blueprints(app: Flask) -> None:
    for module_name in BLUEPRINTS:
        module = import_module(module_name)
        app.register_blueprint(module.bp)
        # A domain may keep its public and staff pages in one module (``bp`` and ``staff_bp``).
        if hasattr(module, "staff_bp"):
            app.register_blueprint(module.staff_bp)


def _register_data_rights() -> None:
    for module_name in DATA_RIGHTS:
        import_module(module_name)  # each registers its holding on import


def _register_jobs_and_sources() -> None:
    """The background jobs and the contribution-source resolvers, from one explicit list each.

    The lower layers (notifications, contributions) run and resolve them without importing the
    domains that define them. Imported here, not at the top of this module: every module of the
    package imports ``dialog`` first, so a top-level import of the domains would be a circle.
    """
    # local: the domains, imported inside the factory (see the docstring)
    from .cafe import emails as cafe_emails
    from .cafe import sources as cafe_sources
    from .contributions.sources import register_sources
    from .matchmaking import emails as match_emails
    from .matchmaking import operations as match_operations
    from .matchmaking import sources as match_sources
    from .notifications import operations as notifications
    from .notifications.jobs import register_jobs
    from .retention import operations as retention
    from .summaries import drafting as summary_drafting
    from .summaries import feedback as summary_feedback
    from .surveys import sources as survey_sources
    from .translation import jobs as translation_jobs
    from .trust import sources as trust_sources

    register_jobs(
        {
            "notify_author": notifications.send_author_notification,
            "daily_digest": notifications.send_daily_digest,
            "cafe_registration": cafe_emails.send_registration_email,
            "cafe_reminders": cafe_emails.send_due_reminders,
            "cafe_feedback": cafe_emails.send_feedback,
            "retention": retention.run_job,
            **translation_jobs.JOBS,
            "match_suggestions": match_operations.run_suggestions,
            "match_thank_you": match_emails.send_thank_you,
            "summary_draft": summary_drafting.write_draft,
            "summary_feedback": summary_feedback.send_summary_feedback,
        }
    )
    # A new source of contributions plugs in here: its ``source_kind`` and a resolver that
    # returns ``{contribution id: SourceLink}`` for a list of contributions in fixed queries.
    register_sources(
        {
            "cafe_note": cafe_sources.cafe_notes,
            "cafe_proposal": cafe_sources.cafe_proposals,
            "story": trust_sources.trust_stories,
            "survey": survey_sources.survey_answers,
            "round_offer": match_sources.round_items,
        }
    )


def _init_templates(app: Flask) -> None:
    def translated_attrs(value) -> Markup:
        """``lang`` and ``dir`` for a per-language text, which may have fallen back to Swedish."""
        code = translated_language(value)
        return Markup(f'lang="{code}" dir="{text_direction(code)}"')

    app.jinja_env.filters.update(
        tr=translated,
        tr_lang=translated_language,
        tr_attrs=translated_attrs,
        language_name=language_name,
        nl2br=nl2br,
        rich=sanitize_html,
        date=format_date,
        datetime=format_datetime,
        date_and_time=date_and_time,
        time=format_time,
        number=format_decimal,
    )
    app.jinja_env.globals["list_comma"] = list_comma
    app.jinja_env.add_extension("jinja2.ext.do")

    @app.context_processor
    def inject_i18n():
        language = current_language()
        return {
            "LANGUAGES": LANGUAGES,
            "current_language": language,
            "text_direction": text_direction(language),
            "direction_of": text_direction,
            "csrf_token": generate_csrf,
            # Lets shared navigation link to pages of optional blueprints only when they exist.
            "url_endpoints": app.view_functions,
        }


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """SQLite: WAL for concurrent readers, enforced foreign keys, wait instead of failing."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
