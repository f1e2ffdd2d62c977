"""Plausible transactions of one contact, derived deterministically, and the reports built on them.

A contact's ledger is generated on first use from its id, the sandbox seed and today's date,
then kept with the organization (``org.related("ledger", contact_id)``). It agrees with the
contact record: the balances of unpaid invoices (bills, for a vendor) add up to the
outstanding amount, and open credit notes plus excess payments to the unused credits.
Amounts are kept in cents and written as JSON numbers with two decimals at most.

No HTTP here; the statement and report routes turn these values into answers.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from .money import cents, from_cents
from .state import JSONObject, Organization

LEDGER = "ledger"
DAYS_COVERED = 365
HEAD_OFFICE = ("460000000000201", "Head Office")
SALES_ACCOUNT = ("460000000000388", "Sales")
COGS_ACCOUNT = ("460000000000391", "Cost of Goods Sold")
PURCHASES_ACCOUNT = ("460000000000394", "Purchases")
REFUND_MODES = ("cash", "check", "bank_transfer", "credit_card")


class Item(NamedTuple):
    """A catalogue item: prices in cents; ``inventory`` items count in the inventory summary."""

    item_id: str
    name: str
    sku: str
    unit: str
    rate: int
    purchase_rate: int
    inventory: bool = True


ITEMS = (
    Item("460000000000501", "Oak dining chair", "CHR-OAK-01", "pcs", 8900, 5150),
    Item("460000000000502", "Walnut coffee table", "TBL-WAL-02", "pcs", 34900, 21000),
    Item("460000000000503", "Linen cushion", "CSH-LIN-03", "pcs", 2450, 1100),
    Item("460000000000504", "Floor lamp", "LMP-FLR-04", "pcs", 12900, 7400),
    Item("460000000000505", "Wool rug 2x3 m", "RUG-WOL-05", "pcs", 45900, 28800),
    Item("460000000000506", "Bookshelf", "SHF-BK-06", "pcs", 19900, 11800),
)
SERVICE = Item("460000000000599", "Delivery and assembly", "SRV-DLV-99", "hrs", 0, 0, False)
ITEMS_BY_ID = {item.item_id: item for item in (*ITEMS, SERVICE)}

# How each kind of entry moves the contact's balance: (debit column, credit column).
DEBITS = frozenset({"opening_balance", "invoice", "bill", "creditnote_refund", "payment_refund"})
CREDITS = frozenset({"customer_payment", "vendor_payment", "creditnote"})
TRANSACTION_TYPES = {
    "opening_balance": "Opening Balance",
    "invoice": "Invoice",
    "bill": "Bill",
    "customer_payment": "Payment Received",
    "vendor_payment": "Payment Made",
    "creditnote": "Credit Note",
    "creditnote_refund": "Refund",
    "payment_refund": "Refund",
}


def ledger(org: Organization, record: JSONObject, today: dt.date, seed: int) -> list[JSONObject]:
    """The contact's entries in date order, generated and stored on first use."""
    stored = org.related(LEDGER, record["contact_id"])
    if not stored:
        # Derived data that no listing shows: no touch(), so cached contact views stay valid.
        for entry in _generate(record, today, seed):
            stored[entry["id"]] = entry
    return sorted(stored.values(), key=lambda e: (e["date"], e["order"]))


class _Builder:
    """Collects the entries of one contact, with ids and numbers derived from its id."""

    def __init__(self, contact_id: str) -> None:
        self.contact_id = contact_id
        self.entries: list[JSONObject] = []

    def add(self, kind: str, date: dt.date, total: int, **fields: Any) -> JSONObject:
        index = len(self.entries) + 1
        entry = {
            "id": f"{self.contact_id}{index:03d}",
            "order": index,
            "kind": kind,
            "number": f"{_PREFIXES[kind]}-{self.contact_id[-5:]}{index:02d}",
            "date": date.isoformat(),
            "total": total,
            **fields,
        }
        self.entries.append(entry)
        return entry


