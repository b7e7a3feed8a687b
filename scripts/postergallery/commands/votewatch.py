"""``vote doctor --watch``: the doctor's checks again every few minutes, until voting closes.

The vote page cannot read a Google Form's answer (Google sends no CORS headers), so a form that
stops taking votes during the event (someone turns off 'Accepting responses', the organisation
that owns the form restricts it to its own members) looks to every visitor exactly like one that
records them: each page says "sent", and every vote is lost. Left running on the committee's
computer, the watch reads the form as an anonymous voter would every few minutes (it sends
nothing: a test vote every few minutes would fill the responses and use up a plan's
submissions) and, the moment a check fails, says what to change in the service; it says again
when the form is mended.

Each round also reads the published site's vote page (``site_check``): what mkdocs.yml says is not
always what visitors have (a publish that failed, a change not pushed yet), and a form watched
while the site sends the votes to another one watches nothing.

The loop (``rounds``) and the words (``round_lines``) are apart from the terminal, so both are
tested with a stand-in clock; the command line prints, rings the bell and stops on Ctrl+C.
"""

from __future__ import annotations

import datetime as _dt
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the command line reads the defaults below on every run: nothing heavy at import
    from postergallery.commands.formservice import Origins
    from postergallery.commands.votedoctor import Check, Report
    from postergallery.features.vote import VoteSettings

DEFAULT_MINUTES = 5
MAX_MINUTES = 60
# The wait between rounds is slept in naps of at most this long, the clock read after each: a sleep does not
# count the time a computer spent suspended (lid closed), and the round due meanwhile comes soon after it wakes.
NAP_SECONDS = 30


@dataclass(frozen=True)
class Round:
    """One reading of the form: when it began, what the doctor found, and whether that differs from the round
    before (the first round always does)."""

    at: _dt.datetime
    report: Report
    changed: bool

    @property
    def alarm(self) -> bool:
        """Votes are being lost, and the round before did not say so: the round to ring the bell for."""
        return self.changed and self.report.exit_code == 1


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
        while (wait := (due - now()).total_seconds()) > 0:
            sleep(min(wait, NAP_SECONDS))


def watch_report(vote: VoteSettings, site_url: str, tr, origins: Origins) -> Report:
    """One round's findings: the doctor's checks of the form (nothing sent), then the published site's."""
    from postergallery.commands.votedoctor import Check, doctor

    report = doctor(vote, tr, origins)
    if site_url:
        report.checks.append(site_check(vote, site_url, tr, origins))
    else:
        report.checks.append(Check(None, tr("site_url is not set in mkdocs.yml, so the published site is not read.")))
    return report


def site_check(vote: VoteSettings, site_url: str, tr, origins: Origins) -> Check:
    """Whether the published site's vote page sends the votes to ``vote``'s form."""
    from postergallery import urls
    from postergallery.commands.formservice import Unreachable, open_page
    from postergallery.commands.votedoctor import Check
    from postergallery.features.vote import epoch_ms
    from postergallery.model import visible

    page = site_url + "vote/"
    publish_fix = tr(
        "Check site_url in mkdocs.yml, and on GitHub, under Actions, that the site's last publish finished."
    )
    try:
        answer = open_page(page, origins, frozenset({urls.host(site_url)}))
    except Unreachable as exc:
        return Check(
            False,
            tr("The published site's vote page cannot be read: {reason}.", reason=exc.text(tr)),
            tr("Open {url} in a browser: where it does not open, visitors cannot vote either.", url=page),
        )
    if answer.status != 200:
        return Check(
            False,
            tr(
                "The published site's vote page {url} answered {status} instead of showing the vote.",
                url=page,
                status=answer.status,
            ),
            publish_fix,
        )
    ballots = page_ballots(answer.text)
    mine = [config for config in ballots if config.get("ballot") == vote.ballot]
    if not ballots:
        return Check(False, tr("The published site's vote page ({url}) has no vote on it.", url=page), publish_fix)
    if not mine:
        return Check(
            False,
            tr(
                "The published site's vote page ({url}) sends the votes to {action}, not to the form mkdocs.yml names.",
                url=page,
                action=visible(str(ballots[0].get("action", "?"))[:200]),
            ),
            tr(
                "If mkdocs.yml is right, the site was not published again since it changed: on GitHub, under "
                "Actions, see why the last publish did not finish. Until it is, votes go to the form the site names."
            ),
        )
    window = {"opens": vote.opens, "closes": vote.closes}
    for key, moment in window.items():
        published = mine[0].get(key)
        if published != epoch_ms(moment):
            return Check(
                False,
                tr(
                    "The published site's vote page ({url}) has another voting window than mkdocs.yml: its "
                    "'{key}' is {published}, mkdocs.yml's {written}.",
                    url=page,
                    key=key,
                    published=_moment(published, vote, tr),
                    written=_moment(moment, vote, tr),
                ),
                tr(
                    "The site's buttons follow the published window. If mkdocs.yml is right, publish the site again "
                    "(or see on GitHub, under Actions, why the last publish did not finish)."
                ),
            )
    # The questions' names and ballot codes too: after the form's questions were made again (vote setup), a site not
    # published since sends every vote under names the form no longer has, and Google drops the answers.
    for key, written in (("fields", vote.fields), ("codes", vote.codes)):
        published = mine[0].get(key)
        if published != written:
            return Check(
                False,
                tr(
                    "The published site's vote page ({url}) has another '{key}' than mkdocs.yml: {published} there, "
                    "{written} in mkdocs.yml.",
                    url=page,
                    key=key,
                    published=_yaml_text(published),
                    written=_yaml_text(written),
                ),
                tr(
                    "The site sends the votes as it was published. If mkdocs.yml is right, publish the site again "
                    "(or see on GitHub, under Actions, why the last publish did not finish)."
                ),
            )
    return Check(True, tr("The published site's vote page ({url}) sends the votes to this form.", url=page))


def _yaml_text(value) -> str:
    """A setting read from the published page (untrusted, any shape) or mkdocs.yml, as mkdocs.yml writes it."""
    from postergallery.model import visible

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_yaml_text(k)}: {_yaml_text(v)}" for k, v in list(value.items())[:10]) + "}"
    return visible(str(value))[:100]


def _moment(value, vote: VoteSettings, tr) -> str:
    """A window's edge as the site's config or mkdocs.yml holds it (epoch ms, a datetime or none), in words."""
    if value is None:
        return tr("not set")
    if isinstance(value, _dt.datetime):
        return tr.moment_text(value, vote.zone.tzinfo)
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            return tr.moment_text(_dt.datetime.fromtimestamp(value / 1000, _dt.UTC), vote.zone.tzinfo)
        except (ValueError, OverflowError, OSError):  # beyond the years a datetime holds: not from a build
            pass
    return "?"


class _BallotFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ballots: list[dict] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name != "data-pg-vote" or not value:
                continue
            try:
                config = json.loads(value)
            except ValueError:
                continue
            if isinstance(config, dict):
                self.ballots.append(config)


def page_ballots(html: str) -> list[dict]:
    """The vote settings a page holds (its ``data-pg-vote`` attributes), as vote.js reads them."""
    finder = _BallotFinder()
    finder.feed(html)
    finder.close()
    return finder.ballots


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
    elif found.alarm:
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
    # The moment the committee might close the form: a vote sent in the last seconds may still be on its way, and
    # the count takes it up to LATE_ARRIVAL after 'closes' (features/vote.py).
    return tr(
        "Voting closed at {closes}; the watch ends. Leave the form taking responses for another minute: votes sent "
        "in the last seconds may still be on their way.",
        closes=closes,
    )
