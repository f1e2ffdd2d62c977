"""Contact records: building them from request bodies, updating them, summarising them.

No HTTP here; ``routes/contacts.py`` turns requests into calls to these functions.
"""

from __future__ import annotations

from typing import Any

from . import errors
from .currencies import BASE_CURRENCY_ID, CURRENCIES
from .state import JSONObject, Organization

CONTACT_TYPES = ("customer", "vendor")

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
        "outstanding_receivable_amount",
        "outstanding_receivable_amount_bcy",
        "outstanding_payable_amount",
        "outstanding_payable_amount_bcy",
        "unused_credits_receivable_amount",
        "unused_credits_receivable_amount_bcy",
        "unused_credits_payable_amount",
        "unused_credits_payable_amount_bcy",
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
    "enable_portal": False,
}

SUMMARY_FIELDS = (
    "contact_id",
    "contact_name",
    "company_name",
    "contact_type",
    "status",
    "payment_terms",
    "payment_terms_label",
    "currency_id",
    "currency_code",
    "outstanding_receivable_amount",
    "unused_credits_receivable_amount",
)
PERSON_SUMMARY_FIELDS = ("first_name", "last_name", "email", "phone", "mobile")


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
    "is_portal_enabled": False,
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
    "outstanding_receivable_amount": 0.0,
    "outstanding_receivable_amount_bcy": 0.0,
    "outstanding_payable_amount": 0.0,
    "outstanding_payable_amount_bcy": 0.0,
    "unused_credits_receivable_amount": 0.0,
    "unused_credits_receivable_amount_bcy": 0.0,
    "status": "active",
    "payment_reminder_enabled": True,
    "custom_fields": None,
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
        "communication_preference": {"is_sms_enabled": False, "is_whatsapp_enabled": False},
        **fields,
    }


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
    """The short form of a contact that ``GET /contacts`` lists."""
    result = {field: record.get(field, "") for field in SUMMARY_FIELDS}
    person = primary_person(record) or {}
    for field in PERSON_SUMMARY_FIELDS:
        result[field] = person.get(field, record.get(field, ""))
    result["created_time"] = record["created_time"]
    result["last_modified_time"] = record["last_modified_time"]
    return result


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
        raise errors.invalid_field("contact_type")
    return str(contact_type)


def _apply(org: Organization, record: JSONObject, body: JSONObject) -> None:
    """Copy the client-owned fields of ``body`` onto ``record`` (unknown fields included)."""
    for key, value in body.items():
        if key in SERVER_FIELDS or key in ("contact_name", "contact_type"):
            continue
        if key in ("billing_address", "shipping_address"):
            if not isinstance(value, dict):
                raise errors.invalid_field(key)
            current = record.get(key) or empty_address(org.new_id())
            record[key] = {**current, **value, "address_id": current["address_id"]}
        elif key == "contact_persons":
            record[key] = _merge_persons(org, record.get(key) or [], value)
        elif key == "currency_id":
            if value not in CURRENCIES:
                raise errors.invalid_field("currency_id")
            record["currency_id"] = value
            record["currency_code"], record["currency_symbol"] = CURRENCIES[value]
        else:
            record[key] = value
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
        entry = {**base, **person, "contact_person_id": base["contact_person_id"]}
        # Only the first person flagged primary stays primary.
        entry["is_primary_contact"] = bool(entry.get("is_primary_contact")) and not primary_seen
        primary_seen = primary_seen or entry["is_primary_contact"]
        merged.append(entry)
    return merged
