"""Contact records: building them from request bodies, updating them, summarising them.

No HTTP here; ``routes/contacts.py`` turns requests into calls to these functions.
"""

from __future__ import annotations

from typing import Any

from . import errors
from .currencies import BASE_CURRENCY_ID, CURRENCIES
from .state import JSONObject, Organization

CONTACT_TYPES = ("customer", "vendor")
AMOUNT_FIELDS = (
    "outstanding_receivable_amount",
    "outstanding_receivable_amount_bcy",
    "outstanding_payable_amount",
    "outstanding_payable_amount_bcy",
    "unused_credits_receivable_amount",
    "unused_credits_receivable_amount_bcy",
    "unused_credits_payable_amount",
    "unused_credits_payable_amount_bcy",
)

# Fields the server owns: ignored when a client sends them.
SERVER_FIELDS = frozenset(
    {
        "contact_id",
        "created_time",
        "last_modified_time",
        "status",
        "primary_contact_id",
        "has_transaction",
        "currency_code",
        "currency_symbol",
        *AMOUNT_FIELDS,
        "portal_status",
        "source",
        "custom_field_hash",
        "documents",
        "created_date",
    }
)

ADDRESS_FIELDS = (
    "attention",
    "address",
    "street2",
    "state_code",
    "city",
    "state",
    "zip",
    "country",
    "fax",
    "phone",
)

# Real answers name a person's portal access ``is_added_in_portal``; requests still send
# the documented ``enable_portal``.
PERSON_DEFAULTS: JSONObject = {
    "salutation": "",
    "first_name": "",
    "last_name": "",
    "email": "",
    "phone": "",
    "mobile": "",
    "designation": "",
    "department": "",
    "skype": "",
    "is_primary_contact": False,
    "is_added_in_portal": False,
}

# The columns of a ``GET /contacts`` row, as real answers carry them (not as documented).
SUMMARY_FIELDS = (
    "contact_id",
    "contact_name",
    "company_name",
    "website",
    "language_code",
    "contact_type",
    "status",
    "customer_sub_type",
    "source",
    "is_linked_with_zohocrm",
    "payment_terms",
    "payment_terms_label",
    "currency_id",
    "twitter",
    "facebook",
    "currency_code",
    *AMOUNT_FIELDS,
    "portal_status",
    "created_time",
    "last_modified_time",
    "custom_field_hash",
    "tags",
)
PERSON_SUMMARY_FIELDS = ("first_name", "last_name", "email", "phone", "mobile")
LANGUAGES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish", "ja": "Japanese"}
PORTAL_STATUSES = ("enabled", "disabled")
CUSTOMER_SUB_TYPES = ("business", "individual")


