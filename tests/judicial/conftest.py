"""The creditor API fixture (the app over HTTP with two creditors), shared with tests/api."""

from tests.api.conftest import api  # noqa: F401
