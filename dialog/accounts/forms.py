"""Account forms."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import Email, EqualTo, InputRequired, Length

from ..core.forms import PublicForm, clean_text
from ..i18n import LANGUAGES

PASSWORD_MIN = 10


def _email_field():
    return EmailField(
        _l("E-mail address"),
        validators=[
            InputRequired(message=_l("Write your e-mail address.")),
            Email(message=_l("This does not look like an e-mail address."), check_deliverability=False),
            Length(max=254),
        ],
        filters=[lambda v: v.strip().lower() if isinstance(v, str) else v],
        render_kw={"autocomplete": "email"},
    )


def _new_password_fields():
    password = PasswordField(
        _l("Password"),
        validators=[
            InputRequired(message=_l("Choose a password.")),
            Length(
                min=PASSWORD_MIN,
                max=200,
                message=lazy_ngettext(
                    "Use at least %(num)d character.", "Use at least %(num)d characters.", PASSWORD_MIN
                ),
            ),
        ],
        description=lazy_ngettext(
            "At least %(num)d character. A short sentence is easy to remember.",
            "At least %(num)d characters. A short sentence is easy to remember.",
            PASSWORD_MIN,
        ),
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Password again"),
        validators=[
            InputRequired(message=_l("Write the password again.")),
            EqualTo("password", message=_l("The two passwords are not the same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    return password, confirm


class RegisterForm(PublicForm):
    display_name = StringField(
        _l("Name or nickname"),
        validators=[InputRequired(message=_l("Write a name or a nickname.")), Length(max=80)],
        filters=[clean_text],
        description=_l("Shown next to what you write. It does not have to be your real name."),
        render_kw={"autocomplete": "nickname"},
    )
    email = _email_field()
    password, confirm = _new_password_fields()
    language = SelectField(_l("Language"), choices=list(LANGUAGES.items()))


class LoginForm(PublicForm):
    email = _email_field()
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(message=_l("Write your password."))],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Keep me logged in on this device"))


class ResetRequestForm(PublicForm):
    email = _email_field()


class ResetPasswordForm(PublicForm):
    password, confirm = _new_password_fields()


class ProfileForm(FlaskForm):
    display_name = StringField(
        _l("Name or nickname"),
        validators=[InputRequired(message=_l("Write a name or a nickname.")), Length(max=80)],
        filters=[clean_text],
    )
    language = SelectField(_l("Language"), choices=list(LANGUAGES.items()))


class DeleteAccountForm(FlaskForm):
    password = PasswordField(
        _l("Your password"),
        validators=[InputRequired(message=_l("Write your password."))],
        render_kw={"autocomplete": "current-password"},
    )
    confirm = BooleanField(
        _l("Yes, delete my account and my personal data"),
        validators=[InputRequired(message=_l("Tick the box to confirm."))],
    )


class TwoFactorCodeForm(FlaskForm):
    code = StringField(
        _l("Code"),
        validators=[InputRequired(message=_l("Write the code.")), Length(max=20)],
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
        description=_l("Six digits from your authenticator app, or one of your recovery codes."),
        render_kw={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"},
    )
