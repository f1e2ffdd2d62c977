"""Deterministic, realistic-looking fake contacts, without any third-party faker."""

from __future__ import annotations

import gc
import random
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TypeVar

from .contacts import blank_contact, new_person
from .currencies import CURRENCIES, CURRENCY_IDS_BY_CODE
from .state import JSONObject, Organization

FIRST_NAMES = (
    "Will", "Ava", "Noah", "Mia", "Liam", "Emma", "Oliver", "Sofia", "Ethan", "Isla",
    "Lucas", "Amara", "Mateo", "Priya", "Arjun", "Chloe", "Hiro", "Yuki", "Leon", "Hannah",
    "Omar", "Layla", "Diego", "Elena", "Kwame", "Zara", "Felix", "Nora", "Ravi", "Ines",
    "Jonas", "Freya", "Samuel", "Grace", "Tariq", "Maya", "Victor", "Aisha", "Henry", "Lucia",
)
LAST_NAMES = (
    "Smith", "Bowman", "Garcia", "Chen", "Patel", "Müller", "Okafor", "Rossi", "Tanaka", "Kim",
    "Johnson", "Nguyen", "Kowalski", "Silva", "Andersson", "O'Brien", "Dubois", "Haddad",
    "Novak", "Fischer", "Murphy", "Santos", "Iyer", "Larsen", "Moreau", "Cohen", "Walker",
    "Ibrahim", "Schmidt", "Lopez", "Reddy", "Hughes", "Bianchi", "Sato", "Mensah", "Clarke",
    "Jansen", "Costa", "Ward", "Varga",
)
TRADES = (
    "Furniture", "Logistics", "Bakery", "Consulting", "Analytics", "Textiles", "Hardware",
    "Engineering", "Design", "Catering", "Printing", "Robotics", "Plumbing", "Media",
    "Outfitters", "Pharma", "Solar", "Marine", "Coffee", "Software", "Legal", "Dental",
    "Motors", "Florists", "Security", "Architects", "Brewing", "Ceramics", "Freight", "Optics",
)
BRANDS = (
    "Northwind", "Blue Harbor", "Evergreen", "Summit", "Redwood", "Silverline", "Granite",
    "Maple", "Pioneer", "Coastal", "Urban", "Prime", "Sterling", "Apex", "Horizon", "Crescent",
    "Riverbend", "Oakridge", "Lakeside", "Highland", "Cobalt", "Juniper", "Aurora", "Keystone",
    "Meridian", "Orchid", "Falcon", "Willow", "Brightside", "Ironwood",
)
COMPANY_SUFFIXES = ("and Co", "Ltd", "LLC", "Inc", "GmbH", "Group", "Partners", "& Sons", "Pvt Ltd")
DESIGNATIONS = (
    ("Sales Executive", "Sales and Marketing"),
    ("Accounts Manager", "Finance"),
    ("Purchasing Lead", "Procurement"),
    ("Office Manager", "Operations"),
    ("Director", "Management"),
    ("Bookkeeper", "Finance"),
)
STREETS = (
    "Hopyard Rd", "Market St", "High Street", "MG Road", "Queen St W", "George St",
    "Hauptstraße", "Elm Avenue", "Harbour Way", "Church Lane", "Park Avenue", "Station Road",
)
# (city, state, state_code, zip format, country, currency, dialling code)
PLACES = (
    ("Pleasanton", "California", "CA", "945##", "U.S.A", "USD", "+1-925"),
    ("Austin", "Texas", "TX", "787##", "U.S.A", "USD", "+1-512"),
    ("Boston", "Massachusetts", "MA", "021##", "U.S.A", "USD", "+1-617"),
    ("Seattle", "Washington", "WA", "981##", "U.S.A", "USD", "+1-206"),
    ("London", "England", "ENG", "EC1A #BB", "U.K", "GBP", "+44-20"),
    ("Manchester", "England", "ENG", "M# #AE", "U.K", "GBP", "+44-161"),
    ("Chennai", "Tamil Nadu", "TN", "6000##", "India", "INR", "+91-44"),
    ("Bengaluru", "Karnataka", "KA", "5600##", "India", "INR", "+91-80"),
    ("Toronto", "Ontario", "ON", "M5V #A#", "Canada", "CAD", "+1-416"),
    ("Sydney", "New South Wales", "NSW", "20##", "Australia", "AUD", "+61-2"),
    ("Berlin", "Berlin", "BE", "101##", "Germany", "EUR", "+49-30"),
    ("Lyon", "Auvergne-Rhône-Alpes", "ARA", "690##", "France", "EUR", "+33-4"),
)
PAYMENT_TERMS = (
    (0, "Due on Receipt"),
    (15, "Net 15"),
    (30, "Net 30"),
    (45, "Net 45"),
    (60, "Net 60"),
)

