"""The app as served in the benchmark, plus the *floor*: a bare route in the same app and
server that runs one indexed query and renders a one-line template."""

from flask import Blueprint, render_template_string
from sqlalchemy import select

from dialog import create_app
from dialog.accounts.models import User
from dialog.extensions import db

floor = Blueprint("bench_floor", __name__)


@floor.get("/_floor")
def floor_page():
    user_id = db.session.scalar(select(User.id).where(User.email == "user1@bench.example.org"))
    return render_template_string("<p>{{ user_id }}</p>", user_id=user_id)


app = create_app()
app.register_blueprint(floor)
