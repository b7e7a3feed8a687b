"""Prints, as JSON, the rules the site's JavaScript shares with the Python package, and Python's verdicts on inputs
of every kind, for tests/js/ to hold the JavaScript to (run by tests/js/site.mjs, with scripts/ on PYTHONPATH).

* ``vote``: the vote page's configuration as ``client_config`` writes it (alphabet, length, separators, token
  pattern among the rest);
* ``codes``: typed codes (valid ones as printed and as typed, every single-symbol typo including the look-alikes
  0/O/1/I, swapped neighbours, lower case, separators, full-width forms, wrong lengths, empty, random strings),
  each with what ``codes.normalise`` makes of it and whether ``codes.is_well_formed`` accepts that;
* ``tokens``: voter tokens with whether the count (``TOKEN_PATTERN``) accepts them;
* ``slugs``: the poster folder names' rule (``SLUG_RE``, ``MAX_SLUG_LENGTH``), and names with whether it takes each;
* ``orders``: the slideshow orders the settings accept; ``boardOrder``: board numbers in the order the map page
  lists them (``venuemap.board_key``);
* ``worker``: the kiosk's service worker as the build writes it, and ``paths`` with whether the worker may keep
  each (``CACHEABLE``): every name the build gives renditions and QR codes, and paths it must not keep.

Deterministic: the random inputs come from fixed seeds.
"""

from __future__ import annotations

import json
import random
import re
import sys

from postergallery.commands import codes
from postergallery.features.kiosk import CACHEABLE, ORDERS, worker_source
from postergallery.features.venuemap import board_key
from postergallery.features.vote import TOKEN_PATTERN, VoteSettings, client_config
from postergallery.i18n import Translator
from postergallery.stages.cache import published_name
from postergallery.stages.images import KINDS, MIME
from postergallery.stages.load import MAX_SLUG_LENGTH, SLUG_RE
from postergallery.stages.render import make_environment

SEPARATORS = (
    " ",
    "\t",
    "\n",
    "\r\n",
    "  ",
    " - ",
    "--",
    "\u00a0",
    "\u2007",
    "\u202f",
    "\u2009",
    "\u3000",
    "\u2010",
    "\u2011",
    "\u2012",
    "\u2013",
    "\u2014",
    "\u2015",
    "\u2212",
    "\uff0d",
    "\ufe63",
    "\u00ad",
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
)
NOT_SEPARATORS = ("_", ".", "/", ",", "+", "\u00b7", "\u2028", "\u0301", "\U0001f600")
ODD_TEXTS = (
    "",
    " ",
    "-",
    " - ",
    "\u00df",
    "\u0131",
    "\u0130",
    "\ufb00",
    "\u2160",
    "\U0001f600" * 8,
    "abcd-234",
    "ABCD2345",
    "ABCD2346",
    "ABCD2O45",
    "ABCD234",
    "ABCD23450",
)


def full_width(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


def code_cases() -> list[dict]:
    rng = random.Random(20240130)
    valid = codes.make_codes(40, randbelow=rng.randrange)
    typed: list[tuple[str, str]] = []
    for code in valid:
        shown = codes.display(code)
        typed += [
            ("valid", code),
            ("as printed", shown),
            ("lower case", shown.lower()),
            ("around", f"  {shown}\n"),
            ("full width", full_width(shown)),
            ("too short", code[:-1]),
            ("too long", code + code[0]),
            ("doubled", code + code),
        ]
        typed += [("swapped", code[:i] + code[i + 1] + code[i] + code[i + 2 :]) for i in range(7)]
    for code in valid[:10]:
        for i in range(len(code)):
            typed += [("typo", code[:i] + ch + code[i + 1 :]) for ch in codes.ALPHABET + "01OIoil" if ch != code[i]]
    for code in valid[:3]:
        typed += [("separator", code[:4] + sep + code[4:]) for sep in SEPARATORS]
        typed += [("not a separator", code[:4] + ch + code[4:]) for ch in NOT_SEPARATORS]
    typed += [("odd", text) for text in ODD_TEXTS]
    typed += [("random", "".join(rng.choice(codes.ALPHABET) for _ in range(codes.LENGTH))) for _ in range(400)]
    cases = []
    for kind, text in typed:
        normalised = codes.normalise(text)
        cases.append(
            {"kind": kind, "typed": text, "normalised": normalised, "wellFormed": codes.is_well_formed(normalised)}
        )
    return cases


def token_cases() -> list[dict]:
    rng = random.Random(7)
    good = ["".join(rng.choice("0123456789abcdef") for _ in range(32)) for _ in range(20)]
    texts = good + [
        good[0].upper(),
        good[0][:-1],
        good[0] + "0",
        good[0] + "\n",
        "\n" + good[0],
        " " + good[0],
        good[0][:31] + "g",
        good[0][:31] + "\u0663",
        "",
        "0" * 32,
        "f" * 32,
        "-" * 32,
    ]
    return [{"token": text, "valid": TOKEN_PATTERN.fullmatch(text) is not None} for text in texts]


def path_cases() -> list[dict]:
    digest = "0123456789abcdef" * 4
    folder = "/poster-gallery/poster/las-smaw-dari-nol/"
    paths = [folder + published_name(kind, digest, ext) for kind in KINDS for ext in MIME]
    paths.append(folder + published_name("qr", digest, "svg"))
    paths += [
        folder + "index.html",
        folder + "las-smaw-dari-nol.pdf",
        folder + "las-smaw-dari-nol.jpg",
        folder + "display.webp",
        folder + "display.0123456789.webp.txt",
        folder + "display.012345678.webp",
        folder + "display.0123456789A.webp",
        folder + "display.0123456789ab.webp",
        folder + "share/qr.0123456789.svg",
        "/poster-gallery/poster/posters.json",
        "/poster-gallery/assets/gallery/display.0123456789.webp",
        "/poster-gallery/poster/display.0123456789.webp",
        "/poster-gallery/kiosk/sw.js",
    ]
    return [{"path": path, "cacheable": re.search(CACHEABLE, path) is not None} for path in paths]


def slug_cases() -> list[dict]:
    names = ["las-smaw", "a", "0", "k3-bengkel-otomotif", "x" * MAX_SLUG_LENGTH, "x" * (MAX_SLUG_LENGTH + 1)]
    names += ["", "-", "las-", "-las", "las--smaw", "Las-smaw", "las_smaw", "las smaw", "las.smaw", "las,smaw"]
    names += ["las-smaw\n", "\u0131stanbul", "caf\u00e9", "\uff4c\uff41\uff53", "las/smaw", "las%2Csmaw", "<b>"]
    return [
        {"slug": name, "valid": len(name) <= MAX_SLUG_LENGTH and SLUG_RE.fullmatch(name) is not None} for name in names
    ]


def main() -> None:
    vote = VoteSettings(
        "form", "https://example.org/vote", {"poster": "poster", "token": "token", "code": "code"}, codes=True
    )
    json.dump(
        {
            "vote": client_config(vote, Translator("en")),
            "codes": code_cases(),
            "tokens": token_cases(),
            "orders": list(ORDERS),
            "slugs": {"pattern": SLUG_RE.pattern, "max": MAX_SLUG_LENGTH, "cases": slug_cases()},
            "boardOrder": sorted(["B1", "A10", "A2", "10", "9", "A2-B", "A-1"], key=board_key),
            "worker": worker_source(make_environment(Translator("en"))),
            "paths": path_cases(),
        },
        sys.stdout,
        ensure_ascii=True,
    )


if __name__ == "__main__":
    main()
