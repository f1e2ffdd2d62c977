"""Each pipeline stage on its own, with a fake ``call_next``."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest

from zbooks_async.auth.static import StaticToken
from zbooks_async.errors import (
    AuthenticationError,
    ConfigurationError,
    DailyLimitExceeded,
    MalformedResponseError,
    NotFoundError,
    OutcomeUnknownError,
    RateLimitError,
    ServerError,
    TransportError,
    ValidationError,
)
from zbooks_async.limits import InMemoryLimiter, RateLimit
from zbooks_async.limits.connection import unreachable
from zbooks_async.pipeline import (
    AuthStage,
    DecodeStage,
    FilePart,
    MultipartBody,
    OrganizationStage,
    RateLimitStage,
    Request,
    RequestOptions,
    Response,
    RetryPolicy,
    RetryStage,
    compose,
)
from zbooks_async.pipeline import retry as retry_module
from zbooks_async.pipeline.decode import retry_after_seconds

NO_WAIT = RetryPolicy(max_retries=3, base_delay=0.0, max_delay=0.0)


def make_request(method: str = "GET", **kwargs: object) -> Request:
    return Request(method=method, base_url="https://www.zohoapis.com/books/v3", path="/contacts/1", **kwargs)  # type: ignore[arg-type]


def json_response(status: int, body: bytes, headers: dict[str, str] | None = None) -> Response:
    return Response(status=status, headers={"Content-Type": "application/json", **(headers or {})}, body=body)


class Script:
    """A ``call_next`` that plays a list of outcomes and records the requests it saw."""

    def __init__(self, *outcomes: Response | Exception) -> None:
        self.outcomes = list(outcomes)
        self.seen: list[Request] = []

    async def __call__(self, request: Request) -> Response:
        self.seen.append(request)
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


OK = json_response(200, b'{"code":0,"message":"success"}')


async def test_auth_stage_signs_with_zoho_oauthtoken_scheme() -> None:
    script = Script(OK)
    await AuthStage(StaticToken("tok-123"))(make_request(), script)
    assert dict(script.seen[0].headers)["Authorization"] == "Zoho-oauthtoken tok-123"


async def test_auth_stage_gives_up_when_the_token_cannot_be_refreshed() -> None:
    script = Script(AuthenticationError("bad token", code=57, http_status=401))
    with pytest.raises(AuthenticationError):
        await AuthStage(StaticToken("tok"))(make_request(), script)
    assert len(script.seen) == 1


async def test_auth_stage_replays_once_with_a_fresh_token() -> None:
    class Rotating:
        def __init__(self) -> None:
            self.tokens = ["old", "new"]

        async def access_token(self) -> str:
            return self.tokens[0]

        async def invalidate(self, token: str) -> bool:
            self.tokens.remove(token)
            return True

        async def close(self) -> None:
            pass

    script = Script(AuthenticationError("expired", code=57, http_status=401), OK)
    # The refused token is dropped by the auth stage and replaced inside the one retry loop.
    await compose([RetryStage(NO_WAIT), AuthStage(Rotating())], script)(make_request("POST"))
    assert [dict(r.headers)["Authorization"] for r in script.seen] == [
        "Zoho-oauthtoken old",
        "Zoho-oauthtoken new",
    ]


async def test_organization_stage_adds_the_call_organization() -> None:
    script = Script(OK)
    request = make_request(options=RequestOptions(organization_id="777"))
    await OrganizationStage()(request, script)
    assert script.seen[0].query_value("organization_id") == "777"


async def test_organization_stage_refuses_to_send_without_an_organization() -> None:
    script = Script(OK)
    with pytest.raises(ConfigurationError, match="organization_id is required"):
        await OrganizationStage()(make_request(), script)
    assert script.seen == []


@pytest.mark.parametrize(
    ("status", "body", "error", "code"),
    [
        (404, b'{"code":1002,"message":"Contact does not exist."}', NotFoundError, 1002),
        (
            401,
            b'{"code":57,"message":"You are not authorized to perform this operation"}',
            AuthenticationError,
            57,
        ),
        (400, b'{"code":3062,"message":"The customer already exists."}', ValidationError, 3062),
        (429, b'{"code":44,"message":"blocked"}', RateLimitError, 44),
        (429, b'{"code":1070,"message":"in process"}', RateLimitError, 1070),
        (429, b'{"code":45,"message":"daily"}', DailyLimitExceeded, 45),
        (500, b'{"code":1000,"message":"Internal error"}', ServerError, 1000),
        (200, b'{"code":4,"message":"Invalid value passed"}', ValidationError, 4),
    ],
)
async def test_decode_maps_error_answers_to_typed_errors(
    status: int, body: bytes, error: type[Exception], code: int
) -> None:
    with pytest.raises(error) as raised:
        await DecodeStage()(make_request(), Script(json_response(status, body)))
    assert raised.value.code == code  # type: ignore[attr-defined]
    assert raised.value.http_status == status  # type: ignore[attr-defined]
    assert "GET /contacts/1" in str(raised.value)


async def test_decode_reports_an_html_502_page_as_a_server_error() -> None:
    page = b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
    answer = Response(status=502, headers={"Content-Type": "text/html"}, body=page)
    with pytest.raises(ServerError, match="502 Bad Gateway"):
        await DecodeStage()(make_request(), Script(answer))


async def test_decode_reports_a_non_json_success_as_malformed() -> None:
    answer = Response(status=200, headers={"Content-Type": "text/plain"}, body=b"hello")
    with pytest.raises(MalformedResponseError, match="expected a JSON object"):
        await DecodeStage()(make_request(), Script(answer))


async def test_decode_keeps_money_exact() -> None:
    answer = json_response(200, b'{"code":0,"message":"ok","amount":1369.66}')
    response = await DecodeStage()(make_request(), Script(answer))
    assert response.data is not None
    assert str(response.data["amount"]) == "1369.66"


async def test_decode_passes_binary_answers_through_when_bytes_are_expected() -> None:
    pdf = Response(status=200, headers={"Content-Type": "application/pdf"}, body=b"%PDF-1.4")
    response = await DecodeStage()(make_request(expects_bytes=True), Script(pdf))
    assert response.body == b"%PDF-1.4"


def test_retry_after_reads_seconds_and_ignores_garbage() -> None:
    assert retry_after_seconds("3") == 3.0
    assert retry_after_seconds(None) is None
    assert retry_after_seconds("soon") is None


def test_retry_after_reads_an_http_date_with_an_unknown_zone() -> None:
    # RFC 5322 "-0000" means UTC of unknown origin; Python parses it as a naive datetime.
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 -0000") == 0.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0


@pytest.mark.parametrize("value", ["inf", "Infinity", "1e400", "nan", "-inf"])
def test_retry_after_ignores_non_finite_numbers(value: str) -> None:
    # An infinite wait would hang the call and pause the organization forever.
    assert retry_after_seconds(value) is None


async def test_a_429_with_an_unknown_zone_date_is_still_a_rate_limit_error() -> None:
    throttled = json_response(
        429, b'{"code":44,"message":"x"}', {"Retry-After": "Wed, 21 Oct 2015 07:28:00 -0000"}
    )
    with pytest.raises(RateLimitError) as raised:
        await DecodeStage()(make_request(), Script(throttled))
    assert raised.value.retry_after == 0.0


def decoded(*outcomes: Response | Exception) -> tuple[Script, Callable[[Request], object]]:
    script = Script(*outcomes)
    return script, compose([DecodeStage()], script)


async def test_retry_retries_a_get_after_a_server_error() -> None:
    script, handler = decoded(json_response(500, b'{"code":1000,"message":"x"}'), OK)
    await RetryStage(NO_WAIT)(make_request(), handler)  # type: ignore[arg-type]
    assert len(script.seen) == 2


async def test_retry_never_replays_a_post_whose_answer_was_lost() -> None:
    lost = TransportError("reset", may_have_reached_server=True)
    script, handler = decoded(lost, OK)
    with pytest.raises(OutcomeUnknownError) as raised:
        await RetryStage(NO_WAIT)(make_request("POST"), handler)  # type: ignore[arg-type]
    assert raised.value.__cause__ is lost
    assert len(script.seen) == 1


async def test_retry_replays_a_post_that_never_left() -> None:
    refused = TransportError("refused", may_have_reached_server=False)
    script, handler = decoded(refused, OK)
    await RetryStage(NO_WAIT)(make_request("POST"), handler)  # type: ignore[arg-type]
    assert len(script.seen) == 2


async def test_retry_replays_a_post_refused_with_429() -> None:
    script, handler = decoded(json_response(429, b'{"code":44,"message":"x"}'), OK)
    await RetryStage(NO_WAIT)(make_request("POST"), handler)  # type: ignore[arg-type]
    assert len(script.seen) == 2


async def test_retry_never_resends_a_body_streamed_from_an_async_iterable() -> None:
    async def stream() -> AsyncIterator[bytes]:
        yield b"%PDF"

    body = MultipartBody(files=(FilePart("attachment", stream(), "w9.pdf"),))
    script, handler = decoded(json_response(429, b'{"code":1070,"message":"x"}'), OK)
    with pytest.raises(RateLimitError):
        await RetryStage(NO_WAIT)(make_request("PUT", body=body), handler)  # type: ignore[arg-type]
    assert len(script.seen) == 1


async def test_retry_does_not_retry_a_spent_daily_budget() -> None:
    script, handler = decoded(json_response(429, b'{"code":45,"message":"x"}'), OK)
    with pytest.raises(DailyLimitExceeded):
        await RetryStage(NO_WAIT)(make_request(), handler)  # type: ignore[arg-type]
    assert len(script.seen) == 1


async def test_retry_reports_a_post_server_error_as_outcome_unknown() -> None:
    script, handler = decoded(json_response(503, b'{"code":1000,"message":"x"}'), OK)
    with pytest.raises(OutcomeUnknownError):
        await RetryStage(NO_WAIT)(make_request("POST"), handler)  # type: ignore[arg-type]
    assert len(script.seen) == 1


async def test_retry_gives_up_after_max_retries_with_the_last_error() -> None:
    failures = [json_response(500, b'{"code":1000,"message":"x"}') for _ in range(3)]
    script, handler = decoded(*failures)
    request = make_request(options=RequestOptions(max_retries=2))
    with pytest.raises(ServerError):
        await RetryStage(NO_WAIT)(request, handler)  # type: ignore[arg-type]
    assert len(script.seen) == 3


async def test_retry_does_not_retry_client_errors() -> None:
    script, handler = decoded(json_response(404, b'{"code":1002,"message":"x"}'), OK)
    with pytest.raises(NotFoundError):
        await RetryStage(NO_WAIT)(make_request(), handler)  # type: ignore[arg-type]
    assert len(script.seen) == 1


async def test_retry_waits_as_long_as_retry_after_says(monkeypatch: pytest.MonkeyPatch) -> None:
    waits: list[float] = []

    async def no_sleep(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(retry_module.asyncio, "sleep", no_sleep)
    throttled = json_response(429, b'{"code":44,"message":"x"}', {"Retry-After": "0.01"})
    _script, handler = decoded(throttled, OK)
    await RetryStage(RetryPolicy(base_delay=5.0))(make_request(), handler)  # type: ignore[arg-type]
    assert waits == [0.01]


async def test_ratelimit_stage_pauses_the_organization_after_a_429() -> None:
    now = [0.0]
    limiter = InMemoryLimiter(RateLimit(requests=100, period=60.0), clock=lambda: now[0])
    _script, handler = decoded(json_response(429, b'{"code":44,"message":"x"}', {"Retry-After": "7"}))
    request = make_request().with_query("organization_id", "1")
    with pytest.raises(RateLimitError):
        await RateLimitStage(limiter)(request, handler)  # type: ignore[arg-type]
    assert limiter._state("1").paused_until == 7.0


class _UnreachableLimiter(InMemoryLimiter):
    """Admits as usual, but cannot record a throttle (as a Redis limiter whose Redis is down)."""

    async def _pause(self, organization_id: str, seconds: float) -> None:
        raise unreachable("rate limiter", ConnectionError("Redis went away"))

    async def _spend_day(self, organization_id: str) -> None:
        raise unreachable("rate limiter", ConnectionError("Redis went away"))


@pytest.mark.parametrize(
    ("code", "error", "policy"),
    [(45, DailyLimitExceeded, NO_WAIT), (44, RateLimitError, RetryPolicy(max_retries=0))],
)
async def test_a_throttle_the_limiter_cannot_record_keeps_zohos_error(
    code: int, error: type[RateLimitError], policy: RetryPolicy
) -> None:
    # Zoho's 429 is the answer; the limiter failing to note it must not turn a spent daily
    # budget into a TransportError that the retry stage then sends again and again.
    body = b'{"code":%d,"message":"daily limit reached"}' % code
    script = Script(json_response(429, body), OK)
    limiter = _UnreachableLimiter(RateLimit())
    handler = compose([RetryStage(policy), RateLimitStage(limiter), DecodeStage()], script)
    with pytest.raises(error) as raised:
        await handler(make_request().with_query("organization_id", "1"))
    assert raised.value.code == code
    assert raised.value.message == "daily limit reached"
    assert len(script.seen) == 1


async def test_limiter_holds_the_window_and_frees_slots_on_cancel() -> None:
    limiter = InMemoryLimiter(RateLimit(requests=2, period=60.0, concurrency=1))
    async with limiter.slot("1"):
        waiter = asyncio.create_task(_enter(limiter))
        await asyncio.sleep(0)
        assert not waiter.done()
        waiter.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiter
    async with limiter.slot("1"):
        pass
    assert len(limiter._state("1").done) == 2  # both count in the window


async def _enter(limiter: InMemoryLimiter) -> None:
    async with limiter.slot("1"):
        pass
