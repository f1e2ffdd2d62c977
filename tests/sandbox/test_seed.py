"""Seed data: deterministic, realistic, unique names, fast."""

from __future__ import annotations

import re

from zbooks_async.sandbox import Sandbox, SandboxConfig

TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}$")
EMAIL = re.compile(r"^[a-z0-9.]+@[a-z0-9.]+\.[a-z]+$")


def test_same_seed_gives_the_same_contacts() -> None:
    first = Sandbox(SandboxConfig(seed_contacts=300, seed=5)).contacts()
    second = Sandbox(SandboxConfig(seed_contacts=300, seed=5)).contacts()
    assert first == second


def test_another_seed_gives_other_contacts() -> None:
    first = Sandbox(SandboxConfig(seed_contacts=50, seed=1)).contacts()
    second = Sandbox(SandboxConfig(seed_contacts=50, seed=2)).contacts()
    assert [c["contact_name"] for c in first] != [c["contact_name"] for c in second]


def test_seeding_again_adds_new_distinct_contacts() -> None:
    sandbox = Sandbox(SandboxConfig(seed_contacts=100))
    sandbox.seed(100)
    names = [c["contact_name"].casefold() for c in sandbox.contacts()]
    assert len(names) == len(set(names)) == 200


def test_seed_contacts_fill_the_default_organization_only() -> None:
    sandbox = Sandbox(SandboxConfig(seed_contacts=10, default_organization_id="99"))
    assert len(sandbox.organization("99").contacts) == 10
    assert list(sandbox.state.organizations) == ["99"]


def test_seeded_contacts_look_real() -> None:
    contacts = Sandbox(SandboxConfig(seed_contacts=2000)).contacts()
    types = {c["contact_type"] for c in contacts}
    statuses = {c["status"] for c in contacts}
    assert types == {"customer", "vendor"} and statuses == {"active", "inactive"}
    amounts = [c["outstanding_receivable_amount"] for c in contacts]
    assert all(isinstance(a, float) and round(a, 2) == a for a in amounts)
    assert any(a != int(a) for a in amounts), "some amounts have cents"
    assert len({c["currency_code"] for c in contacts}) > 3
    assert len({c["created_time"][:7] for c in contacts}) > 24, "spread over years"
    for contact in contacts:
        assert contact["contact_id"].isdigit()
        assert TIMESTAMP.match(contact["created_time"])
        assert contact["last_modified_time"] >= contact["created_time"]
        primary = contact["contact_persons"][0]
        assert primary["is_primary_contact"]
        assert contact["primary_contact_id"] == primary["contact_person_id"]
        assert EMAIL.match(primary["email"]), primary["email"]
        assert contact["billing_address"]["city"]


def test_seeded_ids_are_unique_across_records() -> None:
    contacts = Sandbox(SandboxConfig(seed_contacts=500)).contacts()
    ids = []
    for contact in contacts:
        ids.append(contact["contact_id"])
        ids.append(contact["billing_address"]["address_id"])
        ids.append(contact["shipping_address"]["address_id"])
        ids.extend(p["contact_person_id"] for p in contact["contact_persons"])
    assert len(ids) == len(set(ids))
