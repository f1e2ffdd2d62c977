"""The SDK's errors survive the trip to another process (multiprocessing, job queues such as arq)."""

from __future__ import annotations

import pickle

import pytest

from zbooks_async.errors import (
    ClientClosedError,
    DailyLimitExceeded,
    OutcomeUnknownError,
    TransportError,
    ZohoBooksError,
    error_for_answer,
)


@pytest.mark.parametrize(
    "error",
    [
        TransportError("connection reset", may_have_reached_server=True, method="PUT", path="/contacts/1"),
        TransportError("refused", may_have_reached_server=False),
        error_for_answer(
            http_status=429,
            code=45,
            message="daily limit",
            method="GET",
            path="/contacts",
            body={"code": 45, "message": "daily limit"},
            retry_after=3.0,
        ),
        OutcomeUnknownError("lost", http_status=503, method="POST", path="/contacts"),
        ClientClosedError("closed", method="GET", path="/contacts"),
    ],
    ids=repr,
)
def test_an_error_keeps_its_type_and_fields_through_pickle(error: ZohoBooksError) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert vars(copy) == vars(error)
    assert str(copy) == str(error)
    assert copy.args == error.args


def test_a_daily_limit_keeps_zohos_code_and_body_through_pickle() -> None:
    error = error_for_answer(
        http_status=429, code=45, message="daily limit", method="GET", path="/contacts", body={"code": 45}
    )
    copy = pickle.loads(pickle.dumps(error))
    assert isinstance(copy, DailyLimitExceeded)
    assert (copy.code, copy.message, copy.body) == (45, "daily limit", {"code": 45})
