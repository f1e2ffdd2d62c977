"""Statements, emails and reports through the real aiohttp transport against the sandbox on 127.0.0.1.

Each test checks what the sandbox received (its request recording) and the typed answer, which
is compared with the sandbox's own ground truth (the contact's ledger, the outbox).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from zbooks_async import NotFoundError, ValidationError, ZohoBooks, jsoncodec
from zbooks_async.converter import unstructure
from zbooks_async.models.emails import EmailContent
from zbooks_async.models.statements import ContactStatement
from zbooks_async.sandbox import (
    RecordedRequest,
    Sandbox,
    ledger,
    mail,
)

from ..resources.contact_examples import same_json
from .sandbox_session import ORG, live_sandbox

NOW = 1718000000.0  # 2024-06-10 in the sandbox's +0530 zone
TODAY = dt.date(2024, 6, 10)
MISSING = "460000000099999"


@attrs.frozen
class Env:
    books: ZohoBooks
    sandbox: Sandbox
    customer: dict[str, Any]
    vendor: dict[str, Any]

    def last_request(self) -> RecordedRequest:
        return self.sandbox.stats.requests[-1]

    def entries(self, record: dict[str, Any]) -> list[dict[str, Any]]:
        return ledger.ledger(self.sandbox.organization(), record, TODAY, self.sandbox.config.seed)


def _has_everything(sandbox: Sandbox, record: dict[str, Any]) -> bool:
    """A customer whose ledger shows every kind of report row."""
    if record["contact_type"] != "customer" or not record["outstanding_receivable_amount"]:
        return False
    if not record["unused_credits_receivable_amount"]:
        return False
    kinds = {e["kind"] for e in ledger.ledger(sandbox.organization(), record, TODAY, 0)}
    wanted = {"creditnote_refund", "payment_refund", "retainer_payment", "opening_balance"}
    return wanted <= kinds


@pytest.fixture
async def env() -> AsyncIterator[Env]:
    async with live_sandbox(seed_contacts=400, wall_clock=lambda: NOW) as (books, sandbox):
        contacts = sandbox.contacts()
        customer = next(c for c in contacts if _has_everything(sandbox, c))
        vendor = next(
            c for c in contacts if c["contact_type"] == "vendor" and c["outstanding_payable_amount"]
        )
        yield Env(books, sandbox, customer, vendor)


def zoho_json(data: Any) -> Any:
    """Sandbox ground truth as the SDK reads JSON: through the wire format, money as Decimal."""
    return jsoncodec.loads(jsoncodec.dumps(data))


def check_request(
    env: Env, method: str, path: str, query: dict[str, str] | None = None, body: Any = None
) -> None:
    recorded = env.last_request()
    assert (recorded.method, recorded.path) == (method, f"/books/v3{path}")
    assert recorded.query == {"organization_id": ORG, **(query or {})}
    assert recorded.body == body
    assert recorded.headers["Authorization"] == "Zoho-oauthtoken sandbox-token"


def valid_pdf(data: bytes) -> bool:
    """Header, trailer, and an xref table whose offsets point at the objects it names."""
    if not data.startswith(b"%PDF-1.") or not data.rstrip().endswith(b"%%EOF"):
        return False
    found = re.search(rb"startxref\n(\d+)\n%%EOF", data)
    assert found is not None
    xref = int(found.group(1))
    header = re.match(rb"xref\n0 (\d+)\n", data[xref:])
    assert header is not None
    rows = data[xref + header.end() :].split(b"\n")[: int(header.group(1))]
    for number, row in enumerate(rows[1:], start=1):
        offset = int(row[:10])
        if not data[offset:].startswith(b"%d 0 obj" % number):
            return False
    return True


# Statements ------------------------------------------------------------------------------


async def test_statement_json_for_a_period_matches_the_ledger(env: Env) -> None:
    cid = env.customer["contact_id"]
    start, end = dt.date(2023, 6, 1), dt.date(2024, 6, 30)
    statement = await env.books.contacts.statements.get(cid, start_date=start, end_date=end)
    check_request(
        env, "GET", f"/contacts/{cid}/statements", {"start_date": "2023-06-01", "end_date": "2024-06-30"}
    )
    assert isinstance(statement, ContactStatement)
    same_json(
        zoho_json(ledger.statement(env.customer, env.entries(env.customer), start, end)),
        unstructure(statement),
    )
    owed = Decimal(str(env.customer["outstanding_receivable_amount"]))
    credits = Decimal(str(env.customer["unused_credits_receivable_amount"]))
    assert statement.balance_due == owed - credits
    assert statement.transactions and statement.transactions[-1].balance == statement.balance_due


async def test_statement_defaults_to_this_month(env: Env) -> None:
    statement = await env.books.contacts.statements.get(env.customer["contact_id"])
    assert (statement.start_date, statement.end_date) == (dt.date(2024, 6, 1), dt.date(2024, 6, 30))
    assert env.last_request().query == {"organization_id": ORG}


async def test_statement_pdf_is_a_valid_pdf(env: Env) -> None:
    cid = env.customer["contact_id"]
    data = await env.books.contacts.statements.pdf(cid, start_date=dt.date(2023, 7, 1))
    check_request(env, "GET", f"/contacts/{cid}/statements", {"start_date": "2023-07-01", "accept": "pdf"})
    assert valid_pdf(data)
    assert env.customer["contact_name"].encode("cp1252", "replace") in data


async def test_statement_download_streams_the_pdf_to_a_file(env: Env, tmp_path: Path) -> None:
    cid = env.customer["contact_id"]
    target = await env.books.contacts.statements.download(cid, tmp_path / "statement.pdf")
    check_request(env, "GET", f"/contacts/{cid}/statements", {"accept": "pdf"})
    saved = target.read_bytes()
    assert valid_pdf(saved) and saved == await env.books.contacts.statements.pdf(cid)


async def test_email_statement_with_custom_content_lands_in_the_outbox(env: Env) -> None:
    cid = env.customer["contact_id"]
    result = await env.books.contacts.statements.email(
        cid,
        start_date=dt.date(2024, 1, 1),
        end_date=dt.date(2024, 3, 31),
        send_from_org_email_id=True,
        to_mail_ids=["ap@customer.example"],
        cc_mail_ids=["owner@customer.example"],
        subject="Q1 statement",
        body="Please find your statement attached.",
    )
    assert result.message == "Statement has been sent to the Customer."
    sent_body = {
        "send_from_org_email_id": True,
        "to_mail_ids": ["ap@customer.example"],
        "cc_mail_ids": ["owner@customer.example"],
        "subject": "Q1 statement",
        "body": "Please find your statement attached.",
    }
    check_request(
        env,
        "POST",
        f"/contacts/{cid}/statements/email",
        {"start_date": "2024-01-01", "end_date": "2024-03-31"},
        sent_body,
    )
    [email] = mail.sent_emails(env.sandbox.organization(), cid)
    assert email["kind"] == "statement" and email["to_mail_ids"] == ["ap@customer.example"]
    assert email["cc_mail_ids"] == ["owner@customer.example"] and email["start_date"] == "2024-01-01"
    assert email["attachments"][0].startswith("statement_") and email["attachments"][0].endswith(".pdf")


async def test_email_statement_without_fields_goes_to_the_primary_person(env: Env) -> None:
    cid = env.customer["contact_id"]
    await env.books.contacts.statements.email(cid)
    check_request(env, "POST", f"/contacts/{cid}/statements/email")
    [email] = mail.sent_emails(env.sandbox.organization(), cid)
    primary = next(p for p in env.customer["contact_persons"] if p["is_primary_contact"])
    assert email["to_mail_ids"] == [primary["email"]]


async def test_statement_email_content_is_typed(env: Env) -> None:
    cid = env.customer["contact_id"]
    content = await env.books.contacts.statements.email_content(cid, end_date=dt.date(2024, 6, 30))
    check_request(env, "GET", f"/contacts/{cid}/statements/email", {"end_date": "2024-06-30"})
    assert isinstance(content, EmailContent) and content.contact_id == cid
    assert content.to_contacts and any(person.selected for person in content.to_contacts)
    assert content.file_name and content.file_name.endswith(".pdf")
    assert "01 Jun 2024 to 30 Jun 2024" in (content.body or "")


async def test_vendor_statement_email_and_its_content(env: Env) -> None:
    vid = env.vendor["contact_id"]
    content = await env.books.contacts.statements.vendor_email_content(vid)
    check_request(env, "GET", f"/contacts/{vid}/vendorstatements/email")
    assert content.subject and "Vendor statement" in content.subject
    fields = {"to_mail_ids": ["sales@vendor.example"], "subject": "Our account", "body": "Attached."}
    result = await env.books.contacts.statements.email_vendor(
        vid, to_mail_ids=["sales@vendor.example"], subject="Our account", body="Attached."
    )
    check_request(env, "POST", f"/contacts/{vid}/vendorstatements/email", body=fields)
    assert result.message == "success"
    [email] = mail.sent_emails(env.sandbox.organization(), vid)
    assert email["kind"] == "vendor_statement" and email["to_mail_ids"] == ["sales@vendor.example"]


# Emails ----------------------------------------------------------------------------------


async def test_email_contact_with_attachments_through_multipart(env: Env, tmp_path: Path) -> None:
    cid = env.customer["contact_id"]
    terms = tmp_path / "terms.pdf"
    terms.write_bytes(b"%PDF-1.4 terms")
    result = await env.books.contacts.emails.send(
        cid,
        to_mail_ids=["buyer@customer.example"],
        subject="Welcome",
        body="Our terms are attached.",
        attachments=[terms],
        send_customer_statement=True,
    )
    assert result.message == "Email has been sent."
    recorded = env.last_request()
    assert (recorded.method, recorded.path) == ("POST", f"/books/v3/contacts/{cid}/email")
    assert recorded.query == {"organization_id": ORG, "send_customer_statement": "true"}
    assert recorded.headers["Content-Type"].startswith("multipart/form-data")
    [email] = mail.sent_emails(env.sandbox.organization(), cid)
    assert email["to_mail_ids"] == ["buyer@customer.example"] and email["subject"] == "Welcome"
    assert email["attachments"][1:] == ["terms.pdf"] and email["attachments"][0].startswith("statement_")


async def test_email_contact_content(env: Env) -> None:
    cid = env.customer["contact_id"]
    content = await env.books.contacts.emails.content(cid)
    check_request(env, "GET", f"/contacts/{cid}/email")
    same_json(zoho_json(mail.content(env.customer, "contact")), unstructure(content))


async def test_email_contact_refused_by_the_sandbox_is_a_validation_error(env: Env) -> None:
    with pytest.raises(ValidationError) as raised:
        await env.books.contacts.emails.send(
            env.customer["contact_id"], to_mail_ids=["not-an-address"], subject="s", body="b"
        )
    assert raised.value.code == 4 and "to_mail_ids" in raised.value.message


async def test_client_review_email_and_content(env: Env) -> None:
    cid = env.customer["contact_id"]
    content = await env.books.contacts.emails.client_review_content(cid)
    check_request(env, "GET", f"/contacts/{cid}/clientreviews/email")
    assert content.subject and "experience" in content.subject
    result = await env.books.contacts.emails.send_client_review(cid)
    check_request(env, "POST", f"/contacts/{cid}/clientreviews/email")
    assert (result.code, result.message) == (0, "success")
    [email] = mail.sent_emails(env.sandbox.organization(), cid)
    assert (email["kind"], email["subject"]) == ("client_review", content.subject)


async def test_payment_method_request_email_and_content(env: Env) -> None:
    cid = env.customer["contact_id"]
    content = await env.books.contacts.emails.payment_method_request_content(cid)
    check_request(env, "GET", f"/contacts/{cid}/paymentmethod/email")
    assert content.subject and "payment method" in content.subject
    await env.books.contacts.emails.send_payment_method_request(
        cid, to_mail_ids=["billing@customer.example"], cc_mail_ids=["cfo@customer.example"]
    )
    check_request(
        env,
        "POST",
        f"/contacts/{cid}/paymentmethod/email",
        body={"to_mail_ids": ["billing@customer.example"], "cc_mail_ids": ["cfo@customer.example"]},
    )
    [email] = mail.sent_emails(env.sandbox.organization(), cid)
    assert email["to_mail_ids"] == ["billing@customer.example"] and email["subject"] == content.subject


# Reports ---------------------------------------------------------------------------------


async def test_unpaid_invoices_walk_pages_and_add_up_to_the_outstanding_amount(env: Env) -> None:
    cid = env.customer["contact_id"]
    invoices = await env.books.contacts.reports.unpaid_invoices(cid, per_page=1).collect()
    check_request(
        env, "GET", f"/contacts/{cid}/unpaidinvoices", {"page": str(len(invoices)), "per_page": "1"}
    )
    same_json(
        zoho_json(ledger.unpaid_invoices(env.customer, env.entries(env.customer))), unstructure(invoices)
    )
    assert sum(i.balance or 0 for i in invoices) == Decimal(
        str(env.customer["outstanding_receivable_amount"])
    )
    assert all(i.status in ("sent", "overdue", "partially_paid") for i in invoices)


async def test_unused_credits_add_up_to_the_contact_credits(env: Env) -> None:
    cid = env.customer["contact_id"]
    credits = await env.books.contacts.reports.unused_credits(cid)
    check_request(env, "GET", f"/contacts/{cid}/receivables/unusedcredits")
    same_json(zoho_json(ledger.unused_credits(env.customer, env.entries(env.customer))), unstructure(credits))
    assert sum(c.unused_amount or 0 for c in credits) == Decimal(
        str(env.customer["unused_credits_receivable_amount"])
    )


async def test_unused_retainer_payments_filtered_by_currency(env: Env) -> None:
    cid, currency = env.customer["contact_id"], env.customer["currency_id"]
    payments = await env.books.contacts.reports.unused_retainer_payments(cid, currency_id=currency)
    check_request(
        env, "GET", f"/contacts/{cid}/receivables/unusedretainerpayments", {"currency_id": currency}
    )
    assert payments and all(p.currency_id == currency and (p.unused_amount or 0) > 0 for p in payments)
    other = "460000000000099" if currency != "460000000000099" else "460000000000101"
    assert await env.books.contacts.reports.unused_retainer_payments(cid, currency_id=other) == []


async def test_credit_note_refunds(env: Env) -> None:
    cid = env.customer["contact_id"]
    page = await env.books.contacts.reports.credit_note_refunds(cid, per_page=25).page()
    check_request(env, "GET", f"/contacts/{cid}/refunds", {"page": "1", "per_page": "25"})
    assert page.items and page.page_context.report_name == "Credit Notes Refund" and not page.has_more
    same_json(
        zoho_json(ledger.refunds(env.customer, env.entries(env.customer), "creditnote_refund")),
        unstructure(page.items),
    )


async def test_payment_refunds(env: Env) -> None:
    cid = env.customer["contact_id"]
    refunds = [r async for r in env.books.contacts.reports.payment_refunds(cid)]
    check_request(env, "GET", f"/contacts/{cid}/paymentrefunds", {"page": "1", "per_page": "200"})
    assert refunds and all(r.payment_refund_id and r.amount_bcy for r in refunds)
    same_json(
        zoho_json(ledger.refunds(env.customer, env.entries(env.customer), "payment_refund")),
        unstructure(refunds),
    )


async def test_income_and_expense_covers_twelve_months(env: Env) -> None:
    cid = env.customer["contact_id"]
    report = await env.books.contacts.reports.income_and_expense(cid)
    check_request(env, "GET", f"/contacts/{cid}/incomeandexpense")
    assert report.periods is not None and len(report.periods) == 12
    assert sum(p.income or 0 for p in report.periods) == report.total_income
    same_json(
        zoho_json(ledger.income_and_expense(env.customer, env.entries(env.customer), TODAY)),
        unstructure(report),
    )


async def test_profit_and_loss_adds_up(env: Env) -> None:
    cid = env.customer["contact_id"]
    report = await env.books.contacts.reports.profit_and_loss(cid)
    check_request(env, "GET", f"/contacts/{cid}/profitandloss")
    assert report.gross_profit == (report.operating_income or 0) - (report.cost_of_goods_sold or 0)
    assert report.net_profit == (report.gross_profit or 0) - (report.operating_expense or 0)
    assert report.sections is not None and report.sections[0].name == "Operating Income"


async def test_inventory_summary_of_a_vendor_counts_purchases(env: Env) -> None:
    vid = env.vendor["contact_id"]
    summary = await env.books.contacts.reports.inventory_summary(vid)
    check_request(env, "GET", f"/contacts/{vid}/inventorysummary")
    assert summary.items and all(
        (i.quantity_purchased or 0) > 0 and i.quantity_sold == 0 for i in summary.items
    )
    assert summary.total_amount_purchased == sum(i.amount_purchased or 0 for i in summary.items)


async def test_opening_balances(env: Env) -> None:
    cid = env.customer["contact_id"]
    balances = await env.books.contacts.reports.opening_balances(cid)
    check_request(env, "GET", f"/contacts/{cid}/openingbalances")
    opening = sum(e["total"] for e in env.entries(env.customer) if e["kind"] == "opening_balance")
    assert [b.opening_balance_amount for b in balances] == [Decimal(opening) / 100]
    assert balances[0].location_name == "Head Office"


# Errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda books: books.contacts.statements.get(MISSING),
        lambda books: books.contacts.statements.pdf(MISSING),
        lambda books: books.contacts.emails.send_client_review(MISSING),
        lambda books: books.contacts.reports.profit_and_loss(MISSING),
        lambda books: books.contacts.reports.unpaid_invoices(MISSING).collect(),
    ],
    ids=["statement", "pdf", "email", "report", "list"],
)
async def test_an_unknown_contact_is_not_found(env: Env, call: Any) -> None:
    with pytest.raises(NotFoundError) as raised:
        await call(env.books)
    assert raised.value.code == 1002


async def test_a_missing_download_leaves_no_file(env: Env, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        await env.books.contacts.statements.download(MISSING, tmp_path / "s.pdf")
    assert not (tmp_path / "s.pdf").exists()
