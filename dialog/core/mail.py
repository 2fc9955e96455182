"""One way to send e-mail: SMTP when configured, otherwise a file in the outbox folder."""

from __future__ import annotations

import logging
import smtplib
import uuid
from email.message import EmailMessage
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
) -> None:
    """Send a plain-text message; in development write it to ``MAIL_OUTBOX_DIR`` and log it.

    ``attachments``: (file name, MIME type, content), e.g. a calendar file.
    """
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
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
    path = outbox / f"{uuid.uuid4().hex}.eml"
    path.write_bytes(bytes(message))
    log.warning("E-mail to %s written to %s\nSubject: %s\n\n%s", to, path, subject, body)


def outbox_messages(outbox_dir: str | None = None) -> list[EmailMessage]:
    """Read the messages in the file outbox, oldest first (used by tests and the dev log)."""
    from email import policy
    from email.parser import BytesParser

    outbox = Path(outbox_dir or current_app.config["MAIL_OUTBOX_DIR"])
    if not outbox.exists():
        return []
    files = sorted(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)
    parser = BytesParser(policy=policy.default)
    return [parser.parsebytes(p.read_bytes()) for p in files]
