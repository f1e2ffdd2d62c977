"""Contacts (customers and vendors), their persons and addresses."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs

from .base import Model
from .common import CustomField, TagAssignment


@attrs.define(kw_only=True)
class Address(Model):
    """A billing, shipping or additional address of a contact."""

    address_id: str | None = None
    attention: str | None = None
    address: str | None = None
    street2: str | None = None
    city: str | None = None
    state: str | None = None
    state_code: str | None = None
    zip: str | None = None
    country: str | None = None
    country_code: str | None = None
    fax: str | None = None
    phone: str | None = None


@attrs.define(kw_only=True)
class CommunicationPreference(Model):
    """Which channels a contact (or one of its persons) may be reached on."""

    is_email_enabled: bool | None = None
    is_sms_enabled: bool | None = None
    is_whatsapp_enabled: bool | None = None


@attrs.define(kw_only=True)
class ContactPerson(Model):
    """A person at a contact: who invoices and statements are addressed to."""

    contact_person_id: str
    contact_id: str | None = None
    salutation: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    phone: str | None = None
    mobile: str | None = None
    mobile_country_code: str | None = None
    fax: str | None = None
    designation: str | None = None
    department: str | None = None
    skype: str | None = None
    is_primary_contact: bool | None = None
    #: What requests send; answers say ``is_added_in_portal`` instead.
    enable_portal: bool | None = None
    is_added_in_portal: bool | None = None
    communication_preference: CommunicationPreference | None = None


@attrs.define(kw_only=True)
class OpeningBalance(Model):
    """The opening balance of a contact at one location."""

    location_id: str | None = None
    location_name: str | None = None
    exchange_rate: Decimal | None = None
    opening_balance_amount: Decimal | None = None


@attrs.define(kw_only=True)
class DefaultTemplates(Model):
    """The PDF and email templates a contact's documents use by default."""

    invoice_template_id: str | None = None
    estimate_template_id: str | None = None
    creditnote_template_id: str | None = None
    purchaseorder_template_id: str | None = None
    salesorder_template_id: str | None = None
    retainerinvoice_template_id: str | None = None
    paymentthankyou_template_id: str | None = None
    retainerinvoice_paymentthankyou_template_id: str | None = None
    invoice_email_template_id: str | None = None
    estimate_email_template_id: str | None = None
    creditnote_email_template_id: str | None = None
    purchaseorder_email_template_id: str | None = None
    salesorder_email_template_id: str | None = None
    retainerinvoice_email_template_id: str | None = None
    paymentthankyou_email_template_id: str | None = None
    retainerinvoice_paymentthankyou_email_template_id: str | None = None
    statement_template_id: str | None = None
    payment_remittance_email_template_id: str | None = None
    bill_template_id: str | None = None


@attrs.define(kw_only=True)
class Contact(Model):
    """A customer or vendor. List pages carry a summary; ``get`` carries every field.

    Besides the documented fields, the ones real answers carry: ``portal_status`` (where the
    documents say ``is_portal_enabled``), ``source``, ``customer_name``/``vendor_name`` (list
    rows), ``custom_field_hash``, ``communication_preference``, ``*_bcy`` amounts in the base
    currency and ``*_formatted`` display strings. Zoho leaves unset numbers as ``""``; they
    read as None.
    """

    contact_id: str
    contact_name: str
    customer_name: str | None = None
    vendor_name: str | None = None
    company_name: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    phone: str | None = None
    mobile: str | None = None
    has_transaction: bool | None = None
    contact_type: str
    customer_sub_type: str | None = None
    credit_limit: Decimal | None = None
    #: The documented flag; real answers carry ``portal_status`` instead.
    is_portal_enabled: bool | None = None
    #: ``"enabled"``, ``"disabled"``, or an invitation state such as ``"invited"``.
    portal_status: str | None = None
    portal_status_formatted: str | None = None
    source: str | None = None
    language_code: str | None = None
    language_code_formatted: str | None = None
    contact_type_formatted: str | None = None
    is_taxable: bool | None = None
    tax_id: str | None = None
    tds_tax_id: str | None = None
    tax_name: str | None = None
    tax_percentage: Decimal | None = None
    tax_authority_id: str | None = None
    tax_exemption_id: str | None = None
    tax_authority_name: str | None = None
    tax_exemption_code: str | None = None
    place_of_contact: str | None = None
    place_of_supply: str | None = None
    gst_no: str | None = None
    vat_treatment: str | None = None
    tax_treatment: str | None = None
    tax_exemption_certificate_number: str | None = None
    tax_regime: str | None = None
    legal_name: str | None = None
    is_tds_registered: bool | None = None
    gst_treatment: str | None = None
    is_linked_with_zohocrm: bool | None = None
    website: str | None = None
    owner_id: str | None = None
    primary_contact_id: str | None = None
    pricebook_id: str | None = None
    contact_number: str | None = None
    ignore_auto_number_generation: bool | None = None
    payment_terms: int | None = None
    payment_terms_label: str | None = None
    currency_id: str | None = None
    currency_code: str | None = None
    currency_symbol: str | None = None
    exchange_rate: Decimal | None = None
    opening_balances: list[OpeningBalance] | None = None
    opening_balance_amount: Decimal | None = None
    opening_balance_amount_bcy: Decimal | None = None
    outstanding_receivable_amount: Decimal | None = None
    outstanding_receivable_amount_bcy: Decimal | None = None
    outstanding_payable_amount: Decimal | None = None
    outstanding_payable_amount_bcy: Decimal | None = None
    unused_credits_receivable_amount: Decimal | None = None
    unused_credits_receivable_amount_bcy: Decimal | None = None
    unused_credits_payable_amount: Decimal | None = None
    unused_credits_payable_amount_bcy: Decimal | None = None
    outstanding_receivable_amount_formatted: str | None = None
    outstanding_receivable_amount_bcy_formatted: str | None = None
    outstanding_payable_amount_formatted: str | None = None
    outstanding_payable_amount_bcy_formatted: str | None = None
    unused_credits_receivable_amount_formatted: str | None = None
    unused_credits_receivable_amount_bcy_formatted: str | None = None
    unused_credits_payable_amount_formatted: str | None = None
    unused_credits_payable_amount_bcy_formatted: str | None = None
    status: str
    payment_reminder_enabled: bool | None = None
    track_1099: bool | None = None
    custom_fields: list[CustomField] | None = None
    #: ``{"cf_<api name>": value, "cf_<api name>_unformatted": value}``, one pair per custom field.
    custom_field_hash: dict[str, Any] | None = None
    communication_preference: CommunicationPreference | None = None
    tags: list[TagAssignment] | None = None
    ach_supported: bool | None = None
    has_attachment: bool | None = None
    billing_address: Address | None = None
    shipping_address: Address | None = None
    facebook: str | None = None
    twitter: str | None = None
    contact_persons: list[ContactPerson] | None = None
    default_templates: DefaultTemplates | None = None
    notes: str | None = None
    created_time: datetime | None = None
    created_time_formatted: str | None = None
    created_date: str | None = None
    last_modified_time: datetime | None = None
    last_modified_time_formatted: str | None = None
