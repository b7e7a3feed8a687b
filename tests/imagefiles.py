"""Small image files for tests, written with Pillow."""
from __future__ import annotations

from pathlib import Path

from PIL import Image


def write_jpeg(path: Path, size=(240, 340), colour=(200, 40, 40), **save) -> Path:
    Image.new("RGB", size, colour).save(path, "JPEG", quality=90, **save)
    return path


def write_png(path: Path, size=(240, 340), colour=(40, 120, 200), mode="RGB") -> Path:
    Image.new(mode, size, colour).save(path, "PNG")
    return path
