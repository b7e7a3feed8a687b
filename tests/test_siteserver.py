"""The browser tests' stand-in for GitHub Pages (tests/siteserver.py) behaves like a web server."""

from __future__ import annotations

import socket
import struct
import time
import urllib.request

from siteserver import SiteServer


def test_a_visitor_leaving_mid_download_is_no_error_and_the_site_keeps_answering(tmp_path, capsys):
    (tmp_path / "big.bin").write_bytes(bytes(range(256)) * 32768)  # 8 MB: more than a socket buffer holds
    (tmp_path / "index.html").write_text("<p>hello</p>")
    server = SiteServer(tmp_path).start()
    try:
        port = int(server.url.split(":")[2].split("/")[0])
        for _ in range(3):
            with socket.create_connection(("127.0.0.1", port)) as sock:
                sock.sendall(b"GET /poster-gallery/big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                assert sock.recv(64).startswith(b"HTTP/1.0 200")
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # hang up hard
        deadline = time.monotonic() + 10
        while sum(r.get("hung_up", False) for r in server.requests) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [r.get("hung_up") for r in server.requests] == [True, True, True]
        with urllib.request.urlopen(server.url) as answer:
            assert answer.status == 200 and answer.read() == b"<p>hello</p>"
    finally:
        server.stop()
    assert capsys.readouterr().err == ""
