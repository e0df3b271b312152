"""Download a faster-whisper model from the Hugging Face Hub, only when the user asks.

Plain HTTP with urllib, in the Hub's layout (``HF_ENDPOINT``, default huggingface.co):

* ``GET {endpoint}/api/models/{repo}/revision/{revision}?blobs=true`` gives the commit and
  every file with its size and checksum (the SHA-256 of a large file, the git blob id of a
  small one);
* ``GET {endpoint}/{repo}/resolve/{commit}/{file}`` gives the file (the Hub redirects large
  ones to its CDN), with ``Range`` to resume.

Files are written to ``downloads/<name>-<commit>/<file>.part``, checked, renamed, and once
every file is there the folder is moved whole to ``models/<name>``: a model folder is
never half-made. A cancelled or dropped download keeps its ``.part`` files (the next try
resumes them); a checksum mismatch deletes the whole download.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path
from urllib.parse import quote

from speakprep.paths import AppPaths
from speakprep.services.models import ModelEntry

DEFAULT_ENDPOINT = "https://huggingface.co"
# What faster-whisper itself fetches of a model repository.
WANTED = ("config.json", "preprocessor_config.json", "model.bin", "tokenizer.json", "vocabulary.*")
CHUNK_BYTES = 1 << 20

# progress(bytes_done, bytes_total)
DownloadProgress = Callable[[int, int], None]


class DownloadError(RuntimeError):
    """The download failed; ``str()`` is one line for a person."""


class DownloadCancelled(DownloadError):
    """The user cancelled; what was fetched is kept to resume."""


@dataclass(frozen=True, slots=True)
class RemoteFile:
    """One file of the repository at a commit, with what to check it against."""

    name: str
    size: int
    sha256: str | None  # large (LFS) files
    git_blob: str | None  # small files: git's SHA-1 of "blob <size>\\0<content>"


def endpoint() -> str:
    """The Hub to download from: ``$HF_ENDPOINT`` or huggingface.co."""
    return (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def download_model(
    entry: ModelEntry,
    paths: AppPaths,
    *,
    progress: DownloadProgress | None = None,
    cancel: threading.Event | None = None,
    retries: int = 3,
    timeout_s: float = 30.0,
) -> Path:
    """Fetch ``entry`` into ``paths.models_dir / entry.name`` and return that folder.

    Raises:
        DownloadCancelled: ``cancel`` was set (the ``.part`` files stay, to resume).
        DownloadError: the Hub could not be reached, the model is not there, a connection
            dropped more than ``retries`` times in a row, or a file failed its checksum
            (then nothing of this download is kept).
    """
    if entry.repo is None:
        raise DownloadError(f"{entry.name} ships with speakprep; there is nothing to download")
    base = endpoint()
    commit, files = _listing(base, entry, timeout_s)
    staging = paths.downloads_dir / f"{entry.name}-{commit[:12]}"
    _drop_stale(paths.downloads_dir, entry.name, keep=staging)
    staging.mkdir(parents=True, exist_ok=True)
    total = sum(f.size for f in files)
    fetched = _Counter(total, progress)
    for f in files:
        done = staging / f.name
        if done.is_file() and done.stat().st_size == f.size:
            fetched.add(f.size)
            continue
        part = staging / (f.name + ".part")
        url = f"{base}/{entry.repo}/resolve/{commit}/{quote(f.name)}"
        _fetch(url, part, f.size, fetched, cancel, retries, timeout_s)
        if not _matches(part, f):
            shutil.rmtree(staging, ignore_errors=True)
            raise DownloadError(
                f"{entry.name}: {f.name} does not match its checksum on {base}; "
                "the download was deleted, try again later"
            )
        os.replace(part, done)
    (staging / "speakprep-model.json").write_text(
        json.dumps({"name": entry.name, "repo": entry.repo, "commit": commit, "endpoint": base}),
        encoding="utf-8",
    )
    return _install(staging, paths.models_dir / entry.name)


def _listing(base: str, entry: ModelEntry, timeout_s: float) -> tuple[str, list[RemoteFile]]:
    url = f"{base}/api/models/{entry.repo}/revision/{quote(entry.revision, safe='')}?blobs=true"
    try:
        with urllib.request.urlopen(_request(url), timeout=timeout_s) as response:
            info = json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        if exc.code in (401, 404):
            raise DownloadError(f"{entry.repo} was not found on {base}") from exc
        raise DownloadError(f"{base} answered {exc.code} for {entry.repo}") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise DownloadError(f"cannot reach {base} ({_reason(exc)})") from exc
    except ValueError as exc:
        raise DownloadError(f"{base} sent a listing that is not JSON") from exc
    files = []
    for sibling in info.get("siblings") or []:
        name = sibling.get("rfilename", "")
        if "/" in name or not any(fnmatch(name, pattern) for pattern in WANTED):
            continue
        lfs = sibling.get("lfs") or {}
        files.append(
            RemoteFile(
                name=name,
                size=int(lfs.get("size", sibling.get("size", 0))),
                sha256=lfs.get("sha256"),
                git_blob=None if lfs else sibling.get("blobId"),
            )
        )
    names = {f.name for f in files}
    if not {"model.bin", "config.json"} <= names or not isinstance(info.get("sha"), str):
        raise DownloadError(f"{entry.repo} on {base} is not a faster-whisper model")
    return info["sha"], files


def _request(url: str, headers: dict[str, str] | None = None) -> urllib.request.Request:
    return urllib.request.Request(url, headers={"User-Agent": "speakprep", **(headers or {})})


def _reason(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None) or getattr(exc, "strerror", None) or exc
    return str(reason) or type(exc).__name__


class _Counter:
    """Bytes done across all files, reported to the caller's progress callback."""

    def __init__(self, total: int, progress: DownloadProgress | None) -> None:
        self.total, self.done, self.progress = total, 0, progress

    def add(self, count: int) -> None:
        self.done += count
        if self.progress:
            self.progress(self.done, self.total)


