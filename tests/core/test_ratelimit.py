import pytest
from django.core.cache import cache

from hub.core.ratelimit import parse_rate, rate_limit_consume


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def test_allows_up_to_the_limit_then_refuses():
    results = [rate_limit_consume("post:1", "3/m") for _ in range(5)]
    assert results == [True, True, True, False, False]


def test_keys_are_independent():
    assert all(rate_limit_consume("post:1", "2/m") for _ in range(2))
    assert rate_limit_consume("post:2", "2/m")


@pytest.mark.parametrize(
    ("rate", "parsed"), [("10/m", (10, 60)), ("5/30s", (5, 30)), ("1/h", (1, 3600))]
)
def test_parse_rate(rate, parsed):
    assert parse_rate(rate) == parsed


def test_bad_rate_is_explained():
    with pytest.raises(ValueError, match="is not like"):
        parse_rate("ten per minute")
