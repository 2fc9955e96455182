"""The whole loop in a real browser: an anonymous resident sends an idea in Arabic, it lands in
the right theme group's inbox, a moderator approves it, a member answers in Swedish and Arabic,
the resident reads the answer through the receipt code, and the e-mail is in the outbox."""

import pytest

from dialog.core.mail import outbox_messages

from .conftest import (
    assert_lang_dir,
    assert_no_axe_violations,
    click_through,
    login,
    screenshot,
    set_language,
)

pytestmark = pytest.mark.browser

TITLE = "إضاءة عند موقف الحافلات"
BODY = "موقف الحافلات في برونسبو مظلم جداً في المساء. نحتاج إلى مصابيح."
ANSWER_SV = "Vi har beställt två nya lampor till hållplatsen."
ANSWER_AR = "طلبنا مصباحين جديدين لموقف الحافلات."


def test_idea_to_answer_loop(live_server, context_factory):
    base = live_server.url
    # 1. A resident on a phone, in Arabic, without an account.
    resident_ctx = context_factory(viewport={"width": 360, "height": 740}, locale="ar", bypass_csp=True)
    set_language(resident_ctx, base, "ar")
    resident = resident_ctx.new_page()
    resident.goto(base + "/areas/brunnsbo")
    click_through(resident, "a[href='/areas/brunnsbo/ideas/new']")
    assert_lang_dir(resident, "ar")
    resident.select_option("#topic_id", label="الأمان")
    resident.fill("#title", TITLE)
    resident.fill("#body", BODY)
    resident.fill("#place", "موقف برونسبو")
    resident.select_option("#language", "ar")
    resident.check("#consent_publish")
    resident.check("#consent_contact")
    resident.fill("#email", "amina@example.org")
    click_through(resident, "form.stack-form button[type=submit]")
    code = resident.inner_text(".receipt-code").strip()
    assert len(code) == 10 and code.count("-") == 2
    assert_no_axe_violations(resident)
    screenshot(resident, "loop-receipt-ar-phone")

    # 2. It is in the inbox of "Trygg i Norra Hisingen" (safety, covers the district).
    staff_ctx = context_factory(bypass_csp=True)
    staff = staff_ctx.new_page()
    login(staff, base, "lead@demo.dialog")
    staff.goto(base + "/inbox/trygg-i-norra-hisingen?moderation=pending")
    click_through(staff, f"text={TITLE}")
    assert "/inbox/contributions/" in staff.url
    assert_no_axe_violations(staff)
    screenshot(staff, "loop-inbox-detail-sv-desktop")

    # 3. The moderator approves it; 4. a member answers in Swedish and Arabic.
    click_through(staff, "#moderation button:has-text('Godkänn')")
    staff.select_option("#answer-status", "planned")
    staff.fill("#answer-body-sv", ANSWER_SV)
    staff.fill("#answer-body-ar", ANSWER_AR)
    click_through(staff, "#answer button[type=submit]")
    assert staff.input_value("#answer-body-sv") == ANSWER_SV  # saved, and shown for editing

    # 5. The resident follows the idea with the receipt code and reads the answer in Arabic.
    resident.goto(base + "/follow")
    resident.fill("#code", code.lower().replace("-", " "))
    click_through(resident, "form.stack-form button[type=submit]")
    assert ANSWER_AR in resident.inner_text(".answer")
    assert_lang_dir(resident, "ar")
    screenshot(resident, "loop-answer-ar-phone")

    # The idea is now public in the area's list.
    resident.goto(base + "/areas/brunnsbo/ideas")
    assert TITLE in resident.content()

    # 6. The e-mail went out, in Arabic.
    messages = [m for m in outbox_messages(live_server.app.config["MAIL_OUTBOX_DIR"]) if m["To"] == "amina@example.org"]
    assert messages, "no e-mail to the resident"
    assert any(ANSWER_AR in m.get_content() for m in messages)
