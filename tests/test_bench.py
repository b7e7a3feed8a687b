"""scripts/bench.py's measuring modes that run without sigal or a served site."""

from __future__ import annotations

import bench

import imagefiles as F


def test_steps_measure_every_step_of_making_the_renditions(tmp_path, capsys):
    """``--steps`` goes through the build's own functions for every poster of the corpus: each step of
    ``make_renditions`` is named once, with its CPU, and the posters are counted."""
    for number, write in enumerate((F.write_jpeg, F.write_png), 1):
        folder = tmp_path / f"{number:03d}-poster"
        folder.mkdir()
        (folder / "poster.yml").write_text("title: x\n")
        write(folder / ("poster.jpg" if write is F.write_jpeg else "poster.png"), size=(1240, 1754))

    found = bench.run_steps(tmp_path)

    assert found["posters"] == 2
    assert list(found["cpu_s"]) == [
        "decode",
        "resize",
        "average colour",
        "social card",
        "encode zoom",
        "encode display",
        "encode thumb2x",
        "encode thumb",
        "encode mini",
        "encode social",
    ]
    assert all(seconds >= 0 for seconds in found["cpu_s"].values())
    assert found["cpu_s"]["encode display"] > 0  # a 1240 × 1754 WebP takes milliseconds, not nothing

    assert bench.main(["--steps", "--corpus", str(tmp_path), "--work", str(tmp_path / "work")]) == 0
    printed = capsys.readouterr().out
    assert "command: python scripts/bench.py --steps --corpus" in printed
    assert "for 2 posters" in printed
