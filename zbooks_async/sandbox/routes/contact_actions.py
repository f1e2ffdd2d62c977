"""Actions on a contact itself: merge duplicates, look up by reference, e-invoice and TRN checks.

Merging moves every sub-resource item (bank accounts, cards, comments...) of the duplicates to
the contact that stays, then deletes the duplicates. A reference is a contact's
``contact_number`` or its id. E-invoice verification needs a ``gst_no``; the TRN status needs a
``tax_reg_no`` (or ``vat_reg_no``). The upsert by unique custom field (``PUT /contacts``) lives in
``routes/contacts.py``.
"""

from __future__ import annotations

from aiohttp import web

from .. import contacts, errors
from ..envelope import success
from .common import Serve, contacts_in_query, organization_of, stored_contact


async def merge_contacts(request: web.Request) -> web.Response:
    """POST /contacts/{contact_id}/merge?contact_ids=...: the duplicates merge into contact_id."""
    org, kept = stored_contact(request)
    duplicates = contacts_in_query(request)
    if any(record["contact_id"] == kept["contact_id"] for record in duplicates):
        raise errors.invalid_parameter("contact_ids", "A contact cannot be merged into itself.")
    for record in duplicates:
        for collection, items in org.children("/contacts", record["contact_id"]):
            target = org.records(collection, (kept["contact_id"],))
            for item_id, item in items.items():
                if "contact_id" in item:
                    item["contact_id"] = kept["contact_id"]
                if "contact_name" in item:
                    item["contact_name"] = kept["contact_name"]
                target[item_id] = item
        org.remove_contact(record["contact_id"])
    return success("The contacts have been merged.")


async def verify_einvoice(request: web.Request) -> web.Response:
    """POST /contacts/{contact_id}/einvoice/verify."""
    _, record = stored_contact(request)
    if not record.get("gst_no"):
        raise errors.invalid_field("gst_no")
    return success("The e-invoice details of the contact have been verified.")


async def update_trn_status(request: web.Request) -> web.Response:
    """POST /contacts/{contact_id}/trnstatus."""
    _, record = stored_contact(request)
    if not record.get("tax_reg_no") and not record.get("vat_reg_no"):
        raise errors.invalid_field("tax_reg_no")
    return success("The TRN status has been updated.")


async def get_by_reference(request: web.Request) -> web.Response:
    """GET /contacts/reference/{reference_id}: the contact with that contact_number (or id)."""
    reference = request.match_info["reference_id"]
    org = organization_of(request)
    for record in org.contacts.values():
        if reference in (record.get("contact_number"), record["contact_id"]):
            return success(contact=contacts.answer(record))
    raise errors.contact_missing()


SERVES: dict[tuple[str, str], Serve] = {
    ("POST", "/contacts/{contact_id}/merge"): merge_contacts,
    ("POST", "/contacts/{contact_id}/einvoice/verify"): verify_einvoice,
    ("POST", "/contacts/{contact_id}/trnstatus"): update_trn_status,
    ("GET", "/contacts/reference/{reference_id}"): get_by_reference,
}
"""(method, path template) -> the hook that answers it."""
