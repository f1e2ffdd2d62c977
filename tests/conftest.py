"""Fixtures shared by every test package."""

import os

# The project's own tests read every answer strictly: a value that does not fit its model fails
# the test (users get total reads by default, with the mismatch kept and logged).
os.environ.setdefault("ZBOOKS_STRICT", "1")

pytest_plugins = ["tests.redis_server"]
