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


def test_an_error_answer_carries_its_headers_without_cookies() -> None:
    error = error_for_answer(
        http_status=429,
        code=44,
        message="slow down",
        method="GET",
        path="/contacts",
        headers={"X-Rate-Limit-Remaining": "0", "Set-Cookie": "JSESSIONID=secret", "X-Request-Id": "r-7"},
    )
    assert error.headers == {"X-Rate-Limit-Remaining": "0", "X-Request-Id": "r-7"}
    assert error.request_id == "r-7"
    assert "request id r-7" in str(error)
    assert "secret" not in str(error) + repr(error) + repr(pickle.loads(pickle.dumps(error)).headers)


def test_an_error_without_an_answer_has_no_headers_and_no_request_id() -> None:
    error = TransportError("refused", may_have_reached_server=False)
    assert error.headers == {} and error.request_id is None


def test_the_request_id_header_is_found_in_any_case() -> None:
    error = error_for_answer(
        http_status=500, code=None, message="boom", method="GET", path="/x",
        headers={"x-correlation-id": "c-1"},
    )
    assert error.request_id == "c-1"
