"""Under `mkdocs serve`: the gallery's files answered from where they are kept, posters/ watched
(postergallery/devserver.py)."""

from __future__ import annotations

import io

from postergallery import devserver


def _get(app, path: str) -> tuple[str, dict, bytes]:
    answer: dict = {}

    def start_response(status, headers):
        answer.update(status=status, headers=dict(headers))

    # PEP 3333: the path as latin-1 characters of its UTF-8 bytes, as wsgiref hands it over.
    environ = {"PATH_INFO": path.encode("utf-8").decode("latin-1"), "REQUEST_METHOD": "GET", "wsgi.input": io.BytesIO()}
    body = b"".join(app(environ, start_response))
    return answer["status"], answer["headers"], body


def _mkdocs_app(environ, start_response):
    start_response("404 Not Found", [("Content-Type", "text/html")])
    return [b"from mkdocs: " + environ["PATH_INFO"].encode("latin-1")]


def test_files_of_the_last_build_are_answered_from_where_they_are_kept_and_nothing_else(tmp_path):
    rendition = tmp_path / "cache" / "0a1b2c"  # cache files have no extension: the published name says the type
    rendition.parent.mkdir()
    rendition.write_bytes(b"RIFF....WEBPVP8 ")
    original = tmp_path / "posters" / "lampu-jalan" / "poster.pdf"
    original.parent.mkdir(parents=True)
    original.write_bytes(b"%PDF-1.7 ...")
    app = devserver.GalleryFiles(_mkdocs_app, "/poster-gallery/")
    app.publish(
        {
            "poster/lampu-jalan/display.0123456789.webp": rendition,
            "poster/lampu-jalan/lampu-jalan.pdf": original,
            "poster/gambar-é/thumb.0123456789.webp": rendition,
        }
    )
    status, headers, body = _get(app, "/poster-gallery/poster/lampu-jalan/display.0123456789.webp")
    assert (status, headers, body) == (
        "200 OK",
        {"Content-Type": "image/webp", "Content-Length": "16"},
        b"RIFF....WEBPVP8 ",
    )
    assert _get(app, "/poster-gallery/poster/lampu-jalan/lampu-jalan.pdf")[1]["Content-Type"] == "application/pdf"
    assert _get(app, "/poster-gallery/poster/gambar-é/thumb.0123456789.webp")[0] == "200 OK"
    # Anything else is MkDocs' own: pages, other names, paths outside the site, paths that only lead there.
    for path in (
        "/poster-gallery/poster/lampu-jalan/",
        "/poster-gallery/poster/lampu-jalan/display.9999999999.webp",
        "/poster/lampu-jalan/display.0123456789.webp",
        "/poster-gallery/poster/lampu-jalan/../lampu-jalan/display.0123456789.webp",
        "/poster-gallery//poster/lampu-jalan/display.0123456789.webp",
    ):
        assert _get(app, path) == ("404 Not Found", {"Content-Type": "text/html"}, b"from mkdocs: " + path.encode()), (
            path
        )
    # A file gone since the build (a poster removed while the next build runs) is MkDocs' to answer: 404.
    original.unlink()
    assert _get(app, "/poster-gallery/poster/lampu-jalan/lampu-jalan.pdf")[0] == "404 Not Found"
    # The next build's files replace the last build's whole.
    app.publish({})
    assert _get(app, "/poster-gallery/poster/lampu-jalan/display.0123456789.webp")[0] == "404 Not Found"


def test_posters_are_watched_through_the_system_and_a_write_asks_for_a_build(tmp_path):
    import threading
    from types import SimpleNamespace as NS

    folder = tmp_path / "posters" / "las"
    folder.mkdir(parents=True)
    (folder / "poster.yml").write_text("title: Las\n", "utf-8")
    # MkDocs' LiveReloadServer asks for a build this way (its own watch() does the same).
    server = NS(_rebuild_cond=threading.Condition(), _want_rebuild=False)
    assert devserver.watch_folder(server, tmp_path / "posters")
    try:
        (folder / "poster.yml").write_text("title: Las Baru\n", "utf-8")
        with server._rebuild_cond:
            assert server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=30)
    finally:
        devserver.stop_watching()
    # A server that does not work that way (another MkDocs): not watched here, MkDocs polls instead.
    assert devserver.watch_folder(NS(), tmp_path / "posters") is False