_PREFIXES = {
    "opening_balance": "OB",
    "invoice": "INV",
    "bill": "BILL",
    "customer_payment": "PAY",
    "vendor_payment": "VPAY",
    "creditnote": "CN",
    "creditnote_refund": "CNR",
    "payment_refund": "PR",
    "retainer_payment": "RET",
}


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """``total`` cents cut into ``parts`` positive shares that add up exactly."""
    if parts <= 1 or total < parts * 100:
        return [total]
    weights = [0.5 + rng.random() for _ in range(parts)]
    shares = [int(total * w / sum(weights)) for w in weights]
    shares[-1] += total - sum(shares)
    return shares


def _generate(record: JSONObject, today: dt.date, seed: int) -> list[JSONObject]:
    contact_id = record["contact_id"]
    rng = random.Random(f"zbooks-ledger:{seed}:{contact_id}")
    vendor = record.get("contact_type") == "vendor"
    sale, payment = ("bill", "vendor_payment") if vendor else ("invoice", "customer_payment")
    start = today - dt.timedelta(days=DAYS_COVERED - 1)
    book = _Builder(contact_id)

    def day(low: int = 0, high: int = DAYS_COVERED - 1) -> dt.date:
        return start + dt.timedelta(days=low + int(rng.random() * (high - low + 1)))

    def after(date: dt.date, most: int) -> dt.date:
        return min(today, date + dt.timedelta(days=1 + int(rng.random() * most)))

    opening = sum(cents(b.get("opening_balance_amount")) for b in _opening_balances(record))
    if opening == 0 and not record.get("opening_balances") and rng.random() < 0.5:
        opening = 10000 + int(rng.random() * 290000)
    if opening:
        book.add("opening_balance", start, opening, balance=0)
        book.add(payment, after(start, 40), opening, unused=0, applied_to="opening balance")

    terms = int(record.get("payment_terms") or 0)
    sales = []
    for date in sorted(day(10) for _ in range(2 + int(rng.random() * 6))):
        lines: list[JSONObject] = []
        for item in rng.sample(ITEMS, 1 + int(rng.random() * 3)):
            quantity = 1 + int(rng.random() * 6)
            rate = item.purchase_rate if vendor else item.rate
            lines.append({"item_id": item.item_id, "quantity": quantity, "rate": rate})
        total = sum(int(line["quantity"]) * int(line["rate"]) for line in lines)
        due = date + dt.timedelta(days=terms)
        sales.append(book.add(sale, date, total, balance=0, due_date=due.isoformat(), lines=lines))

    owed = cents(record.get("outstanding_payable_amount" if vendor else "outstanding_receivable_amount"))
    if owed > 0:
        unpaid = sales[-(1 + int(rng.random() * min(3, len(sales)))) :]
        for entry, balance in zip(unpaid, _split(rng, owed, len(unpaid)), strict=True):
            if balance > entry["total"]:
                extra = balance - entry["total"]
                entry["lines"].append({"item_id": SERVICE.item_id, "quantity": 1, "rate": extra})
                entry["total"] = balance
            entry["balance"] = balance
    for entry in sales:
        paid = entry["total"] - entry["balance"]
        if paid > 0:
            when = after(dt.date.fromisoformat(entry["date"]), 30)
            book.add(payment, when, paid, unused=0, applied_to=entry["number"])
        entry["status"] = _status(entry, today)

    if not vendor:
        _customer_credits(book, rng, record, day, after)
    return book.entries


