"""Statement routes: the statement (JSON or PDF) and the customer and vendor statement emails."""

from __future__ import annotations

from aiohttp import web

from .. import errors, ledger, mail, pdf
from ..envelope import success
from ..state import JSONObject
from .common import Serve, now, stored_contact
from .contact_requests import contact_ledger, optional_body, period, period_text


async def get_statement(request: web.Request) -> web.StreamResponse:
    """GET /contacts/{id}/statements[?start_date&end_date][&accept=pdf|json]."""
    accept = request.query.get("accept", "json")
    if accept not in ("json", "pdf"):
        raise errors.invalid_parameter("accept")
    record, entries = contact_ledger(request)
    start, end = period(request)
    statement = ledger.statement(record, entries, start, end)
    if accept == "json":
        return success(statement=statement)
    name = mail.content(record, "statement")["file_name"]
    return web.Response(
        body=pdf.render(_statement_lines(statement), title=f"Statement of {record['contact_name']}"),
        headers={
            "Content-Type": "application/pdf",
            "Content-Disposition": f'inline; filename="{name}"',
        },
    )


def _statement_lines(statement: JSONObject) -> list[str]:
    symbol = statement["currency_symbol"] or statement["currency_code"]
    lines = [
        mail.ORGANIZATION_NAME,
        f"Statement of accounts: {statement['contact_name']}",
        f"{statement['start_date']} to {statement['end_date']}",
        "",
        f"Opening balance: {symbol}{statement['opening_balance']}",
        f"Invoiced amount: {symbol}{statement['invoiced_amount']}",
        f"Amount received: {symbol}{statement['amount_received']}",
        f"Balance due: {symbol}{statement['balance_due']}",
        "",
        "Date        Transaction         Number            Amount     Payment    Balance",
    ]
    for row in statement["transactions"]:
        lines.append(
            f"{row['date']}  {row['transaction_type']:<18}  {row['transaction_number']:<16}"
            f"  {row['amount']:>9}  {row['payment']:>9}  {row['balance']:>9}"
        )
    return lines


async def _send_statement(request: web.Request, kind: str, message: str) -> web.Response:
    org, record = stored_contact(request)
    start, end = period(request)
    body, attached = await optional_body(request)
    email = mail.outgoing(record, kind, body, required=False, period=period_text(start, end))
    statement_file = mail.content(record, kind)["file_name"]
    mail.record_sent(
        org,
        record,
        kind,
        {**email, "start_date": start.isoformat(), "end_date": end.isoformat()},
        [statement_file, *attached],
        now(request),
    )
    return success(message)


async def email_statement(request: web.Request) -> web.Response:
    """POST /contacts/{id}/statements/email: record the statement email as sent."""
    return await _send_statement(request, "statement", "Statement has been sent to the Customer.")


async def email_vendor_statement(request: web.Request) -> web.Response:
    """POST /contacts/{id}/vendorstatements/email: record the vendor statement email as sent."""
    return await _send_statement(request, "vendor_statement", "success")


async def statement_email_content(request: web.Request) -> web.Response:
    """GET /contacts/{id}/statements/email: the statement email Zoho proposes."""
    _, record = stored_contact(request)
    start, end = period(request)
    return success(data=mail.content(record, "statement", period_text(start, end)))


async def vendor_statement_email_content(request: web.Request) -> web.Response:
    """GET /contacts/{id}/vendorstatements/email: the vendor statement email Zoho proposes."""
    _, record = stored_contact(request)
    start, end = period(request)
    return success(data=mail.content(record, "vendor_statement", period_text(start, end)))


SERVES: dict[tuple[str, str], Serve] = {
    ("GET", "/contacts/{contact_id}/statements"): get_statement,
    ("POST", "/contacts/{contact_id}/statements/email"): email_statement,
    ("GET", "/contacts/{contact_id}/statements/email"): statement_email_content,
    ("POST", "/contacts/{contact_id}/vendorstatements/email"): email_vendor_statement,
    ("GET", "/contacts/{contact_id}/vendorstatements/email"): vendor_statement_email_content,
}
"""(method, path template) -> the hook that answers it."""
