"""The features' declarations: the names they write at the top of docs/, and where else those names are listed."""

from __future__ import annotations

import json

import yaml

from postergallery.build import FEATURES, reserved_slugs
from postergallery.stages.load import SITE_NAMES
from postergallery.stages.writer import RECORD_NAME

from projectkit import DEMO_CONFIG, ROOT


def declared_paths() -> set[str]:
    return {path for feature in FEATURES for path in feature.paths}


def test_features_are_named_once_and_own_distinct_names():
    names = [feature.name for feature in FEATURES]
    assert len(names) == len(set(names))
    paths = [path for feature in FEATURES for path in feature.paths]
    assert len(paths) == len(set(paths))
    for feature in FEATURES:
        assert set(feature.hidden) <= set(feature.paths), feature.name


def test_no_poster_may_take_a_name_the_site_uses():
    assert reserved_slugs() == SITE_NAMES | {path.rstrip("/").removesuffix(".md") for path in declared_paths()}
    assert {"index", "poster", "role", "center", "tag", "vote", "results", "kiosk", "print"} <= reserved_slugs()


def test_gitignore_lists_exactly_what_the_features_write_into_docs():
    lines = (ROOT / ".gitignore").read_text("utf-8").splitlines()
    ignored = {line for line in lines if line.startswith("/docs/")}
    assert ignored == {f"/docs/{RECORD_NAME}"} | {f"/docs/{path}" for path in declared_paths()}


def test_not_in_nav_lists_exactly_the_folders_the_features_keep_out_of_the_navigation():
    hidden = {f"/{path}" for feature in FEATURES for path in feature.hidden}
    for config in (DEMO_CONFIG, ROOT / "mkdocs.yml"):
        # mkdocs.yml may hold tags such as !ENV that safe_load does not know: read just this key.
        text = config.read_text("utf-8")
        block = text[text.index("not_in_nav:") :].split("\n\n", 1)[0]
        assert set(yaml.safe_load(block)["not_in_nav"].split()) == hidden, config


def test_the_demo_build_writes_only_under_the_declared_names(demo_copy):
    from postergallery import build

    result = build.build(demo_copy / "mkdocs.yml", lang="en", jobs=1)
    assert result.ok, [p.format_text() for p in result.problems]
    written = json.loads((demo_copy / "docs" / RECORD_NAME).read_text("utf-8"))["files"]
    tops = {rel.split("/", 1)[0] + ("/" if "/" in rel else "") for rel in written}
    assert tops == declared_paths() - {"results/"}  # the demo publishes no results