def _customer_credits(
    book: _Builder,
    rng: random.Random,
    record: JSONObject,
    day: Callable[..., dt.date],
    after: Callable[[dt.date, int], dt.date],
) -> None:
    """Credit notes, excess payments, refunds and retainers of a customer."""
    if rng.random() < 0.7:
        total = 5000 + int(rng.random() * 75000)
        note = book.add("creditnote", day(20, 300), total, unused=0)
        book.add(
            "creditnote_refund",
            after(dt.date.fromisoformat(note["date"]), 20),
            total,
            source=note["id"],
            source_number=note["number"],
            refund_mode=_pick(rng, REFUND_MODES),
            description="Refund of returned goods",
        )
    credits = cents(record.get("unused_credits_receivable_amount"))
    if credits > 0:
        in_note = credits if rng.random() < 0.5 else credits // 2
        if in_note:
            book.add("creditnote", day(200), in_note, unused=in_note)
        if credits - in_note:
            book.add(
                "customer_payment",
                day(200),
                credits - in_note,
                unused=credits - in_note,
                applied_to="",
            )
    if rng.random() < 0.5:
        amount = 2000 + int(rng.random() * 48000)
        excess = book.add("customer_payment", day(30, 300), amount, unused=0, applied_to="")
        book.add(
            "payment_refund",
            after(dt.date.fromisoformat(excess["date"]), 15),
            amount,
            source=excess["id"],
            source_number=excess["number"],
            refund_mode=_pick(rng, REFUND_MODES),
            description="Overpayment returned",
        )
    if rng.random() < 0.5:
        amount = 10000 + int(rng.random() * 190000)
        used = int(amount * rng.random() * 0.8)
        book.add(
            "retainer_payment",
            day(100),
            amount,
            unused=amount - used,
            payment_mode=_pick(rng, ("bank_transfer", "check", "cash")),
            description="Retainer for upcoming orders",
        )


def _pick(rng: random.Random, options: tuple[str, ...]) -> str:
    return options[int(rng.random() * len(options))]


def _status(entry: JSONObject, today: dt.date) -> str:
    if entry["balance"] == 0:
        return "paid"
    if entry["balance"] < entry["total"]:
        return "partially_paid"
    if dt.date.fromisoformat(entry["due_date"]) < today:
        return "overdue"
    return "sent"


def _opening_balances(record: JSONObject) -> list[JSONObject]:
    balances = record.get("opening_balances")
    return [b for b in balances if isinstance(b, dict)] if isinstance(balances, list) else []


def _currency(record: JSONObject) -> JSONObject:
    return {
        "currency_id": record.get("currency_id", ""),
        "currency_code": record.get("currency_code", ""),
    }


# Reports --------------------------------------------------------------------------------


def unpaid_invoices(record: JSONObject, entries: Iterable[JSONObject]) -> list[JSONObject]:
    """Invoices with a balance, newest first (a vendor has none: its debts are bills)."""
    return [
        {
            "invoice_id": e["id"],
            "invoice_number": e["number"],
            "reference_number": "",
            "customer_id": record["contact_id"],
            "customer_name": record["contact_name"],
            "status": e["status"],
            "date": e["date"],
            "due_date": e["due_date"],
            **_currency(record),
            "exchange_rate": 1,
            "total": from_cents(e["total"]),
            "balance": from_cents(e["balance"]),
        }
        for e in reversed(list(entries))
        if e["kind"] == "invoice" and e["balance"] > 0
    ]


def unused_credits(record: JSONObject, entries: Iterable[JSONObject]) -> list[JSONObject]:
    """Open credit notes and excess payments of a customer."""
    found = []
    for e in entries:
        if e["kind"] not in ("creditnote", "customer_payment") or not e.get("unused"):
            continue
        note = e["kind"] == "creditnote"
        found.append(
            {
                "transaction_type": e["kind"],
                f"{'creditnote' if note else 'payment'}_id": e["id"],
                f"{'creditnote' if note else 'payment'}_number": e["number"],
                "date": e["date"],
                "reference_number": "",
                **_currency(record),
                "exchange_rate": 1,
                "amount": from_cents(e["total"]),
                "unused_amount": from_cents(e["unused"]),
            }
        )
    return found


def unused_retainer_payments(
    record: JSONObject, entries: Iterable[JSONObject], currency_id: str | None
) -> list[JSONObject]:
    """Retainer payments with an unused part, optionally only in one currency."""
    if currency_id and currency_id != record.get("currency_id"):
        return []
    return [
        {
            "payment_id": e["id"],
            "payment_number": e["number"],
            "date": e["date"],
            "amount": from_cents(e["total"]),
            "unused_amount": from_cents(e["unused"]),
            **_currency(record),
            "currency_symbol": record.get("currency_symbol", ""),
            "reference_number": f"REF-{e['number'][-7:]}",
            "payment_mode": e["payment_mode"],
            "description": e["description"],
        }
        for e in entries
        if e["kind"] == "retainer_payment" and e["unused"] > 0
    ]


