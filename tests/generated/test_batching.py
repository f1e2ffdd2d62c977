"""``in_batches``: any bulk action, over any number of ids, 25 a request, one after another."""

from __future__ import annotations

import pickle
from typing import Any

import pytest

from zbooks_async.batching import BatchError, in_batches
from zbooks_async.errors import ValidationError


async def test_ids_are_sent_25_a_request_in_order_and_repeats_once() -> None:
    sent: list[dict[str, Any]] = []

    async def approve_many(**keywords: Any) -> int:
        sent.append(keywords)
        return len(keywords["invoice_ids"].split(","))

    ids = [str(1000 + n) for n in range(60)] + ["1000", 1001]
    assert await in_batches(approve_many, ids, param="invoice_ids", reason="ok") == [25, 25, 10]
    assert [call["reason"] for call in sent] == ["ok"] * 3
    assert sent[0]["invoice_ids"].split(",")[0] == "1000"
    assert sent[2]["invoice_ids"].split(",")[-1] == "1059"


async def test_bad_ids_fail_before_any_request() -> None:
    calls = 0

    async def action(**_: Any) -> None:
        nonlocal calls
        calls += 1

    with pytest.raises(ValueError):
        await in_batches(action, ["1", "2/../x"], param="invoice_ids")
    with pytest.raises(TypeError):
        await in_batches(action, "123", param="invoice_ids")
    assert calls == 0


async def test_a_failed_batch_says_what_took_effect_and_what_was_never_sent() -> None:
    async def action(**keywords: Any) -> str:
        if keywords["bill_ids"].startswith("1025"):
            raise ValidationError("refused", code=2)
        return keywords["bill_ids"]

    ids = [str(1000 + n) for n in range(60)]
    with pytest.raises(BatchError) as caught:
        await in_batches(action, ids, param="bill_ids")
    error = caught.value
    assert len(error.done) == 1
    assert error.failed_ids == ids[25:50]
    assert error.remaining == ids[50:]
    assert isinstance(error.__cause__, ValidationError)
    copy = pickle.loads(pickle.dumps(error))
    assert copy.remaining == ids[50:]


async def test_ids_that_fit_one_request_raise_that_requests_own_error() -> None:
    async def action(**keywords: Any) -> str:
        raise ValidationError("refused", code=2)

    with pytest.raises(ValidationError, match="refused"):
        await in_batches(action, ["1001", "1002"], param="bill_ids")
