"""The fields the models require are the ones every documented answer carries (docs/models.md)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs
import pytest

from tests.data import zoho_operations
from zbooks_async.converter import structure
from zbooks_async.models import Contact, ContactPerson, Model

# The answer keys under which each model appears in Zoho's documented examples.
KEYS: dict[type[Model], tuple[str, ...]] = {
    Contact: ("contact", "contacts"),
    ContactPerson: ("contact_person", "contact_persons"),
}


def required(cls: type[Model]) -> set[str]:
    return {field.name for field in attrs.fields(cls) if field.default is attrs.NOTHING}


def documented_objects(keys: tuple[str, ...]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(operation title, object) for every non-empty object under ``keys`` in any example answer."""

    def walk(value: Any) -> Iterator[dict[str, Any]]:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in keys:
                    for row in item if isinstance(item, list) else [item]:
                        if isinstance(row, dict) and row:  # the documents pad lists with {}
                            yield row
                yield from walk(item)
        elif isinstance(value, list):
            for item in value:
                yield from walk(item)

    for operation in zoho_operations():
        for found in walk(operation["response_example"] or {}):
            yield operation["title"], found


def test_the_required_fields_are_the_decided_ones() -> None:
    assert required(Contact) == {"contact_id", "contact_name", "contact_type", "status"}
    assert required(ContactPerson) == {"contact_person_id"}


@pytest.mark.parametrize("cls", sorted(KEYS, key=lambda cls: cls.__name__), ids=lambda cls: cls.__name__)
def test_every_documented_answer_carries_every_required_field(cls: type[Model]) -> None:
    found = list(documented_objects(KEYS[cls]))
    assert len(found) >= 4
    for title, data in found:
        assert required(cls) <= set(data), (title, required(cls) - set(data))
        structure(data, cls)  # and reads as the model