START_EPOCH = 1546300800.0  # 2019-01-01T00:00:00Z
SPAN_SECONDS = 6 * 365 * 86400.0


def seed_contacts(
    org: Organization, count: int, seed: int, timestamp: Callable[[float], str]
) -> list[str]:
    """Generate ``count`` contacts into ``org`` and return their ids.

    The generator is seeded with ``seed`` and the organization's current size, so the
    same seed on the same starting state always produces the same contacts, and seeding
    twice adds different ones. Names never collide with existing contacts.
    """
    rng = random.Random(f"zbooks-sandbox:{seed}:{len(org.contacts)}")
    ids: list[str] = []
    # Millions of fresh dicts would trigger repeated full GC passes over the whole store;
    # nothing built here is cyclic, so pausing the collector is safe and much faster.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(count):
            record = _fake_contact(org, rng, timestamp)
            org.put_contact(record)
            ids.append(record["contact_id"])
    finally:
        if was_enabled:
            gc.enable()
    return ids


T = TypeVar("T")


def _pick(rng: random.Random, options: Sequence[T]) -> T:
    # Cheaper than rng.choice; seeding 100k contacts draws millions of these.
    return options[int(rng.random() * len(options))]


def _below(rng: random.Random, n: int) -> int:
    return int(rng.random() * n)


def _unique_name(org: Organization, rng: random.Random, make: Callable[[], str]) -> str:
    for _ in range(3):
        name = make()
        if org.contact_id_named(name) is None:
            return name
    number = 2
    while org.contact_id_named(f"{name} {number}") is not None:
        number += 1 + _below(rng, number + 10)
    return f"{name} {number}"


def _company_name(rng: random.Random) -> str:
    trade, suffix = _pick(rng, TRADES), _pick(rng, COMPANY_SUFFIXES)
    style = rng.random()
    if style < 0.5:
        return f"{_pick(rng, LAST_NAMES)} {trade} {suffix}"
    if style < 0.75:
        return f"{_pick(rng, LAST_NAMES)} & {_pick(rng, LAST_NAMES)} {trade}"
    return f"{_pick(rng, BRANDS)} {trade} {suffix}"


@lru_cache(maxsize=64)
def _digit_format(pattern: str) -> tuple[str, int]:
    return pattern.replace("#", "{}"), pattern.count("#")


def _phone(rng: random.Random, dial: str) -> str:
    return f"{dial}-{int(rng.random() * 1000):03d}-{int(rng.random() * 10000):04d}"


def _digits(rng: random.Random, pattern: str) -> str:
    """Fill each ``#`` of ``pattern`` with a random digit."""
    template, count = _digit_format(pattern)
    return template.format(*f"{_below(rng, 10**count):0{count}d}")


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def _slug(text: str) -> str:
    return _NOT_SLUG.sub("", text.lower())


