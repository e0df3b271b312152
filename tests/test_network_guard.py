"""The suite runs with the network blocked (pytest-socket): prove the guard is on."""

from __future__ import annotations

import socket
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from pytest_socket import SocketBlockedError, SocketConnectBlockedError

# pytest-socket also warns each time it blocks; here blocking is the expected outcome.
pytestmark = pytest.mark.filterwarnings("ignore:A test tried:UserWarning")


def test_internet_sockets_are_refused() -> None:
    with pytest.raises(SocketBlockedError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with pytest.raises(SocketBlockedError):
        socket.getaddrinfo("huggingface.co", 443)


def test_unix_sockets_stay_allowed() -> None:
    # Qt and D-Bus talk over local Unix sockets; they must keep working.
    a, b = socket.socketpair(socket.AF_UNIX)
    with a, b:
        a.sendall(b"ok")
        assert b.recv(2) == b"ok"


class _Hello(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"hello")

    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.loopback
def test_loopback_marker_allows_a_local_server_only() -> None:
    server = HTTPServer(("127.0.0.1", 0), _Hello)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/"
        with urllib.request.urlopen(url, timeout=5) as response:
            assert response.read() == b"hello"
        outside = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        with pytest.raises(SocketConnectBlockedError):
            outside.connect(("192.0.2.1", 80))  # TEST-NET-1: never routed
    finally:
        server.shutdown()
        server.server_close()
