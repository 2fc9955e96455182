"""One way to send e-mail: SMTP when configured, otherwise a file in the outbox folder."""

from __future__ import annotations

import hashlib
import logging
import smtplib
import uuid
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app

log = logging.getLogger(__name__)


def send_email(
    to: str,
    subject: str,
    body: str,
    *,
    headers: dict[str, str] | None = None,
    attachments: list[tuple[str, str, bytes]] = (),
    key: str | None = None,
) -> None:
    """Send a plain-text message; in development write it to ``MAIL_OUTBOX_DIR`` and log it.

    ``attachments``: (file name, MIME type, content), e.g. a calendar file.
    ``key`` names the message once and for all (e.g. "cafe_registration:12:registered"): a job
    retried after its worker died sends the same Message-ID again, and the file outbox keeps one
    file per key, so a retry never makes a second message there (SMTP relays and mail clients
    drop a repeated Message-ID).
    """
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    if key:
        digest = hashlib.sha256(f"{config['SECRET_KEY']}:{key}".encode()).hexdigest()[:32]
        message["Message-ID"] = f"<{digest}@dialog.localhost>"
    else:
        message["Message-ID"] = make_msgid(domain="dialog.localhost")
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    for filename, mime_type, content in attachments:
        maintype, subtype = mime_type.split("/", 1)
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)

    if config.get("MAIL_SERVER"):
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            smtp.send_message(message)
        return

    outbox = Path(config["MAIL_OUTBOX_DIR"])
    outbox.mkdir(parents=True, exist_ok=True)
    name = message["Message-ID"].strip("<>").split("@")[0] if key else uuid.uuid4().hex
    path = outbox / f"{name}.eml"
    partial = outbox / f".{name}.{uuid.uuid4().hex}.tmp"
    partial.write_bytes(bytes(message))
    partial.replace(path)  # atomic: a reader sees the whole message or none
    if config.get("ENV_NAME") == "production":
        log.info("E-mail written to %s", path.name)  # no addresses or contents in production logs
    else:
        log.warning("E-mail to %s written to %s\nSubject: %s\n\n%s", to, path, subject, body)


def outbox_messages(outbox_dir: str | None = None) -> list[EmailMessage]:
    """Read the messages in the file outbox, oldest first (used by tests and the dev log)."""
    outbox = Path(outbox_dir or current_app.config["MAIL_OUTBOX_DIR"])
    if not outbox.exists():
        return []
    files = sorted(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)
    parser = BytesParser(policy=policy.default)
    return [parser.parsebytes(p.read_bytes()) for p in files]
