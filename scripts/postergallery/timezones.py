"""Time zones and moments as the committee writes them: WIB, WITA, WIT, +07:00, and ISO 8601 moments.

Indonesia keeps fixed offsets (no daylight saving time), so a zone is a name and
an offset in minutes. ``parse_zone`` is the one reader of zones and offsets: the
vote's ``timezone`` setting, the zone at the end of ``opens``/``closes`` and the
zones written in a form service's export all go through it.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

NAMED_ZONES = {"WIB": 7 * 60, "WITA": 8 * 60, "WIT": 9 * 60, "UTC": 0}
MAX_OFFSET_HOURS = 14  # the farthest any place on Earth is from UTC (Kiribati)


@dataclass(frozen=True)
class Zone:
    """A fixed-offset time zone with the name people use for it (WIB, WITA, WIT, UTC+05:30)."""

    name: str
    minutes: int

    @property
    def tzinfo(self) -> _dt.timezone:
        return _dt.timezone(_dt.timedelta(minutes=self.minutes), self.name)

    @property
    def offset_text(self) -> str:
        sign = "+" if self.minutes >= 0 else "-"
        hours, minutes = divmod(abs(self.minutes), 60)
        return f"{sign}{hours:02d}:{minutes:02d}"


WIB = Zone("WIB", 7 * 60)
UTC = Zone("UTC", 0)


def parse_zone(text: str) -> Zone | None:
    """'WIB', 'WITA', 'WIT', 'UTC', or an offset like '+07:00' / 'UTC+7'; None when unreadable."""
    value = text.strip().upper()
    if value in NAMED_ZONES:
        return Zone(value, NAMED_ZONES[value])
    match = re.fullmatch(r"(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?", value)
    if match is None:
        return None
    hours, minutes = int(match.group(2)), int(match.group(3) or 0)
    if hours > MAX_OFFSET_HOURS or minutes > 59:
        return None
    total = (hours * 60 + minutes) * (-1 if match.group(1) == "-" else 1)
    for name, offset in NAMED_ZONES.items():
        if offset == total and name != "UTC":
            return Zone(name, offset)
    sign = "+" if total >= 0 else "-"
    return Zone(f"UTC{sign}{hours:02d}:{minutes:02d}", total)


def zone_of(moment: _dt.datetime) -> Zone:
    """The zone an aware moment is written in, by the name people use for it: +08:00 is WITA, Z is UTC."""
    offset = moment.utcoffset()
    assert offset is not None, "a moment with its zone"
    minutes = int(offset.total_seconds()) // 60
    named = UTC if minutes == 0 else parse_zone(Zone("", minutes).offset_text)
    assert named is not None, "parse_moment took only offsets that parse_zone reads"
    return named


def written_zone(text: str) -> Zone | None:
    """The zone written at the end of a time: 'Z', '+07:00', 'GMT+7', 'UTC', 'WIB'; None when it is not one."""
    return UTC if text in ("Z", "z") else parse_zone(text.replace("GMT", "UTC"))


# ----------------------------------------------------------------- moments ---


class MomentError(ValueError):
    """Why a text is not a moment with its zone.

    ``kind`` is "format" (not written as an ISO 8601 date and time), "date" (a date without a time),
    "zone" (a time without a zone; ``local`` holds it, to show the text with the zone added), "dots" (the
    time written with dots, 16.30, as Indonesian writes it; ``fixed`` holds the text with colons), "year"
    (a year before FIRST_YEAR or after LAST_YEAR, such as 9999 for "never") or "impossible" (written right,
    but no such day, hour or offset).
    """

    def __init__(self, kind: str, local: _dt.datetime | None = None, fixed: str | None = None):
        super().__init__(kind)
        self.kind = kind
        self.local = local
        self.fixed = fixed


# The years a vote's moments may be in: beyond them a year is a slip or a stand-in for "never", and the
# calendar's own ends (0001, 9999) cannot even be shown in another zone.
FIRST_YEAR, LAST_YEAR = 2000, 2100


# The zone at the end of an ISO moment: Z, +07:00, +0700 or +07.
_ZONE_AT_END = re.compile(r"(Z|[+-]\d{2}(?::?\d{2})?)$")
# The character after the date (2024-01-30, 20240130, 2024-W05-2): what separates it from the time.
_SEPARATOR = re.compile(r"[0-9W-]*(.?)")
# A time written with dots (16.30, 16.30.15), which Python reads as 16:00:00.3.
_DOTTED_TIME = re.compile(r"(\d{1,2})[.,](\d{2})(?:[.,](\d{2}))?")
# A fraction of a second, the only fraction a moment may have: 16:30:00.250 or 163000.250.
_SECONDS_FRACTION = re.compile(r"\d{2}(:?)\d{2}\1\d{2}[.,]\d+")


def parse_moment(text: str) -> _dt.datetime:
    """An ISO 8601 moment with its zone (``2024-01-30T08:00:00+07:00``, ``...Z``) as an aware datetime.

    Raises ``MomentError`` saying what is missing or wrong. The zone is read by ``parse_zone``, so an
    offset beyond 14 hours, or of 60 minutes or more, is refused as it is in the ``timezone`` setting.
    """
    text = text.strip()
    if text.endswith("z"):
        text = text[:-1] + "Z"  # UTC, in lower case
    date, time, zone = _parts(text)
    dotted = _DOTTED_TIME.fullmatch(time)
    if dotted and _iso_shaped(date, date_only=True) and int(dotted[1]) < 24 and int(dotted[2]) < 60:
        hour, minute, second = dotted.group(1, 2, 3)
        raise MomentError("dots", fixed=f"{date}T{int(hour):02d}:{minute}:{second or '00'}{zone}")
    if not _iso_shaped(text):
        raise MomentError("format")
    if _iso_shaped(text, date_only=True):
        raise MomentError("date")
    if ("." in time or "," in time) and not _SECONDS_FRACTION.fullmatch(time):
        raise MomentError("format")  # Python reads 16:30.5 as 16:30:00.5, not half past the minute
    try:
        moment = _dt.datetime.fromisoformat(text)
    except ValueError:
        raise MomentError("impossible") from None
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise MomentError("year")
    if moment.tzinfo is None:
        raise MomentError("zone", moment)
    written = _ZONE_AT_END.search(text)
    if written is None or written_zone(written.group(1)) is None:
        raise MomentError("impossible")  # an offset with seconds, or one no place keeps (+07:60, +15:00)
    return moment


def _parts(text: str) -> tuple[str, str, str]:
    """(date, time, zone) of a moment written as ISO 8601, each as written."""
    separator = _SEPARATOR.match(text)
    assert separator is not None  # always matches: every part of the pattern may be empty
    rest = text[separator.end(1) :]
    zone = _ZONE_AT_END.search(rest)
    cut = zone.start() if zone else len(rest)
    return text[: separator.start(1)], rest[:cut], rest[cut:]


def _iso_shaped(text: str, *, date_only: bool = False) -> bool:
    """Whether ``text`` is written as an ISO 8601 date and time (or as a date alone), whatever its numbers.

    Every digit is made a 1 first (2024-02-30 -> 1111-11-11), so that a day or an hour that does not
    exist still has the right shape, and is told apart from text that is no date at all.
    """
    separator = _SEPARATOR.match(text)  # always matches: every part of the pattern may be empty
    assert separator is not None
    if separator.group(1) not in ("", "T", "t", " "):
        return False  # fromisoformat takes any character between date and time: 2024-01-30+07:00 would be 07:00
    shape = re.sub(r"[0-9]", "1", text)
    try:
        (_dt.date if date_only else _dt.datetime).fromisoformat(shape)
    except ValueError:
        return False
    return True
