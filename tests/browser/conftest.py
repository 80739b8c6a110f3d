"""Browser fixtures live in tests/browser/fixtures.py so every test directory can use them."""

from tests.browser.fixtures import (  # noqa: F401 - re-exported for older imports
    LiveServer,
    axe_serious_violations,
    dump,
    sign_in,
)
