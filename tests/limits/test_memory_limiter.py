"""The in-memory limiter with a clock under the test's control.

Its cost per slot is a benchmark row (``benchmarks/limiter.py``), not a timed test."""

from __future__ import annotations

import pytest

from zbooks_async.limits import InMemoryLimiter, RateLimit

ORG = "10234695"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def paused_for(limiter: InMemoryLimiter, clock: Clock) -> float:
    return limiter._state(ORG).paused_until - clock.now


async def test_repeated_429s_back_off_longer_but_one_burst_counts_once() -> None:
    clock = Clock()
    limiter = InMemoryLimiter(RateLimit(requests=100, period=60.0), clock=clock)
    await limiter.throttled(ORG, 44, None)
    assert paused_for(limiter, clock) == 15.0  # a quarter of the period
    clock.now += 1
    await limiter.throttled(ORG, 44, None)  # same burst: no longer
    assert paused_for(limiter, clock) == 14.0
    clock.now += 15  # after the pause, throttled again
    await limiter.throttled(ORG, 44, None)
    assert paused_for(limiter, clock) == 30.0
    clock.now += 31
    await limiter.throttled(ORG, 44, None)
    assert paused_for(limiter, clock) == 60.0  # capped at one period
    clock.now += 60 + 61  # a quiet period forgives
    await limiter.throttled(ORG, 44, None)
    assert paused_for(limiter, clock) == 15.0


async def test_an_in_flight_429_pauses_briefly() -> None:
    clock = Clock()
    limiter = InMemoryLimiter(RateLimit(requests=100, period=60.0), clock=clock)
    await limiter.throttled(ORG, 1070, None)
    assert paused_for(limiter, clock) == pytest.approx(0.6)