def _fake_contact(
    org: Organization, rng: random.Random, timestamp: Callable[[float], str]
) -> JSONObject:
    first, last = _pick(rng, FIRST_NAMES), _pick(rng, LAST_NAMES)
    individual = rng.random() < 0.2
    contact_type = "vendor" if rng.random() < 0.25 else "customer"
    if individual:
        company = ""
        name = _unique_name(
            org, rng, lambda: f"{_pick(rng, FIRST_NAMES)} {_pick(rng, LAST_NAMES)}"
        )
        first, last = name.split(" ")[:2]
        domain = _pick(rng, ("gmail.com", "outlook.com", "proton.me", "yahoo.com"))
    else:
        company = _unique_name(org, rng, lambda: _company_name(rng))
        name = company
        domain = f"{_slug(company)[:24]}.com"
    city, state, state_code, zip_format, country, currency, dial = _pick(rng, PLACES)
    created = START_EPOCH + rng.random() * SPAN_SECONDS
    modified = created + (rng.random() * 400 * 86400.0 if rng.random() < 0.6 else 0.0)
    record = blank_contact(org, name, contact_type, timestamp(created))
    record["last_modified_time"] = timestamp(modified)
    phone = _phone(rng, dial)
    email = f"{_slug(first)}.{_slug(last)}@{domain}"
    terms, terms_label = _pick(rng, PAYMENT_TERMS)
    currency_id = CURRENCY_IDS_BY_CODE[currency]
    outstanding = 0.0 if rng.random() < 0.4 else round(rng.uniform(5, 25000), 2)
    credits = 0.0 if rng.random() < 0.8 else round(rng.uniform(1, 2000), 2)
    street = f"{1 + _below(rng, 9999)} {_pick(rng, STREETS)}"
    address = {
        "attention": f"{first} {last}",
        "address": street,
        "street2": f"Suite {100 + _below(rng, 900)}" if rng.random() < 0.3 else "",
        "state_code": state_code,
        "city": city,
        "state": state,
        "zip": _digits(rng, zip_format),
        "country": country,
        "fax": "",
        "phone": phone,
    }
    record["billing_address"].update(address)
    if rng.random() < 0.7:
        record["shipping_address"].update(address)
    designation, department = _pick(rng, DESIGNATIONS)
    persons = [
        new_person(
            org,
            {
                "salutation": _pick(rng, ("Mr.", "Ms.", "Mx.", "Dr.")),
                "first_name": first,
                "last_name": last,
                "email": email,
                "phone": phone,
                "mobile": _phone(rng, dial),
                "designation": designation,
                "department": department,
                "is_primary_contact": True,
            },
        )
    ]
    if not individual and rng.random() < 0.3:
        other_first, other_last = _pick(rng, FIRST_NAMES), _pick(rng, LAST_NAMES)
        persons.append(
            new_person(
                org,
                {
                    "first_name": other_first,
                    "last_name": other_last,
                    "email": f"{_slug(other_first)}.{_slug(other_last)}@{domain}",
                    "phone": _phone(rng, dial),
                },
            )
        )
    symbol = CURRENCIES[currency_id][1]
    receivable = outstanding if contact_type == "customer" else 0.0
    payable = outstanding if contact_type == "vendor" else 0.0
    record.update(
        {
            "company_name": company,
            "customer_sub_type": "individual" if individual else "business",
            "credit_limit": _pick(rng, (0, 0, 1000, 5000, 20000)),
            "portal_status": "enabled" if rng.random() < 0.15 else "disabled",
            "source": "user",
            "is_linked_with_zohocrm": rng.random() < 0.1,
            "website": "" if individual else f"www.{domain}",
            "contact_number": f"CNT-{1 + _below(rng, 999999):06d}",
            "payment_terms": terms,
            "payment_terms_label": terms_label,
            "currency_id": currency_id,
            "currency_code": currency,
            "currency_symbol": symbol,
            "outstanding_receivable_amount": receivable,
            "outstanding_receivable_amount_bcy": receivable,
            "outstanding_payable_amount": payable,
            "outstanding_payable_amount_bcy": payable,
            "unused_credits_receivable_amount": credits,
            "unused_credits_receivable_amount_bcy": credits,
            "status": "inactive" if rng.random() < 0.1 else "active",
            "has_transaction": outstanding > 0,
            "contact_persons": persons,
            "primary_contact_id": persons[0]["contact_person_id"],
        }
    )
    return record
