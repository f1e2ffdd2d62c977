"""A local fake Zoho Books v3 server for tests, examples and benchmarks.

    from zbooks_async.sandbox import SandboxConfig, create_app, get_sandbox

    app = create_app(SandboxConfig(seed_contacts=450))
    sandbox = get_sandbox(app)          # ground truth and remote control
    sandbox.organization().contacts     # {contact_id: contact}
"""

from .app import API_PREFIX, create_app
from .clock import ManualClock
from .config import FAULT_KINDS, FaultConfig, SandboxConfig
from .faults import SimulatedDisconnect
from .handle import SANDBOX_KEY, Sandbox, get_sandbox
from .serve import run_sandbox, serve
from .state import Organization, SandboxState
from .stats import RecordedRequest, SandboxStats

__all__ = [
    "API_PREFIX",
    "FAULT_KINDS",
    "SANDBOX_KEY",
    "FaultConfig",
    "ManualClock",
    "Organization",
    "RecordedRequest",
    "Sandbox",
    "SandboxConfig",
    "SandboxState",
    "SandboxStats",
    "SimulatedDisconnect",
    "create_app",
    "get_sandbox",
    "run_sandbox",
    "serve",
]
