"""The fields of a contact as keyword arguments: shared by create, update and upsert."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, TypedDict

from ..inputs import Id, Money, body_from
from ..models.common import CustomField, TagAssignment
from ..models.contacts import Address, Contact, ContactPerson, DefaultTemplates, OpeningBalance
from .contact_persons import ContactPersonEntry


class ContactFields(TypedDict, total=False):
    """The body fields of create and update, named as in Zoho's OpenAPI document."""

    contact_name: str
    company_name: str
    website: str
    language_code: str
    contact_type: Literal["customer", "vendor"]
    customer_sub_type: Literal["individual", "business"]
    credit_limit: Money
    pricebook_id: Id
    contact_number: str
    ignore_auto_number_generation: bool
    tags: Sequence[TagAssignment]
    is_portal_enabled: bool
    currency_id: Id
    payment_terms: int
    payment_terms_label: str
    notes: str
    billing_address: Address
    shipping_address: Address
    # The model comes first: at run time a dict is then passed on as it is, as for every nested
    # record, so persons exported from Zoho (with fields the SDK does not model) import unchanged.
    contact_persons: Sequence[ContactPerson | ContactPersonEntry]
    default_templates: DefaultTemplates
    custom_fields: Sequence[CustomField]
    opening_balances: Sequence[OpeningBalance]
    vat_reg_no: str
    owner_id: Id
    tax_reg_no: str | int  # the document's example is a number
    tax_exemption_certificate_number: str
    country_code: str
    vat_treatment: str
    tax_treatment: str
    tax_regime: str
    legal_name: str
    is_tds_registered: bool
    place_of_contact: str
    gst_no: str
    gst_treatment: str
    tax_authority_name: str
    avatax_exempt_no: str
    avatax_use_code: str
    tax_exemption_id: Id
    tax_exemption_code: str
    tax_authority_id: Id
    tax_id: Id
    tds_tax_id: Id
    is_taxable: bool
    facebook: str
    twitter: str
    track_1099: bool
    tax_id_type: str
    tax_id_value: str


def contact_body(contact: Contact | None, fields: ContactFields) -> dict[str, object]:
    """The JSON body for a contact write: ``contact``'s fields, overridden by keyword ``fields``."""
    return body_from(contact, ContactFields, fields)
