"""The few currencies the sandbox knows, keyed by Zoho-style currency_id."""

from __future__ import annotations

BASE_CURRENCY_ID = "460000000000097"

# currency_id -> (currency_code, currency_symbol)
CURRENCIES: dict[str, tuple[str, str]] = {
    BASE_CURRENCY_ID: ("USD", "$"),
    "460000000000099": ("EUR", "€"),
    "460000000000101": ("GBP", "£"),
    "460000000000103": ("INR", "₹"),
    "460000000000105": ("CAD", "$"),
    "460000000000107": ("AUD", "$"),
}

CURRENCY_IDS_BY_CODE: dict[str, str] = {code: cid for cid, (code, _) in CURRENCIES.items()}
