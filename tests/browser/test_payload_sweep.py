"""The browser half of the payload sweep: payloads sent through the idea form and a trust story
are stored, approved and then shown on public and staff pages in Chromium, where none may run:
no dialog opens, the marker the payloads would set stays unset, and no element they carry exists.
"""

from __future__ import annotations

import pytest

from .conftest import click_through, login

pytestmark = pytest.mark.browser

MARK = "zqx"
PAYLOADS = [
    f"<script>window.{MARK}=1</script>",
    f'"><img src=x onerror="window.{MARK}=1">',
    f"<svg/onload=window.{MARK}=1>",
    f"javascript:window.{MARK}=1",
    f"{{{{7*7}}}}{MARK}",
]


def _watched(context):
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return page, dialogs


def _nothing_ran(page, dialogs) -> None:
    assert page.evaluate(f"typeof window.{MARK}") == "undefined", page.url
    assert dialogs == []
    assert page.locator(f"img[onerror*='{MARK}'], svg[onload*='{MARK}'], a[href^='javascript:']").count() == 0
    assert f"49{MARK}" not in page.content()


def test_payloads_from_residents_never_run_in_the_browser(live_server, context_factory):
    base = live_server.url
    resident, dialogs = _watched(context_factory())
    for payload in PAYLOADS:
        resident.goto(base + "/areas/brunnsbo/ideas/new")
        resident.select_option("#topic_id", label="Trygghet")
        resident.fill("#title", payload[:200])
        resident.fill("#body", f"Idé {payload} slut")
        resident.fill("#place", payload[:200])
        resident.check("#consent_publish")
        click_through(resident, "form.stack-form button[type=submit]")
        assert resident.locator(".receipt-code").count() == 1, resident.inner_text("main")[:300]
        _nothing_ran(resident, dialogs)  # the receipt page shows what was sent

    staff, staff_dialogs = _watched(context_factory())
    login(staff, base, "lead@demo.dialog")
    staff.goto(base + "/inbox/trygg-i-norra-hisingen?moderation=pending")
    _nothing_ran(staff, staff_dialogs)
    assert MARK in staff.inner_text("main")  # the payloads are in the inbox, shown as text
    links = staff.locator("a[href^='/inbox/contributions/']")
    hrefs = [links.nth(i).get_attribute("href") for i in range(min(links.count(), len(PAYLOADS)))]
    assert hrefs
    for href in hrefs:
        staff.goto(base + href)
        _nothing_ran(staff, staff_dialogs)
        approve = staff.locator("#moderation button:has-text('Godkänn')")
        if approve.count():
            click_through(staff, "#moderation button:has-text('Godkänn')")
            _nothing_ran(staff, staff_dialogs)

    # Whatever was approved is public now: nothing runs on the public pages either.
    visitor, visitor_dialogs = _watched(context_factory())
    for path in ("/areas/brunnsbo", "/areas/brunnsbo/ideas", "/"):
        visitor.goto(base + path)
        _nothing_ran(visitor, visitor_dialogs)
