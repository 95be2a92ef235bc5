"""Opening days and hours: time ranges, weekly hours, closures, public holidays (rule 7)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import telecentre_core as tc
from telecentre_core import (
    BookableUnit,
    Centre,
    ClosedReason,
    Closure,
    Commune,
    DayOpening,
    InvalidValue,
    Lifecycle,
    Point,
    Policy,
    SeatChange,
    TimeRange,
    Weekday,
    WeeklyHours,
    public_holiday,
)
from telecentre_core.dates import END_OF_DAY
from telecentre_core.opening import DEFAULT_HOURS, DEFAULT_UNITS, holiday_slugs
from telecentre_core.testing import (
    DEPARTEMENT_CODES,
    centres,
    closures,
    dates,
    time_ranges,
    weekly_hours,
)

D = dt.date
T = TimeRange.parse

EASTER_MONDAY_2011 = D(2011, 4, 25)
GOOD_FRIDAY_2011 = D(2011, 4, 22)
PENTECOST_MONDAY_2011 = D(2011, 6, 13)
A_TUESDAY = D(2011, 12, 6)

LUNCH_BREAK = WeeklyHours.weekdays("09:00-12:30", "13:30-18:00")


def centre(insee: str = "15138", **changes: Any) -> Centre:
    """A centre open since 2006 in the commune ``insee`` (Murat by default)."""
    fields: dict[str, Any] = {
        "id": "murat",
        "name": "Murat",
        "commune": Commune(name="Murat", insee=insee, postcode="15300"),
        "location": Point(lat=45.11, lon=2.87),
        "seats": [SeatChange(since=D(2006, 3, 1), count=4)],
        "lifecycle": Lifecycle(opens=D(2006, 3, 1)),
    }
    fields.update(changes)
    return Centre(**fields)


def opening(day: dt.date, where: Centre | None = None, **policy: Any) -> DayOpening:
    rules = Policy(**policy)
    return (where or centre()).opening_on(day, rules.opening_hours, rules.open_on_holidays)


def minutes(span: TimeRange) -> range:
    """The minutes of the day ``span`` covers, as whole minutes after midnight."""
    end = 24 * 60 if span.end == END_OF_DAY else span.end.hour * 60 + span.end.minute
    return range(span.start.hour * 60 + span.start.minute, end)


# -- time ranges ------------------------------------------------------------------------


def test_a_range_is_written_hh_mm_dash_hh_mm() -> None:
    span = T("09:00-12:30")
    assert (span.start, span.end) == (dt.time(9), dt.time(12, 30))
    assert str(span) == "09:00-12:30"


def test_24_00_is_the_end_of_the_day() -> None:
    evening = T("20:00-24:00")
    assert evening.end == END_OF_DAY
    assert str(evening) == "20:00-24:00"
    assert str(T("00:00-24:00")) == "00:00-24:00"
    assert evening.contains(T("23:00-24:00"))


def test_spaces_around_the_dash_are_allowed() -> None:
    assert T(" 09:00 - 12:00 ") == T("09:00-12:00")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "09:00",
        "9:00-12:00",
        "09:00-12:00-13:00",
        "09:00\u201312:00",  # an en dash
        "24:30-24:45",
        "23:00-24:01",
        "25:00-26:00",
        "09:60-10:00",
        "12:00-12:00",
        "13:00-12:00",
        "24:00-24:00",
        "\uff10\uff19:00-12:00",  # full-width digits
    ],
)
def test_anything_else_is_refused_with_an_example_of_the_format(text: str) -> None:
    with pytest.raises(InvalidValue) as error:
        T(text)
    assert error.value.field in ("time", "end")


def test_a_range_that_is_not_text_is_refused() -> None:
    with pytest.raises(InvalidValue):
        TimeRange.parse(930)  # type: ignore[arg-type]


def test_a_range_ends_after_it_starts() -> None:
    with pytest.raises(InvalidValue, match="must be after start") as error:
        TimeRange(start=dt.time(13), end=dt.time(12))
    assert error.value.field == "end"


@pytest.mark.parametrize(
    "time",
    [dt.time(9, 0, 30), dt.time(9, 0, 0, 1), dt.time(9, tzinfo=dt.UTC), "09:00"],
)
def test_a_range_holds_local_whole_minutes(time: Any) -> None:
    with pytest.raises(InvalidValue) as error:
        TimeRange(start=time, end=dt.time(18))
    assert error.value.field == "start"


def test_a_range_contains_ranges_inside_it_and_overlaps_those_it_shares_a_moment_with() -> None:
    morning = T("09:00-13:00")
    assert morning.contains(T("09:00-13:00"))
    assert morning.contains(T("10:00-11:00"))
    assert not morning.contains(T("12:00-14:00"))
    assert morning.overlaps(T("12:00-14:00"))
    # The end is excluded: a morning and the afternoon that follows share no moment.
    assert not morning.overlaps(T("13:00-18:00"))


@given(time_ranges())
def test_writing_a_range_and_reading_it_back_gives_the_same_range(span: TimeRange) -> None:
    assert T(str(span)) == span
    assert str(T(str(span))) == str(span)


@given(st.text(max_size=14) | st.from_regex(r"\d\d:\d\d-\d\d:\d\d", fullmatch=True))
def test_reading_any_text_gives_a_range_or_invalid_value(text: str) -> None:
    try:
        span = T(text)
    except InvalidValue:
        return
    assert T(str(span)) == span


@given(time_ranges(), time_ranges())
def test_overlaps_and_contains_agree_with_the_minutes_they_cover(
    one: TimeRange, other: TimeRange
) -> None:
    shared = set(minutes(one)) & set(minutes(other))
    assert one.overlaps(other) == bool(shared) == other.overlaps(one)
    assert one.contains(other) == (set(minutes(other)) <= set(minutes(one)))
    if one.contains(other):
        assert one.overlaps(other)
    assert one.contains(one)
    assert one.overlaps(one)


@given(time_ranges(), time_ranges(), time_ranges())
def test_containing_is_transitive(a: TimeRange, b: TimeRange, c: TimeRange) -> None:
    if a.contains(b) and b.contains(c):
        assert a.contains(c)


@given(time_ranges("09:00-12:30"))
def test_time_ranges_inside_a_window_stay_inside(span: TimeRange) -> None:
    assert T("09:00-12:30").contains(span)


# -- weekly hours ----------------------------------------------------------------------


def test_weekly_hours_with_a_lunch_break_open_twice_a_weekday() -> None:
    assert LUNCH_BREAK.on(D(2011, 12, 5)) == (T("09:00-12:30"), T("13:30-18:00"))
    assert LUNCH_BREAK.of(Weekday.FRIDAY) == (T("09:00-12:30"), T("13:30-18:00"))
    assert LUNCH_BREAK.on(D(2011, 12, 10)) == ()  # a Saturday
    assert not LUNCH_BREAK.is_empty()
    assert WeeklyHours().is_empty()


def test_the_default_hours_are_weekdays_from_nine_to_six() -> None:
    assert WeeklyHours.weekdays("09:00-18:00") == DEFAULT_HOURS
    assert Policy().opening_hours == DEFAULT_HOURS


def test_the_weekday_of_a_day() -> None:
    assert Weekday.of(EASTER_MONDAY_2011) is Weekday.MONDAY
    assert Weekday.of(D(2012, 3, 25)) is Weekday.SUNDAY


def test_a_weekday_s_ranges_must_come_in_order_without_overlapping() -> None:
    with pytest.raises(InvalidValue, match="in order") as error:
        WeeklyHours(monday=("13:30-18:00", "09:00-12:30"))  # type: ignore[arg-type]
    assert error.value.field == "monday[1]"
    with pytest.raises(InvalidValue) as error:
        WeeklyHours(tuesday=("09:00-13:00", "12:00-18:00"))  # type: ignore[arg-type]
    assert error.value.field == "tuesday[1]"


def test_ranges_may_follow_each_other_without_a_break() -> None:
    hours = WeeklyHours(monday=("09:00-12:00", "12:00-18:00"))  # type: ignore[arg-type]
    assert len(hours.of(Weekday.MONDAY)) == 2


def test_a_weekday_s_hours_are_ranges() -> None:
    with pytest.raises(InvalidValue):
        WeeklyHours(monday="09:00-18:00")  # type: ignore[arg-type]
    with pytest.raises(InvalidValue):
        WeeklyHours(monday=("nine to six",))  # type: ignore[arg-type]


@given(weekly_hours())
def test_generated_weekly_hours_rebuild_from_their_own_text(hours: WeeklyHours) -> None:
    as_text = {day.value: [str(span) for span in hours.of(day)] for day in Weekday}
    assert WeeklyHours(**as_text) == hours  # type: ignore[arg-type]


# -- units and spans ------------------------------------------------------------------------


def test_the_default_units_split_the_day_at_one_o_clock() -> None:
    assert [(unit.slug, str(unit.window)) for unit in DEFAULT_UNITS] == [
        ("morning", "00:00-13:00"),
        ("afternoon", "13:00-24:00"),
        ("day", "00:00-24:00"),
    ]


def test_a_unit_is_what_the_centre_s_hours_say_inside_its_window() -> None:
    day = opening(A_TUESDAY)
    spans = {unit.slug: str(day.span_within(unit.window)) for unit in DEFAULT_UNITS}
    assert spans == {"morning": "09:00-13:00", "afternoon": "13:00-18:00", "day": "09:00-18:00"}


def test_with_a_lunch_break_the_units_follow_the_break() -> None:
    day = opening(A_TUESDAY, opening_hours=LUNCH_BREAK)
    spans = {unit.slug: str(day.span_within(unit.window)) for unit in DEFAULT_UNITS}
    assert spans == {"morning": "09:00-12:30", "afternoon": "13:30-18:00", "day": "09:00-18:00"}


def test_a_unit_when_the_centre_does_not_open_has_no_span() -> None:
    evening = BookableUnit(slug="evening", window="18:00-24:00")  # type: ignore[arg-type]
    assert opening(A_TUESDAY).span_within(evening.window) is None
    night = opening(A_TUESDAY, opening_hours=WeeklyHours.weekdays("00:00-24:00"))
    assert str(night.span_within(evening.window)) == "18:00-24:00"


def test_a_unit_has_a_slug_and_a_window() -> None:
    with pytest.raises(InvalidValue):
        BookableUnit(slug="Le Matin", window=T("00:00-13:00"))
    with pytest.raises(InvalidValue):
        BookableUnit(slug="morning", window="morning")  # type: ignore[arg-type]


def test_a_span_may_run_over_the_lunch_break_but_must_start_and_end_while_open() -> None:
    day = opening(A_TUESDAY, opening_hours=LUNCH_BREAK)
    assert day.allows(T("09:00-12:30"))
    assert day.allows(T("10:00-16:00"))
    assert day.allows(T("09:00-18:00"))
    assert not day.allows(T("12:45-15:00"))  # starts during the break
    assert not day.allows(T("10:00-13:00"))  # ends during the break
    assert not day.allows(T("08:00-10:00"))
    assert not day.allows(T("17:00-19:00"))


def test_a_span_may_run_from_one_range_into_the_next_when_they_touch() -> None:
    hours = WeeklyHours.weekdays("09:00-12:00", "12:00-18:00")
    assert opening(A_TUESDAY, opening_hours=hours).allows(T("11:00-13:00"))


def test_a_closed_day_allows_nothing() -> None:
    assert not opening(D(2011, 12, 10)).allows(T("10:00-11:00"))


@given(weekly_hours(), time_ranges(), dates(D(2011, 1, 1), D(2012, 12, 31)))
def test_a_unit_s_span_lies_in_its_window_and_starts_and_ends_while_open(
    hours: WeeklyHours, window: TimeRange, day: dt.date
) -> None:
    today = DayOpening(day=day, ranges=hours.on(day))
    span = today.span_within(window)
    open_minutes = {m for item in today.ranges for m in minutes(item)}
    inside = open_minutes & set(minutes(window))
    if span is None:
        assert not inside
        return
    assert window.contains(span)
    assert today.allows(span)
    # From the first open minute of the window to the last: nothing open is left out.
    assert min(inside) == minutes(span)[0]
    assert max(inside) == minutes(span)[-1]


@given(weekly_hours(), time_ranges(), dates(D(2011, 1, 1), D(2012, 12, 31)))
def test_a_span_inside_one_range_is_always_allowed(
    hours: WeeklyHours, span: TimeRange, day: dt.date
) -> None:
    today = DayOpening(day=day, ranges=hours.on(day))
    if any(item.contains(span) for item in today.ranges):
        assert today.allows(span)
    if today.allows(span):
        open_minutes = {m for item in today.ranges for m in minutes(item)}
        assert minutes(span)[0] in open_minutes
        assert minutes(span)[-1] in open_minutes


# -- closures ---------------------------------------------------------------------------


SUMMER = Closure(first=D(2011, 8, 8), last=D(2011, 8, 19), reason="fermeture estivale")


def test_a_closure_closes_its_first_and_last_days_and_not_the_days_around() -> None:
    summer_centre = centre(closures=[SUMMER])
    assert opening(D(2011, 8, 5), summer_centre).is_open  # the Friday before
    for day in (D(2011, 8, 8), D(2011, 8, 19)):
        closed = opening(day, summer_centre)
        assert (closed.reason, closed.detail) == (ClosedReason.CLOSURE, "fermeture estivale")
        assert closed.ranges == ()
    assert opening(D(2011, 8, 22), summer_centre).is_open  # the Monday after


def test_a_closure_of_one_day() -> None:
    works = Closure(first=A_TUESDAY, last=A_TUESDAY)
    assert works.covers(A_TUESDAY)
    assert opening(A_TUESDAY, centre(closures=[works])).reason is ClosedReason.CLOSURE


def test_a_closure_ends_on_or_after_it_starts() -> None:
    with pytest.raises(InvalidValue, match="on or after first") as error:
        Closure(first=D(2011, 8, 19), last=D(2011, 8, 8))
    assert error.value.field == "last"


def test_a_centre_s_closures_are_closures() -> None:
    with pytest.raises(InvalidValue):
        centre(closures=["2011-08-08"])


@given(closures(D(2011, 1, 1), D(2012, 12, 31)), dates(D(2010, 12, 1), D(2013, 1, 31)))
def test_a_closure_covers_exactly_the_days_from_first_to_last(
    closure: Closure, day: dt.date
) -> None:
    assert closure.covers(day) == (closure.first <= day <= closure.last)


# -- public holidays ------------------------------------------------------------------


def test_easter_monday_2011_closes_the_centres_of_the_cantal() -> None:
    closed = opening(EASTER_MONDAY_2011)
    assert closed.reason is ClosedReason.PUBLIC_HOLIDAY
    assert closed.detail == "Lundi de Pâques"
    assert closed.holiday is not None
    assert (closed.holiday.slug, closed.holiday.day) == ("easter-monday", EASTER_MONDAY_2011)
    assert not closed.is_open


@pytest.mark.parametrize("departement", ["57", "67", "68"])
def test_good_friday_is_a_holiday_in_alsace_moselle(departement: str) -> None:
    holiday = public_holiday(departement, GOOD_FRIDAY_2011)
    assert holiday is not None
    assert (holiday.slug, holiday.name) == ("good-friday", "Vendredi saint")
    strasbourg = centre(insee=f"{departement}482")
    assert opening(GOOD_FRIDAY_2011, strasbourg).reason is ClosedReason.PUBLIC_HOLIDAY


@pytest.mark.parametrize("departement", ["15", "75", "13", "2A", "974"])
def test_good_friday_is_a_working_day_elsewhere(departement: str) -> None:
    assert public_holiday(departement, GOOD_FRIDAY_2011) is None


def test_good_friday_is_open_in_the_cantal() -> None:
    assert opening(GOOD_FRIDAY_2011).is_open


@pytest.mark.parametrize("departement", ["57", "67", "68"])
def test_st_stephen_s_day_is_a_holiday_in_alsace_moselle_only(departement: str) -> None:
    holiday = public_holiday(departement, D(2011, 12, 26))
    assert holiday is not None
    assert holiday.slug == "saint-stephens-day"
    assert public_holiday("15", D(2011, 12, 26)) is None


def test_2011_12_20_is_the_abolition_of_slavery_in_la_reunion() -> None:
    holiday = public_holiday("974", D(2011, 12, 20))
    assert holiday is not None
    assert (holiday.slug, holiday.name) == ("abolition-of-slavery", "Abolition de l'esclavage")
    saint_denis = centre(insee="97411")
    closed = opening(D(2011, 12, 20), saint_denis)
    assert (closed.reason, closed.detail) == (ClosedReason.PUBLIC_HOLIDAY, holiday.name)
    # A Tuesday like any other in the Cantal.
    assert opening(D(2011, 12, 20)).is_open


@pytest.mark.parametrize(
    ("departement", "day"),
    [
        ("971", D(2011, 5, 27)),  # Guadeloupe
        ("972", D(2011, 5, 22)),  # Martinique
        ("973", D(2011, 6, 10)),  # Guyane
        ("974", D(2011, 12, 20)),  # La Réunion
        ("976", D(2011, 4, 27)),  # Mayotte
    ],
)
def test_each_overseas_departement_has_its_own_abolition_day(
    departement: str, day: dt.date
) -> None:
    holiday = public_holiday(departement, day)
    assert holiday is not None
    assert holiday.slug == "abolition-of-slavery"
    assert public_holiday("15", day) is None


def test_pentecost_monday_is_closed_unless_the_policy_keeps_it_open() -> None:
    closed = opening(PENTECOST_MONDAY_2011)
    assert (closed.reason, closed.detail) == (ClosedReason.PUBLIC_HOLIDAY, "Lundi de Pentecôte")
    kept = opening(PENTECOST_MONDAY_2011, open_on_holidays=["pentecost-monday"])
    assert kept.is_open
    assert kept.ranges == DEFAULT_HOURS.on(PENTECOST_MONDAY_2011)
    # The policy names that holiday only: Easter Monday stays closed.
    easter = opening(EASTER_MONDAY_2011, open_on_holidays=["pentecost-monday"])
    assert easter.reason is ClosedReason.PUBLIC_HOLIDAY


def test_a_policy_names_holidays_that_exist() -> None:
    with pytest.raises(InvalidValue, match="not a French public holiday") as error:
        Policy(open_on_holidays=["pentecost-monday", "whit-monday"])
    assert error.value.field == "open_on_holidays[1]"
    assert "pentecost-monday" in holiday_slugs()


def test_holiday_names_are_french_whatever_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    holiday = public_holiday("15", D(2012, 5, 1))
    assert holiday is not None
    assert (holiday.slug, holiday.name) == ("labor-day", "Fête du Travail")


@given(st.sampled_from(DEPARTEMENT_CODES), dates())
def test_every_departement_has_a_holiday_calendar(departement: str, day: dt.date) -> None:
    holiday = public_holiday(departement, day)
    if holiday is not None:
        assert holiday.day == day
        assert holiday.slug in holiday_slugs() or day.year not in range(2000, 2051)
        assert holiday.name


# -- why a centre is closed, in order ----------------------------------------------------


def test_a_weekday_the_hours_leave_out_is_closed_and_says_which() -> None:
    closed = opening(D(2011, 12, 10))
    assert (closed.reason, closed.detail) == (ClosedReason.WEEKLY, "saturday")


def test_a_centre_is_closed_before_it_opens_and_after_it_closes() -> None:
    planned = centre(lifecycle=Lifecycle(planned_from=D(2011, 6, 1)))
    assert opening(A_TUESDAY, planned).reason is ClosedReason.NOT_OPEN_YET
    early = opening(D(2006, 2, 28))
    assert early.reason is ClosedReason.NOT_OPEN_YET
    gone = centre(lifecycle=Lifecycle(opens=D(2006, 3, 1), closes=D(2011, 1, 1)))
    assert opening(A_TUESDAY, gone).reason is ClosedReason.CLOSED_FOR_GOOD
    assert opening(D(2010, 12, 31), gone).is_open


def test_the_lifecycle_comes_first_then_closures_then_holidays_then_the_weekday() -> None:
    over_easter = Closure(first=D(2011, 4, 23), last=D(2011, 4, 25), reason="travaux")
    assert opening(EASTER_MONDAY_2011, centre(closures=[over_easter])).detail == "travaux"
    gone = centre(
        lifecycle=Lifecycle(opens=D(2006, 3, 1), closes=D(2011, 1, 1)), closures=[over_easter]
    )
    assert opening(EASTER_MONDAY_2011, gone).reason is ClosedReason.CLOSED_FOR_GOOD
    sunday_holiday = opening(D(2011, 5, 1))  # Labour Day fell on a Sunday in 2011
    assert sunday_holiday.reason is ClosedReason.PUBLIC_HOLIDAY


def test_a_centre_s_own_hours_replace_the_policy_s() -> None:
    saturdays = WeeklyHours(saturday=("09:00-12:00",))  # type: ignore[arg-type]
    own = centre(hours=saturdays)
    assert opening(D(2011, 12, 10), own).ranges == (T("09:00-12:00"),)
    assert opening(A_TUESDAY, own).reason is ClosedReason.WEEKLY


@given(
    centres(min_date=D(2005, 1, 1), max_date=D(2014, 12, 31)),
    dates(D(2005, 1, 1), D(2014, 12, 31)),
    st.sampled_from([(), ("pentecost-monday",), ("easter-monday", "christmas-day")]),
)
def test_a_centre_opens_exactly_when_nothing_closes_it(
    subject: Centre, day: dt.date, kept_open: tuple[str, ...]
) -> None:
    found = subject.opening_on(day, DEFAULT_HOURS, kept_open)
    holiday = public_holiday(subject.commune.departement, day)
    hours = (subject.hours or DEFAULT_HOURS).on(day)
    expected_open = (
        subject.is_open_on(day)
        and not any(closure.first <= day <= closure.last for closure in subject.closures)
        and (holiday is None or holiday.slug in kept_open)
        and bool(hours)
    )
    assert found.is_open == expected_open
    assert found.day == day
    if found.is_open:
        assert found.ranges == hours
        assert found.holiday is None
    else:
        assert found.ranges == ()
        assert (found.holiday is not None) == (found.reason is ClosedReason.PUBLIC_HOLIDAY)


def test_the_reference_network_closes_on_easter_monday() -> None:
    network = tc.datasets.cybercantal()
    for centre_ in network.centres:
        if centre_.is_open_on(EASTER_MONDAY_2011):
            found = network.opening_on(centre_.id, EASTER_MONDAY_2011)
            assert found.reason is ClosedReason.PUBLIC_HOLIDAY
