"""Zones and moments as the committee writes them: one reader for the vote's settings and the count."""

from __future__ import annotations

import datetime as dt

import pytest

from postergallery.timezones import UTC, WIB, MomentError, Zone, parse_moment, parse_zone, written_zone

from projectkit import at, messages

WIB_OFFSET = dt.timezone(dt.timedelta(hours=7))


@pytest.mark.parametrize(
    "text, moment",
    [
        ("2024-01-30T08:00:00+07:00", dt.datetime(2024, 1, 30, 8, tzinfo=WIB_OFFSET)),
        ("2024-01-30T08:00:00Z", dt.datetime(2024, 1, 30, 8, tzinfo=dt.UTC)),
        ("2024-01-30t08:00:00z", dt.datetime(2024, 1, 30, 8, tzinfo=dt.UTC)),
        ("2024-01-30 08:00+0700", dt.datetime(2024, 1, 30, 8, tzinfo=WIB_OFFSET)),
        (
            "  2024-01-30T08:00:30-03:30 ",
            dt.datetime(2024, 1, 30, 8, 0, 30, tzinfo=dt.timezone(-dt.timedelta(hours=3, minutes=30))),
        ),
    ],
)
def test_iso_moments_with_their_zone_are_read(text, moment):
    read = parse_moment(text)
    assert read == moment and read.utcoffset() == moment.utcoffset()


@pytest.mark.parametrize(
    "text, kind",
    [
        ("30/01/2024 08:00 WIB", "format"),
        ("2024-1-30T08:00:00+07:00", "format"),
        ("2024-01-30+07:00", "format"),  # not 07:00 without a zone: only T or a space separates date and time
        ("besok pagi", "format"),
        ("", "format"),
        ("2024-01-30", "date"),
        ("2024-02-30T08:00:00+07:00", "impossible"),
        ("2024-01-30T24:00:00+07:00", "impossible"),
        ("2024-01-30T08:00:00+15:00", "impossible"),  # further from UTC than any place
        ("2024-01-30T08:00:00+07:60", "impossible"),  # Python would read it as +08:00
        ("2024-01-30T16:30.5+07:00", "format"),  # Python would read it as 16:30:00.5
        ("2024-01-30T25.30+07:00", "format"),
        ("9999-12-31T23:59:59-12:00", "year"),  # "never", which no other zone can even show
        ("0001-01-01T00:00:00+07:00", "year"),
        ("1999-12-31T16:00:00+07:00", "year"),
    ],
)
def test_what_is_not_a_moment_says_why(text, kind):
    with pytest.raises(MomentError) as raised:
        parse_moment(text)
    assert raised.value.kind == kind and raised.value.local is None


@pytest.mark.parametrize(
    "text, fixed",
    [
        ("2024-01-30T16.30+07:00", "2024-01-30T16:30:00+07:00"),  # Python would read it as 16:00:00.3
        ("2024-01-30 16,30Z", "2024-01-30T16:30:00Z"),
        ("2024-01-30T8.05.15+08:00", "2024-01-30T08:05:15+08:00"),
        ("2024-01-30T16.30", "2024-01-30T16:30:00"),
    ],
)
def test_a_time_written_with_dots_is_refused_with_the_colons_it_needs(text, fixed):
    with pytest.raises(MomentError) as raised:
        parse_moment(text)
    assert raised.value.kind == "dots" and raised.value.fixed == fixed


def test_a_time_without_a_zone_is_kept_to_show_it_with_one():
    with pytest.raises(MomentError) as raised:
        parse_moment("2024-01-30 08:00")
    assert raised.value.kind == "zone" and raised.value.local == dt.datetime(2024, 1, 30, 8, 0)


def test_zones_written_in_an_export():
    assert written_zone("Z") == UTC and written_zone("z") == UTC
    assert written_zone("GMT+7") == WIB and written_zone("WIB") == WIB
    assert written_zone("+05:30") == Zone("UTC+05:30", 330) == parse_zone("UTC+0530")
    assert written_zone("GMT") == UTC and written_zone("Asia/Jakarta") is None


def test_the_vote_says_what_is_wrong_with_a_moment_in_its_own_words(project):
    project.add_poster("las-smaw")
    project.write_config(
        "vote:\n  provider: form\n  url: https://example.org/vote\n"
        "  fields: {poster: poster, token: token}\n  timezone: WITA\n"
        "  opens: 30/01/2024 08:00\n  closes: 2024-02-30T16:00:00+08:00\n"
    )
    assert messages(project.check(), "mkdocs.yml") == [
        f"{at(project, '30/01/2024')}: 'opens' must be a date and time with its time zone, e.g. "
        "opens: 2024-01-30T08:00:00+08:00 (found '30/01/2024 08:00').",
        f"{at(project, '2024-02-30')}: 'closes' is not a real date and time ('2024-02-30T16:00:00+08:00'); check "
        "the day, month and hour.",
    ]
    # Written as the site writes times, "pukul 16.30": Python alone would read it as 16:00:00.3.
    project.write_config(
        "vote:\n  provider: form\n  url: https://example.org/vote\n"
        "  fields: {poster: poster, token: token}\n  timezone: WITA\n"
        "  opens: 2024-01-30T08.00\n  closes: 9999-12-31T23:59:59+08:00\n"
    )
    assert messages(project.check(), "mkdocs.yml") == [
        f"{at(project, '2024-01-30T08.00')}: 'opens' writes the time with dots ('2024-01-30T08.00'), which is read "
        "as another time; write hours, minutes and seconds with colons: opens: 2024-01-30T08:00:00+08:00",
        f"{at(project, '9999-12-31')}: 'closes' is not in a year between 2000 and 2100 ('9999-12-31T23:59:59+08:00'); "
        "write the real date and time, or leave 'closes' out for no limit.",
    ]
