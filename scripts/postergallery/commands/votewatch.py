"""``vote doctor --watch``: the doctor's checks again every few minutes, until voting closes.

The vote page cannot read a Google Form's answer (Google sends no CORS headers), so a form that
stops taking votes during the event (someone turns off 'Accepting responses', the organisation
that owns the form restricts it to its own members) looks to every visitor exactly like one that
records them: each page says "sent", and every vote is lost. Left running on the committee's
computer, the watch reads the form as an anonymous voter would every few minutes (it sends
nothing: a test vote every few minutes would fill the responses and use up a plan's
submissions) and, the moment a check fails, says what to change in the service; it says again
when the form is mended.

The loop (``rounds``) and the words (``round_lines``) are apart from the terminal, so both are
tested with a stand-in clock; the command line prints, rings the bell and stops on Ctrl+C.
"""

from __future__ import annotations

import datetime as _dt
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the command line reads the defaults below on every run: nothing heavy at import
    from postergallery.commands.votedoctor import Report
    from postergallery.features.vote import VoteSettings

DEFAULT_MINUTES = 5
MAX_MINUTES = 60


@dataclass(frozen=True)
class Round:
    """One reading of the form: when it began, what the doctor found, and whether that differs from the round
    before (the first round always does)."""

    at: _dt.datetime
    report: Report
    changed: bool


def _outcome(report: Report) -> tuple:
    return report.exit_code, tuple((check.ok, check.text) for check in report.checks)


def utc_now() -> _dt.datetime:
    return _dt.datetime.now(_dt.UTC)


def has_closed(vote: VoteSettings, now: Callable[[], _dt.datetime] = utc_now) -> bool:
    return vote.closes is not None and now() >= vote.closes


def rounds(
    check: Callable[[], Report],
    minutes: float,
    *,
    until: _dt.datetime | None,
    now: Callable[[], _dt.datetime] = utc_now,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[Round]:
    """``check()`` now and every ``minutes`` after (counted from the start of each round), until the moment
    ``until`` (voting closes) has come; ``now`` gives the time (aware), ``sleep`` waits."""
    before = None
    while True:
        at = now()
        if until is not None and at >= until:
            return
        report = check()
        outcome = _outcome(report)
        yield Round(at, report, outcome != before)
        before = outcome
        due = at + _dt.timedelta(minutes=minutes)
        if until is not None:
            due = min(due, until)
        wait = (due - now()).total_seconds()
        if wait > 0:
            sleep(wait)


def opening_line(vote: VoteSettings, minutes: int, tr) -> str:
    """What the watch does and how to stop it."""
    if vote.closes is None:
        return tr.ngettext(
            "Watching the vote form every {minutes} minute; nothing is sent. Leave this window open; press Ctrl+C "
            "to stop.",
            "Watching the vote form every {minutes} minutes; nothing is sent. Leave this window open; press Ctrl+C "
            "to stop.",
            minutes,
            minutes=minutes,
        )
    return tr.ngettext(
        "Watching the vote form every {minutes} minute until voting closes ({closes}); nothing is sent. Leave this "
        "window open; press Ctrl+C to stop.",
        "Watching the vote form every {minutes} minutes until voting closes ({closes}); nothing is sent. Leave "
        "this window open; press Ctrl+C to stop.",
        minutes,
        minutes=minutes,
        closes=tr.moment_text(vote.closes, vote.zone.tzinfo),
    )


def round_lines(found: Round, vote: VoteSettings, tr) -> list[str]:
    """The lines for one round: the whole checklist when the outcome changed, else one line saying it holds."""
    from postergallery.commands.votedoctor import checklist_lines

    clock = "[" + tr.moment_text(found.at, vote.zone.tzinfo, with_date=False) + "]"
    report = found.report
    if not found.changed:
        if report.unreachable:
            text = tr("• {service} still cannot be reached from this computer.", service=vote.service_name)
        elif report.problems:
            text = tr("✗ Still losing votes: fix what is marked ✗ above.")
        else:
            text = tr("✓ Still all good.")
        return [f"{clock} {text}"]
    lines = [f"{clock} {report.title}", *checklist_lines(report.checks)]
    if report.unreachable:
        lines.append(
            tr(
                "{service} could not be reached from this computer, so the form was not checked this time; "
                "the next round tries again.",
                service=vote.service_name,
            )
        )
    elif report.problems:
        lines.append(
            tr.ngettext(
                "VOTES ARE BEING LOST: {count} problem marked ✗ loses the votes sent from the site. Fix it at "
                "once; this window says when it is mended.",
                "VOTES ARE BEING LOST: {count} problems marked ✗ lose the votes sent from the site. Fix them at "
                "once; this window says when they are mended.",
                report.problems,
                count=report.problems,
            )
        )
    else:
        lines.append(tr("All good: votes sent from the site will reach {service}.", service=vote.service_name))
    return lines


def closing_line(vote: VoteSettings, tr, *, before_start: bool = False) -> str:
    """Said when voting has closed: the watch ends by itself, or (``before_start``) does not begin."""
    assert vote.closes is not None
    closes = tr.moment_text(vote.closes, vote.zone.tzinfo)
    if before_start:
        return tr("Voting closed at {closes}; there is nothing to watch.", closes=closes)
    return tr("Voting closed at {closes}; the watch ends.", closes=closes)
