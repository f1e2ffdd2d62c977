"""The one checker's id and date-range rules, over every operation that takes such inputs.

Each test loops over the operation table and fails once, listing every operation that let a bad
value through (the check runs in ``fields.prepare``, before a request exists).
"""

from __future__ import annotations

from datetime import date

import pytest

from zbooks_async.fields import prepare
from zbooks_async.registry import all_operations

FILLER: dict[str, object] = {"date": "2024-01-01", "bool": True, "int": 1, "str": "x"}
"""A value each kind of required keyword takes, so a call gets as far as the rule under test."""
RANGES = (("start_date", "end_date"), ("from_date", "to_date"))


def test_every_query_id_that_is_not_digits_is_refused() -> None:
    """Every query keyword typed ``id``, in every operation: text that is not digits is refused
    naming the keyword; digits, digits joined by commas and whole numbers pass."""
    let_through = []
    checked = 0
    for operation in all_operations():
        required = {n: FILLER.get(str(e[2]), "1") for n, e in operation.inputs.items() if len(e) > 3}
        try:
            prepare(operation, required)
        except (TypeError, ValueError):
            continue  # a required list or object: left to the nested-input tests
        for name, entry in operation.inputs.items():
            if entry[:1] != ["query"] or entry[2] != "id":
                continue
            checked += 1
            for bad in ("me", "", "12 3", "1/../x", "1,,2", "-5"):
                try:
                    prepare(operation, {**required, name: bad})
                except ValueError as error:
                    if f"{name} must be a Zoho id" not in str(error):
                        let_through.append(f"{operation.name}.{name}: {error}")
                else:
                    let_through.append(f"{operation.name}.{name}={bad!r}")
            for good in ("460000000026049", "1,2,3", 7):
                assert prepare(operation, {**required, name: good}).query[entry[1]] == good
    assert checked > 20
    assert let_through == []


def test_a_range_whose_start_follows_its_end_is_refused_everywhere() -> None:
    taking = [
        (operation, first, last)
        for operation in all_operations()
        for first, last in RANGES
        if operation.inputs.get(first, [""])[0] == operation.inputs.get(last, [""])[0] == "query"
    ]
    assert len(taking) >= 5
    let_through = []
    for operation, first, last in taking:
        required = {n: FILLER.get(str(e[2]), "1") for n, e in operation.inputs.items() if len(e) > 3}
        with pytest.raises(ValueError, match=f"{first} 2024-02-01 is after {last} 2024-01-01"):
            prepare(operation, {**required, first: date(2024, 2, 1), last: "2024-01-01"})
        same_day = prepare(operation, {**required, first: "2024-01-01", last: date(2024, 1, 1)})
        if same_day.query.get(first) != "2024-01-01":
            let_through.append(operation.name)
    assert let_through == []
