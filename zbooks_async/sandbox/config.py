"""Configuration values for the sandbox: limits, credentials, seed data and faults."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs

FAULT_KINDS: tuple[str, ...] = (
    "error_500",
    "html_502",
    "html_503",
    "reset_before",
    "reset_after",
    "slow",
    "slow_answer",
    "truncated_json",
    "malformed_json",
    "throttle_burst",
    "token_expiry",
)


def _rate(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{attribute.name} must be between 0.0 and 1.0, got {value}")


def _time_zone(instance: object, attribute: attrs.Attribute[str | None], value: str | None) -> None:
    if value is not None:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"time_zone must be an IANA time zone name, got {value!r}") from None


@attrs.frozen
class FaultConfig:
    """Probabilities (0.0 to 1.0) of each injected fault, drawn once per API request.

    The rates are cumulative slices of one draw, so their sum must not exceed 1.0.
    ``slow_seconds`` is how long ``slow`` and ``slow_answer`` hold the request.
    A drawn ``throttle_burst`` answers 429 to that request and the next
    ``throttle_burst_length - 1`` ones; every other burst carries ``Retry-After:
    retry_after_seconds``.
    """

    error_500_rate: float = attrs.field(default=0.0, validator=_rate)
    html_502_rate: float = attrs.field(default=0.0, validator=_rate)
    html_503_rate: float = attrs.field(default=0.0, validator=_rate)
    reset_before_rate: float = attrs.field(default=0.0, validator=_rate)
    reset_after_rate: float = attrs.field(default=0.0, validator=_rate)
    slow_rate: float = attrs.field(default=0.0, validator=_rate)
    slow_answer_rate: float = attrs.field(default=0.0, validator=_rate)
    slow_seconds: float = 30.0
    truncated_json_rate: float = attrs.field(default=0.0, validator=_rate)
    malformed_json_rate: float = attrs.field(default=0.0, validator=_rate)
    throttle_burst_rate: float = attrs.field(default=0.0, validator=_rate)
    throttle_burst_length: int = attrs.field(default=1, validator=attrs.validators.ge(1))
    retry_after_seconds: int = 1
    token_expiry_rate: float = attrs.field(default=0.0, validator=_rate)
    seed: int = 0

    def __attrs_post_init__(self) -> None:
        total = sum(self.rates().values())
        if total > 1.0 + 1e-9:
            raise ValueError(f"fault rates add up to {total}, more than 1.0")

    def rates(self) -> dict[str, float]:
        """Return the rate of every fault kind, keyed by kind name (see FAULT_KINDS)."""
        return {kind: float(getattr(self, f"{kind}_rate")) for kind in FAULT_KINDS}

    @property
    def enabled(self) -> bool:
        """True when at least one fault has a non-zero rate."""
        return any(rate > 0.0 for rate in self.rates().values())


@attrs.frozen
class SandboxConfig:
    """Everything that shapes one sandbox instance. All fields have defaults.

    ``clock`` drives every window and expiry (rate windows, daily budget, token
    lifetimes, mint window); tests inject a ``ManualClock`` to move time without sleeping.
    ``wall_clock`` (epoch seconds) stamps ``created_time``/``last_modified_time`` and, read
    once at start, anchors the organization's calendar: the daily budget renews at the
    organization's local midnight (every ``day_seconds`` of local time), in ``time_zone``
    (an IANA name such as ``"Europe/London"``) or, when that is None, at the fixed
    ``utc_offset_minutes``. Every API answer carries Zoho's ``X-Rate-Limit-Limit``,
    ``-Remaining`` and ``-Reset`` (seconds until that renewal) headers.

    ``scopes``: the OAuth scopes of every token (None: all); a mint request's own ``scope``
    field wins. A token outside an operation's scope gets 401 code 57, as on Zoho.
    ``retry_after_on_429``: Zoho sends no ``Retry-After`` on its 429s, so neither does the
    sandbox unless this is True; then code 44 says when the window frees a slot, code 45 when
    the budget renews and code 1070 one second.
    """

    requests_per_window: int | None = 100
    window_seconds: float = 60.0
    max_in_flight: int | None = 10
    daily_budget: int | None = 10000
    day_seconds: float = 86400.0
    latency_seconds: float = 0.0
    access_tokens: frozenset[str] | None = None
    client_id: str = "sandbox-client"
    client_secret: str = "sandbox-secret"
    refresh_token: str = "sandbox-refresh"
    token_lifetime_seconds: float = 3600.0
    mint_limit: int = 10
    mint_window_seconds: float = 600.0
    seed_contacts: int = 0
    seed: int = 0
    default_organization_id: str = "10234695"
    record_requests: bool = False
    clock: Callable[[], float] = time.monotonic
    wall_clock: Callable[[], float] = time.time
    utc_offset_minutes: int = 330
    time_zone: str | None = attrs.field(default=None, validator=_time_zone)
    scopes: frozenset[str] | None = None
    retry_after_on_429: bool = False
    faults: FaultConfig = FaultConfig()

    def scaled(self, factor: float) -> SandboxConfig:
        """Return a copy with every duration multiplied by ``factor``.

        ``config.scaled(1 / 60)`` turns the 60 s rate window into 1 s, the day into 24 min.
        """
        return attrs.evolve(
            self,
            window_seconds=self.window_seconds * factor,
            day_seconds=self.day_seconds * factor,
            latency_seconds=self.latency_seconds * factor,
            token_lifetime_seconds=self.token_lifetime_seconds * factor,
            mint_window_seconds=self.mint_window_seconds * factor,
            faults=attrs.evolve(self.faults, slow_seconds=self.faults.slow_seconds * factor),
        )

    def utc_offset_at(self, epoch: float) -> int:
        """The organization's offset from UTC in seconds at moment ``epoch``."""
        if self.time_zone is None:
            return self.utc_offset_minutes * 60
        moment = datetime.fromtimestamp(epoch, UTC).astimezone(ZoneInfo(self.time_zone))
        offset = moment.utcoffset()
        return int(offset.total_seconds()) if offset is not None else 0

    def unlimited(self) -> SandboxConfig:
        """Return a copy with the three Zoho request limits switched off (for benchmarks)."""
        return attrs.evolve(
            self, requests_per_window=None, max_in_flight=None, daily_budget=None
        )