def refunds(record: JSONObject, entries: Iterable[JSONObject], kind: str) -> list[JSONObject]:
    """Credit note refunds (``creditnote_refund``) or payment refunds, newest first."""
    source = "creditnote" if kind == "creditnote_refund" else "payment"
    return [
        {
            f"{kind}_id": e["id"],
            f"{source}_id": e["source"],
            f"{source}_number": e["source_number"],
            "date": e["date"],
            "refund_mode": e["refund_mode"],
            "reference_number": f"REF-{e['number'][-7:]}",
            "customer_name": record["contact_name"],
            "description": e["description"],
            "amount_bcy": from_cents(e["total"]),
            "amount_fcy": from_cents(e["total"]),
        }
        for e in sorted(entries, key=lambda e: e["date"], reverse=True)
        if e["kind"] == kind
    ]


def _months(today: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The twelve calendar months ending with today's, oldest first."""
    months = []
    year, month = today.year, today.month
    for _ in range(12):
        first = dt.date(year, month, 1)
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        months.append((first, following - dt.timedelta(days=1)))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def income_and_expense(record: JSONObject, entries: list[JSONObject], today: dt.date) -> JSONObject:
    """Invoiced income and billed expense per month over the last twelve months."""
    periods = []
    for first, last in _months(today):
        inside = [e for e in entries if first.isoformat() <= e["date"] <= last.isoformat()]
        periods.append(
            {
                "period": first.strftime("%Y-%m"),
                "start_date": first.isoformat(),
                "end_date": min(last, today).isoformat(),
                "income": from_cents(sum(e["total"] for e in inside if e["kind"] == "invoice")),
                "expense": from_cents(sum(e["total"] for e in inside if e["kind"] == "bill")),
            }
        )
    income = sum(e["total"] for e in entries if e["kind"] == "invoice")
    expense = sum(e["total"] for e in entries if e["kind"] == "bill")
    return {
        "currency_code": record.get("currency_code", ""),
        "start_date": periods[0]["start_date"],
        "end_date": today.isoformat(),
        "total_income": from_cents(income),
        "total_expense": from_cents(expense),
        "periods": periods,
    }


def profit_and_loss(record: JSONObject, entries: list[JSONObject], today: dt.date) -> JSONObject:
    """Sales less the cost of the goods sold, less purchases, over the ledger's year."""
    lines = [(e["kind"], line) for e in entries if e["kind"] in ("invoice", "bill") for line in e["lines"]]
    income = sum(line["quantity"] * line["rate"] for kind, line in lines if kind == "invoice")
    cogs = sum(
        line["quantity"] * ITEMS_BY_ID[line["item_id"]].purchase_rate
        for kind, line in lines
        if kind == "invoice"
    )
    expense = sum(line["quantity"] * line["rate"] for kind, line in lines if kind == "bill")

    def section(name: str, account: tuple[str, str], total: int) -> JSONObject:
        rows = [{"account_id": account[0], "account_name": account[1], "amount": from_cents(total)}]
        return {"name": name, "total": from_cents(total), "rows": rows if total else []}

    return {
        "currency_code": record.get("currency_code", ""),
        "start_date": (today - dt.timedelta(days=DAYS_COVERED - 1)).isoformat(),
        "end_date": today.isoformat(),
        "operating_income": from_cents(income),
        "cost_of_goods_sold": from_cents(cogs),
        "gross_profit": from_cents(income - cogs),
        "operating_expense": from_cents(expense),
        "net_profit": from_cents(income - cogs - expense),
        "sections": [
            section("Operating Income", SALES_ACCOUNT, income),
            section("Cost of Goods Sold", COGS_ACCOUNT, cogs),
            section("Operating Expense", PURCHASES_ACCOUNT, expense),
        ],
    }


def inventory_summary(record: JSONObject, entries: list[JSONObject]) -> JSONObject:
    """Quantities and amounts per inventory item sold to (or bought from) the contact."""
    totals: dict[str, list[int]] = {}
    for entry in entries:
        if entry["kind"] not in ("invoice", "bill"):
            continue
        offset = 0 if entry["kind"] == "invoice" else 2
        for line in entry["lines"]:
            if not ITEMS_BY_ID[line["item_id"]].inventory:
                continue
            sums = totals.setdefault(line["item_id"], [0, 0, 0, 0])
            sums[offset] += line["quantity"]
            sums[offset + 1] += line["quantity"] * line["rate"]
    items = [
        {
            "item_id": item_id,
            "name": ITEMS_BY_ID[item_id].name,
            "sku": ITEMS_BY_ID[item_id].sku,
            "unit": ITEMS_BY_ID[item_id].unit,
            "quantity_sold": sums[0],
            "amount_sold": from_cents(sums[1]),
            "quantity_purchased": sums[2],
            "amount_purchased": from_cents(sums[3]),
        }
        for item_id, sums in sorted(totals.items())
    ]
    return {
        "currency_code": record.get("currency_code", ""),
        "total_amount_sold": from_cents(sum(s[1] for s in totals.values())),
        "total_amount_purchased": from_cents(sum(s[3] for s in totals.values())),
        "items": items,
    }


def opening_balances(record: JSONObject, entries: Iterable[JSONObject]) -> list[JSONObject]:
    """The contact's own opening balances, or the one its ledger starts with."""
    own = _opening_balances(record)
    if own:
        return own
    amount = sum(e["total"] for e in entries if e["kind"] == "opening_balance")
    return [
        {
            "location_id": HEAD_OFFICE[0],
            "location_name": HEAD_OFFICE[1],
            "exchange_rate": 1,
            "opening_balance_amount": from_cents(amount),
        }
    ]


def statement(record: JSONObject, entries: list[JSONObject], start: dt.date, end: dt.date) -> JSONObject:
    """Balance brought forward at ``start``, the period's transactions, and the balance due."""
    first, last = start.isoformat(), end.isoformat()
    movements = [e for e in entries if e["kind"] in DEBITS or e["kind"] in CREDITS]
    balance = sum(_signed(e) for e in movements if e["date"] < first)
    opening = balance
    rows = []
    for e in movements:
        if not first <= e["date"] <= last:
            continue
        balance += _signed(e)
        debit = e["kind"] in DEBITS
        rows.append(
            {
                "transaction_id": e["id"],
                "transaction_type": TRANSACTION_TYPES[e["kind"]],
                "transaction_number": e["number"],
                "date": e["date"],
                **({"due_date": e["due_date"]} if "due_date" in e else {}),
                "description": _details(e),
                "amount": from_cents(e["total"]) if debit else 0,
                "payment": 0 if debit else from_cents(e["total"]),
                "balance": from_cents(balance),
            }
        )
    inside = [e for e in movements if first <= e["date"] <= last]
    return {
        "contact_id": record["contact_id"],
        "contact_name": record["contact_name"],
        **_currency(record),
        "currency_symbol": record.get("currency_symbol", ""),
        "start_date": first,
        "end_date": last,
        "opening_balance": from_cents(opening),
        "invoiced_amount": from_cents(sum(e["total"] for e in inside if e["kind"] in ("invoice", "bill"))),
        "amount_received": from_cents(
            sum(e["total"] for e in inside if e["kind"] in ("customer_payment", "vendor_payment"))
        ),
        "credited_amount": from_cents(sum(e["total"] for e in inside if e["kind"] == "creditnote")),
        "balance_due": from_cents(balance),
        "transactions": rows,
    }


def _signed(entry: JSONObject) -> int:
    total: int = entry["total"]
    return total if entry["kind"] in DEBITS else -total


def _details(entry: JSONObject) -> str:
    kind = entry["kind"]
    if kind in ("invoice", "bill"):
        return f"Due on {entry['due_date']}"
    if kind in ("customer_payment", "vendor_payment"):
        applied = entry.get("applied_to")
        return f"Payment for {applied}" if applied else "Excess payment"
    if kind in ("creditnote_refund", "payment_refund"):
        return f"Refund of {entry['source_number']}"
    return TRANSACTION_TYPES[kind]
