"""RateLimit refuses values that cannot work, before any request; so does the CLI's --rate-limit."""

from __future__ import annotations

import math

import pytest

from zbooks_async.cli.connection import ZOHO_RATE, UsageError, _rate_limit
from zbooks_async.limits import InMemoryLimiter, RateLimit

ORG = "10234695"


@pytest.mark.parametrize("name", ["period", "day"])
@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, 0.0, -1.0])
def test_a_period_or_day_that_is_not_a_positive_finite_number_is_refused(
    name: str, value: float
) -> None:
    with pytest.raises(ValueError, match=f"RateLimit {name} must be a finite number"):
        RateLimit(**{name: value})  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [math.nan, math.inf, -0.1, 1.0])
def test_a_margin_outside_zero_to_one_is_refused(value: float) -> None:
    with pytest.raises(ValueError, match="RateLimit margin"):
        RateLimit(margin=value)


@pytest.mark.parametrize(
    ("name", "value"), [("requests", 0), ("requests", 2.5), ("concurrency", True), ("daily", 0)]
)
def test_counts_must_be_whole_numbers_of_at_least_one(name: str, value: object) -> None:
    with pytest.raises(ValueError, match=f"RateLimit {name}"):
        RateLimit(**{name: value})  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["3/nan", "3/inf", "3/0", "0/60", "3/-1"])
def test_the_cli_refuses_a_rate_limit_that_cannot_work(text: str) -> None:
    with pytest.raises(UsageError, match="--rate-limit must look like"):
        _rate_limit(text, ZOHO_RATE)


def test_two_limits_differ_in_fingerprint_only_when_they_count_differently() -> None:
    assert RateLimit().fingerprint == RateLimit(wait_for_next_day=True).fingerprint
    assert RateLimit().fingerprint != RateLimit(requests=99).fingerprint


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    ("code", "retry_after", "bound"),
    [(44, 86400.0, 60.6), (1070, 86400.0, 5.0), (None, 86400.0, 10.0), (503, 1e12, 10.0)],
)
async def test_a_429_pauses_the_organization_at_most_the_bound_of_its_code(
    code: int | None, retry_after: float, bound: float
) -> None:
    clock = Clock()
    limiter = InMemoryLimiter(RateLimit(), clock=clock)
    await limiter.throttled(ORG, code, retry_after)
    assert limiter._state(ORG).paused_until - clock.now == pytest.approx(bound)


@pytest.mark.parametrize("name", ["period", "day", "margin"])
def test_whole_seconds_are_kept_as_the_float_they_equal(name: str) -> None:
    whole = RateLimit(**{name: 0 if name == "margin" else 60})  # type: ignore[arg-type]
    written = RateLimit(**{name: 0.0 if name == "margin" else 60.0})  # type: ignore[arg-type]
    assert type(getattr(whole, name)) is float
    assert whole == written and whole.fingerprint == written.fingerprint


def test_a_period_too_large_for_a_float_is_refused() -> None:
    with pytest.raises(ValueError, match="RateLimit period must be a finite number"):
        RateLimit(period=10**400)