def _fetch(
    url: str,
    part: Path,
    size: int,
    fetched: _Counter,
    cancel: threading.Event | None,
    retries: int,
    timeout_s: float,
) -> None:
    """Fill ``part`` up to ``size`` bytes, resuming with ``Range`` after a dropped connection."""
    have = part.stat().st_size if part.exists() else 0
    if have > size:  # not this file: start again
        part.unlink()
        have = 0
    fetched.add(have)
    failures = 0
    while have < size:
        try:
            have = _fetch_once(url, part, have, size, fetched, cancel, timeout_s)
            failures = 0
        except DownloadCancelled:
            raise
        except (urllib.error.URLError, OSError, ValueError) as exc:
            if isinstance(exc, urllib.error.HTTPError) and exc.code < 500 and exc.code != 416:
                raise DownloadError(f"{url}: the server answered {exc.code}") from exc
            failures += 1
            if failures > retries:
                raise DownloadError(
                    f"the connection dropped {failures} times ({_reason(exc)}); "
                    "run the download again to resume"
                ) from exc
            have = part.stat().st_size if part.exists() else 0


def _fetch_once(
    url: str,
    part: Path,
    have: int,
    size: int,
    fetched: _Counter,
    cancel: threading.Event | None,
    timeout_s: float,
) -> int:
    headers = {"Range": f"bytes={have}-"} if have else {}
    with urllib.request.urlopen(_request(url, headers), timeout=timeout_s) as response:
        if have and response.status != 206:  # the server ignored Range: start over
            fetched.add(-have)
            have = 0
        with part.open("ab" if have else "wb") as out:
            while have < size:
                if cancel is not None and cancel.is_set():
                    raise DownloadCancelled("download cancelled; run it again to resume")
                chunk = response.read(min(CHUNK_BYTES, size - have))
                if not chunk:
                    raise ConnectionResetError(f"the server closed the connection at {have}")
                out.write(chunk)
                have += len(chunk)
                fetched.add(len(chunk))
    return have


def _matches(path: Path, remote: RemoteFile) -> bool:
    if remote.sha256:
        digest = hashlib.sha256()
    elif remote.git_blob:
        digest = hashlib.sha1(f"blob {remote.size}\0".encode(), usedforsecurity=False)
    else:
        return path.stat().st_size == remote.size  # the Hub gave no checksum: size only
    with path.open("rb") as f:
        for block in iter(lambda: f.read(CHUNK_BYTES), b""):
            digest.update(block)
    return digest.hexdigest() == (remote.sha256 or remote.git_blob)


def _drop_stale(downloads: Path, name: str, *, keep: Path) -> None:
    """Part-downloads of an older commit of this model cannot be resumed: remove them."""
    if downloads.is_dir():
        for old in downloads.glob(f"{name}-*"):
            if old != keep and old.is_dir():
                shutil.rmtree(old, ignore_errors=True)


def _install(staging: Path, target: Path) -> Path:
    """Move the finished download into place; an older copy is replaced only after."""
    target.parent.mkdir(parents=True, exist_ok=True)
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(target, old)
    os.replace(staging, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return target