def normalise(value: Any, key: str = "") -> Any:
    """Render ids (``*_id`` keys) and ``zip`` as strings, recursively, like Zoho answers."""
    if isinstance(value, dict):
        return {k: normalise(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(item, key) for item in value]
    if (key.endswith("_id") or key == "zip") and isinstance(value, int | float):
        if isinstance(value, bool):
            return value
        return str(int(value)) if float(value).is_integer() else str(value)
    return value


_BLANK_ADDRESS: JSONObject = dict.fromkeys(ADDRESS_FIELDS, "")

# Every default of a new contact; ids, names, times and mutable values are filled per copy.
_BLANK_CONTACT: JSONObject = {
    "contact_id": "",
    "contact_name": "",
    "company_name": "",
    "has_transaction": False,
    "contact_type": "customer",
    "customer_sub_type": "business",
    "credit_limit": 0,
    "portal_status": "disabled",
    "source": "api",
    "language_code": "en",
    "is_linked_with_zohocrm": False,
    "website": "",
    "owner_id": "",
    "primary_contact_id": "",
    "pricebook_id": "",
    "contact_number": "",
    "payment_terms": 0,
    "payment_terms_label": "Due on Receipt",
    "currency_id": BASE_CURRENCY_ID,
    "currency_code": "USD",
    "currency_symbol": "$",
    "opening_balances": None,
    # Zoho leaves these "" (not 0, not null) when nothing is set.
    "tax_percentage": "",
    "exchange_rate": "",
    "opening_balance_amount": 0.0,
    "opening_balance_amount_bcy": "",
    "outstanding_receivable_amount": 0.0,
    "outstanding_receivable_amount_bcy": 0.0,
    "outstanding_payable_amount": 0.0,
    "outstanding_payable_amount_bcy": 0.0,
    "unused_credits_receivable_amount": 0.0,
    "unused_credits_receivable_amount_bcy": 0.0,
    "unused_credits_payable_amount": 0.0,
    "unused_credits_payable_amount_bcy": 0.0,
    "status": "active",
    "payment_reminder_enabled": True,
    "custom_fields": None,
    "custom_field_hash": None,
    "communication_preference": None,
    "documents": None,
    "tags": None,
    "billing_address": None,
    "shipping_address": None,
    "facebook": "",
    "twitter": "",
    "contact_persons": None,
    "default_templates": None,
    "notes": "",
    "created_time": "",
    "last_modified_time": "",
}


def empty_address(address_id: str) -> JSONObject:
    """A blank address with its id, as Zoho shows an address nobody filled in."""
    return {"address_id": address_id, **_BLANK_ADDRESS}


def blank_contact(org: Organization, name: str, contact_type: str, now: str) -> JSONObject:
    """A new contact with every field at Zoho's default and fresh ids (not stored yet)."""
    record = dict(_BLANK_CONTACT)
    record["contact_id"] = org.new_id()
    record["contact_name"] = name
    record["contact_type"] = contact_type
    record["opening_balances"] = []
    record["custom_fields"] = []
    record["custom_field_hash"] = {}
    record["communication_preference"] = {"is_email_enabled": True, "is_sms_enabled": False}
    record["documents"] = []
    record["tags"] = []
    record["billing_address"] = empty_address(org.new_id())
    record["shipping_address"] = empty_address(org.new_id())
    record["contact_persons"] = []
    record["default_templates"] = {}
    record["created_time"] = now
    record["last_modified_time"] = now
    return record


def new_person(org: Organization, fields: JSONObject) -> JSONObject:
    """A contact person with defaults, a fresh ``contact_person_id`` and ``fields`` on top."""
    return {
        "contact_person_id": org.new_id(),
        **PERSON_DEFAULTS,
        "communication_preference": {
            "is_email_enabled": True,
            "is_sms_enabled": False,
            "is_whatsapp_enabled": False,
        },
        **_person_fields(fields),
    }


def _person_fields(fields: JSONObject) -> JSONObject:
    """A person's request fields as answers name them (``enable_portal`` -> ``is_added_in_portal``)."""
    if "enable_portal" not in fields:
        return fields
    renamed = {key: value for key, value in fields.items() if key != "enable_portal"}
    renamed["is_added_in_portal"] = bool(fields["enable_portal"])
    return renamed


def new_contact(org: Organization, body: JSONObject, now: str) -> JSONObject:
    """Build and store a contact from a create body; return the stored record."""
    body = normalise(body)
    name = _contact_name(body, required=True)
    contact_type = _contact_type(body, default="customer")
    if org.contact_id_named(name) is not None:
        raise errors.duplicate_contact(name, contact_type)
    record = blank_contact(org, name, contact_type, now)
    _apply(org, record, body)
    org.put_contact(record)
    return record


def update_contact(org: Organization, record: JSONObject, body: JSONObject, now: str) -> JSONObject:
    """Apply a partial update body to a stored contact; return the new stored record.

    Fields absent from the body keep their values. ``contact_persons``, when present, is
    the full new list: persons with a known ``contact_person_id`` are updated, others
    added, and persons left out removed (as Zoho documents).
    """
    body = normalise(body)
    updated = dict(record)
    if "contact_name" in body:
        name = _contact_name(body, required=True)
        owner = org.contact_id_named(name)
        if owner is not None and owner != record["contact_id"]:
            kind = str(body.get("contact_type", record["contact_type"]))
            raise errors.duplicate_contact(name, kind)
        updated["contact_name"] = name
    if "contact_type" in body:
        updated["contact_type"] = _contact_type(body, default="customer")
    _apply(org, updated, body)
    updated["last_modified_time"] = now
    org.put_contact(updated)
    return updated


def set_status(org: Organization, record: JSONObject, status: str, now: str) -> None:
    """Mark a stored contact active or inactive."""
    org.put_contact({**record, "status": status, "last_modified_time": now})


def primary_person(record: JSONObject) -> JSONObject | None:
    """The primary contact person of a contact (or its first person, or None)."""
    persons = record.get("contact_persons") or []
    for person in persons:
        if person.get("is_primary_contact"):
            return dict(person)
    return dict(persons[0]) if persons else None


def summary(record: JSONObject) -> JSONObject:
    """A ``GET /contacts`` row as real answers give it.

    Besides the documented columns: ``customer_name``/``vendor_name``, ``source``,
    ``portal_status``, ``custom_field_hash``, ``*_bcy`` amounts and ``*_formatted`` strings;
    ``custom_fields`` is ``""`` (not ``[]``) when the contact has none.
    """
    result = {field: record.get(field, "") for field in SUMMARY_FIELDS}
    name = record["contact_name"]
    result["customer_name"] = result["vendor_name"] = name
    person = primary_person(record) or {}
    for field in PERSON_SUMMARY_FIELDS:
        result[field] = person.get(field, record.get(field, ""))
    result["custom_fields"] = record.get("custom_fields") or ""
    result.update(
        {
            "language_code_formatted": LANGUAGES.get(str(record.get("language_code")), ""),
            "contact_type_formatted": str(record["contact_type"]).capitalize(),
            "portal_status_formatted": str(record.get("portal_status") or "disabled").capitalize(),
            "created_time_formatted": _date_formatted(record["created_time"]),
            "last_modified_time_formatted": _date_formatted(record["last_modified_time"]),
            "ach_supported": False,
            "has_attachment": bool(record.get("documents")),
        }
    )
    return result


def answer(record: JSONObject) -> JSONObject:
    """A stored contact as ``GET /contacts/{id}`` gives it: the record plus derived strings.

    The ``*_formatted`` amounts and dates are derived on the way out, so a test that edits
    an amount in place still gets matching strings.
    """
    derived = dict(record)
    symbol = str(record.get("currency_symbol") or "")
    for field in AMOUNT_FIELDS:
        derived[f"{field}_formatted"] = _amount_formatted(symbol, record.get(field))
    derived["created_date"] = _date_formatted(record.get("created_time") or "")
    derived["language_code_formatted"] = LANGUAGES.get(str(record.get("language_code")), "")
    return derived


def custom_field_hash(fields: Any) -> JSONObject:
    """``{"cf_<api name>": value, "cf_<api name>_unformatted": value}`` for each custom field."""
    result: JSONObject = {}
    for field in fields if isinstance(fields, list) else []:
        if isinstance(field, dict) and field.get("api_name"):
            name = str(field["api_name"])
            key = name if name.startswith("cf_") else f"cf_{name}"
            result[key] = result[f"{key}_unformatted"] = field.get("value", "")
    return result


def _amount_formatted(symbol: str, amount: Any) -> str:
    try:
        return f"{symbol}{float(amount):,.2f}"
    except (TypeError, ValueError):
        return ""


def _date_formatted(timestamp: str) -> str:
    """``2022-09-29T12:42:24+0100`` -> ``29/09/2022`` (the organization's date format)."""
    if len(timestamp) < 10:
        return ""
    return f"{timestamp[8:10]}/{timestamp[5:7]}/{timestamp[0:4]}"


def _contact_name(body: JSONObject, required: bool) -> str:
    name = body.get("contact_name")
    if not isinstance(name, str) or not name.strip():
        if required:
            raise errors.invalid_field("contact_name")
        return ""
    if len(name) > 200:
        raise errors.invalid_field("contact_name")
    return name.strip()


def _contact_type(body: JSONObject, default: str) -> str:
    contact_type = body.get("contact_type", default)
    if contact_type not in CONTACT_TYPES:
        raise errors.invalid_value("contact_type")
    return str(contact_type)


def _check_values(body: JSONObject) -> None:
    """Refuse values Zoho refuses, with 400 code 2 naming the field's display label."""
    terms = body.get("payment_terms")
    if "payment_terms" in body and (
        isinstance(terms, bool) or not isinstance(terms, int | str) or not str(terms).isdigit()
    ):
        raise errors.invalid_value("payment_terms")
    if "credit_limit" in body and not _is_amount(body["credit_limit"]):
        raise errors.invalid_value("credit_limit")
    if "customer_sub_type" in body and body["customer_sub_type"] not in CUSTOMER_SUB_TYPES:
        raise errors.invalid_value("customer_sub_type")
    if "language_code" in body and not (
        isinstance(body["language_code"], str) and body["language_code"].isalpha()
    ):
        raise errors.invalid_value("language_code")


def _is_amount(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    try:
        return float(value) >= 0
    except (TypeError, ValueError):
        return False


def _apply(org: Organization, record: JSONObject, body: JSONObject) -> None:
    """Copy the client-owned fields of ``body`` onto ``record`` (unknown fields included)."""
    _check_values(body)
    for key, value in body.items():
        if key in SERVER_FIELDS or key in ("contact_name", "contact_type") or key.endswith("_formatted"):
            continue
        if key == "payment_terms":
            record[key] = int(value)
        elif key == "is_portal_enabled":
            # The documented flag; real answers carry portal_status instead.
            record["portal_status"] = PORTAL_STATUSES[0] if value else PORTAL_STATUSES[1]
        elif key in ("billing_address", "shipping_address"):
            if not isinstance(value, dict):
                raise errors.invalid_value(key)
            current = record.get(key) or empty_address(org.new_id())
            record[key] = {**current, **value, "address_id": current["address_id"]}
        elif key == "contact_persons":
            record[key] = _merge_persons(org, record.get(key) or [], value)
        elif key == "currency_id":
            if value not in CURRENCIES:
                raise errors.invalid_value("currency_id")
            record["currency_id"] = value
            record["currency_code"], record["currency_symbol"] = CURRENCIES[value]
        else:
            record[key] = value
    record["custom_field_hash"] = custom_field_hash(record.get("custom_fields"))
    persons = record.get("contact_persons") or []
    primary = primary_person(record)
    record["primary_contact_id"] = primary["contact_person_id"] if primary else ""
    for person in persons:
        person["is_primary_contact"] = primary is not None and (
            person["contact_person_id"] == primary["contact_person_id"]
        )


def _merge_persons(
    org: Organization, current: list[JSONObject], incoming: Any
) -> list[JSONObject]:
    if not isinstance(incoming, list) or not all(isinstance(p, dict) for p in incoming):
        raise errors.invalid_field("contact_persons")
    known = {p["contact_person_id"]: p for p in current}
    merged: list[JSONObject] = []
    primary_seen = False
    for person in incoming:
        base = known.get(person.get("contact_person_id", ""))
        if base is None:
            base = new_person(org, {})
        entry = {**base, **_person_fields(person), "contact_person_id": base["contact_person_id"]}
        # Only the first person flagged primary stays primary.
        entry["is_primary_contact"] = bool(entry.get("is_primary_contact")) and not primary_seen
        primary_seen = primary_seen or entry["is_primary_contact"]
        merged.append(entry)
    return merged
