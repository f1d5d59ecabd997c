"""computed-age: the age is exact around birthdays."""

from datetime import date, timedelta

import pytest
from conftest import age_on, shift_years, signup

AGES = (1, 17, 18, 19, 20, 21, 30, 65)


def check_age(api, birth: date) -> None:
    expected = age_on(birth, date.today())
    user = api.create(signup(birth_date=birth.isoformat()))
    assert user.get("age") == expected, (
        f"POST /users born {birth.isoformat()} (today is {date.today().isoformat()}): "
        f"expected age {expected}, got {user.get('age')!r}"
    )


@pytest.mark.criterion("computed-age")
def test_birthday_today_counts(api):
    """Born N years ago today (N = 1, 17, 18, 19, 20, 21, 30, 65): age is N."""
    for years in AGES:
        birth = shift_years(date.today(), years)
        if birth is not None:  # today is 29 February and that year had none
            check_age(api, birth)


@pytest.mark.criterion("computed-age")
def test_birthday_tomorrow_not_yet(api):
    """Born N years before tomorrow: age is still N - 1."""
    for years in AGES:
        birth = shift_years(date.today() + timedelta(days=1), years)
        if birth is not None and birth <= date.today():
            check_age(api, birth)


@pytest.mark.criterion("computed-age")
def test_birthday_yesterday(api):
    """Born N years before yesterday: age is N."""
    for years in AGES:
        birth = shift_years(date.today() - timedelta(days=1), years)
        if birth is not None:
            check_age(api, birth)


@pytest.mark.criterion("computed-age")
def test_leap_day_births(api):
    """Born on or around 29 February: full years count by (month, day), not by 365.25 days."""
    for birth in (date(2004, 2, 29), date(2000, 2, 28), date(2000, 3, 1), date(1960, 2, 29)):
        check_age(api, birth)


@pytest.mark.criterion("computed-age")
def test_age_is_computed_on_read_too(api):
    """GET /users/{user_id} returns the same exact age as POST /users."""
    birth = shift_years(date.today(), 40) or date(1984, 2, 28)
    user = api.create(signup(birth_date=birth.isoformat()))
    read = api.get(api.user_id(user))
    expected = age_on(birth, date.today())
    assert read.get("age") == expected, (
        f"GET /users/{{id}} born {birth.isoformat()}: "
        f"expected age {expected}, got {read.get('age')!r}"
    )
