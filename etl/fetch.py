"""`mapa3x1 fetch`: download every raw file listed in `etl/raw_manifest.csv` and verify its SHA-256.

Manifest columns: file (path inside the raw folder), sha256, bytes, publisher, url, conversion.
`url` is the exact file at the republishing repository's commit. Where `conversion` is non-empty the
stored file was derived (GeoPackage merged from many GeoJSON, .rda written as CSV, member of a zip,
latin-1 re-encoded as UTF-8): upstream cannot give the same bytes, `url` is provenance only, and
those files come from a mirror, a base URL holding `<mirror>/<file>` (a project data release, or an
HTTP server over a copy of the raw folder), given as `mirror=` or env MAPA3X1_RAW_MIRROR. With a
mirror every file is fetched from it.

Downloads go to `<file>.part` and are resumed with an HTTP Range request; a file is moved into
place only after its checksum matches, so `dest` never holds an unverified file.
"""
from __future__ import annotations

import csv
import hashlib
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable
from urllib.parse import quote

import requests

from core.errors import RawDataError

DEFAULT_MANIFEST = Path(__file__).with_name("raw_manifest.csv")
MIRROR_ENV = "MAPA3X1_RAW_MIRROR"
COLUMNS = ["file", "sha256", "bytes", "publisher", "url", "conversion"]
TIMEOUT = (10, 60)  # seconds: connect, read (between bytes, not the whole download)
CHUNK = 1 << 16  # bytes per write: a cut connection loses at most the chunk in flight
_RETRY_STATUS = {429, 500, 502, 503, 504}
_MANIFEST_FIX = "use etl/raw_manifest.csv as shipped, or a manifest with the same columns"


class FetchError(RawDataError):
    """The manifest itself is unusable (missing, malformed, unsafe path); the CLI reports it like bad raw data."""


class _FileFailed(Exception):
    """This file could not be fetched; the others still are."""


class _Retryable(Exception):
    """A transient answer (5xx, 429, refused resume offset): try again after a pause."""


@dataclass(frozen=True)
class ManifestEntry:
    file: str
    sha256: str
    bytes: int
    publisher: str
    url: str
    conversion: str


@dataclass
class FetchReport:
    """What happened to each file; `ok` when every file is present and verified."""

    downloaded: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)  # already there with the right checksum
    needs_mirror: list[str] = field(default_factory=list)  # converted files, no mirror given
    failed: dict[str, str] = field(default_factory=dict)  # file -> reason (checksum, HTTP, network)

    @property
    def ok(self) -> bool:
        """Every file of the manifest is present and verified."""
        return not self.failed and not self.needs_mirror

    def summary(self) -> str:
        lines = [f"{len(self.downloaded)} downloaded, {len(self.present)} already present, "
                 f"{len(self.needs_mirror)} need a mirror, {len(self.failed)} failed"]
        if self.needs_mirror:
            lines.append(f"These files are conversions of the published data, so the upstream URL cannot give "
                         f"the same bytes; pass --mirror URL or set {MIRROR_ENV} to a copy of the raw folder "
                         f"(files at <mirror>/<file>): " + ", ".join(self.needs_mirror))
        lines += [f"FAILED {name}: {why}" for name, why in self.failed.items()]
        return "\n".join(lines)


def read_manifest(path: Path | None = None) -> list[ManifestEntry]:
    """Parse and check the manifest; paths must stay inside the raw folder."""
    path = Path(path or DEFAULT_MANIFEST)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except FileNotFoundError:
        raise FetchError(path, "manifest not found", _MANIFEST_FIX) from None
    if not rows or (missing := [c for c in COLUMNS if c not in rows[0]]):
        raise FetchError(path, f"expected columns {COLUMNS}, missing {missing if rows else COLUMNS}", _MANIFEST_FIX)
    entries = []
    for line, row in enumerate(rows, start=2):
        name = row["file"].strip()
        parts = PurePosixPath(name).parts
        if not name or name.startswith("/") or ".." in parts or "\\" in name:
            raise FetchError(path, f"unsafe file path {name!r} (must stay inside the raw folder)", _MANIFEST_FIX,
                             row=line)
        if not re.fullmatch(r"[0-9a-f]{64}", row["sha256"].strip().lower()) or not row["bytes"].strip().isdigit():
            raise FetchError(path, f"bad sha256 or bytes for {name!r}", _MANIFEST_FIX, row=line)
        entries.append(ManifestEntry(name, row["sha256"].strip().lower(), int(row["bytes"]), row["publisher"],
                                     row["url"].strip(), (row["conversion"] or "").strip()))
    return entries


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify(dest: Path, manifest: Path | None = None) -> dict[str, str]:
    """Check a raw folder against the manifest without downloading: {file: problem} for bad files."""
    problems = {}
    for entry in read_manifest(manifest):
        target = Path(dest) / entry.file
        if not target.exists():
            problems[entry.file] = "missing"
        elif (got := sha256_of(target)) != entry.sha256:
            problems[entry.file] = f"checksum mismatch: expected {entry.sha256}, got {got}"
    return problems


def source_url(entry: ManifestEntry, mirror: str | None) -> str | None:
    """Where to download `entry` from, or None when only a mirror can provide it."""
    if mirror:
        return mirror.rstrip("/") + "/" + quote(entry.file)
    if entry.conversion or not entry.url.startswith(("http://", "https://")):
        return None
    return entry.url


def fetch(dest: Path, manifest: Path | None = None, mirror: str | None = None,
          progress: Callable[[str], object] = print, *, session: requests.Session | None = None,
          retries: int = 3, backoff: float = 1.0) -> FetchReport:
    """Download every file of the manifest into `dest/<file>`, verifying SHA-256; see the module doc."""
    entries = read_manifest(manifest)
    mirror = mirror or os.environ.get(MIRROR_ENV) or None
    session = session or requests.Session()
    report = FetchReport()
    for number, entry in enumerate(entries, start=1):
        target = Path(dest) / entry.file
        tag = f"[{number}/{len(entries)}] {entry.file}"
        if target.exists() and target.stat().st_size == entry.bytes and sha256_of(target) == entry.sha256:
            report.present.append(entry.file)
            continue
        if target.exists():
            progress(f"{tag}: present but its checksum differs from the manifest; replacing it")
        url = source_url(entry, mirror)
        if url is None:
            report.needs_mirror.append(entry.file)
            progress(f"{tag}: needs a mirror ({entry.conversion or 'no upstream URL'})")
            continue
        progress(f"{tag}: downloading {entry.bytes:,} bytes from {url}")
        try:
            _download(session, url, target, entry, retries, backoff, progress)
        except _FileFailed as exc:
            report.failed[entry.file] = str(exc)
            progress(f"{tag}: FAILED {exc}")
        else:
            report.downloaded.append(entry.file)
    progress(report.summary())
    return report


def _download(session: requests.Session, url: str, target: Path, entry: ManifestEntry,
              retries: int, backoff: float, progress: Callable[[str], object]) -> None:
    """Fill `<target>.part` (resuming), verify it, then move it into place."""
    part = target.with_name(target.name + ".part")
    target.parent.mkdir(parents=True, exist_ok=True)
    if part.exists() and part.stat().st_size > entry.bytes:
        part.unlink()  # longer than the real file: cannot be a prefix of it
    resumed_from = part.stat().st_size if part.exists() else 0
    if resumed_from:
        progress(f"  resuming {entry.file} at byte {resumed_from:,}")
    for attempt in range(1, retries + 1):
        try:
            _transfer(session, url, part, entry.bytes)
            break
        except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError,
                _Retryable) as exc:  # a cut connection leaves the .part to resume from
            if attempt == retries:
                raise _FileFailed(f"{url}: gave up after {retries} attempts ({exc})") from None
            wait = backoff * 2 ** (attempt - 1)
            short = str(exc) if isinstance(exc, _Retryable) else type(exc).__name__
            progress(f"  {entry.file}: {short}; retrying in {wait:g} s (attempt {attempt + 1}/{retries})")
            time.sleep(wait)
    got = sha256_of(part)
    if got != entry.sha256 and resumed_from:
        # the old .part may come from another version of the file: one clean download decides
        progress(f"  {entry.file}: resumed download fails its checksum; downloading it whole")
        part.unlink()
        return _download(session, url, target, entry, retries, backoff, progress)
    if got != entry.sha256:
        with part.open("rb") as handle:
            lfs = handle.read(40).startswith(b"version https://git-lfs")
        part.unlink()
        hint = " (upstream returned a Git LFS pointer, not the file: use a mirror)" if lfs else ""
        raise _FileFailed(f"checksum mismatch for {entry.file}: expected {entry.sha256}, got {got}{hint}")
    os.replace(part, target)


def _transfer(session: requests.Session, url: str, part: Path, size: int) -> None:
    """One HTTP attempt: continue `part` with a Range request, or rewrite it when Range is ignored."""
    have = part.stat().st_size if part.exists() else 0
    if have and have == size:
        return  # complete from an earlier run; the checksum decides
    headers = {"Range": f"bytes={have}-"} if have else {}
    with session.get(url, headers=headers, stream=True, timeout=TIMEOUT) as response:
        if response.status_code == 416:  # our offset is past the server's end: start again
            part.unlink(missing_ok=True)
            raise _Retryable("server refused the resume offset (HTTP 416)")
        if response.status_code in _RETRY_STATUS:
            raise _Retryable(f"HTTP {response.status_code}")
        if response.status_code not in (200, 206):
            raise _FileFailed(f"{url}: HTTP {response.status_code} {response.reason}")
        resumed = response.status_code == 206
        if resumed and not response.headers.get("Content-Range", "").startswith(f"bytes {have}-"):
            part.unlink(missing_ok=True)  # a range we did not ask for: start clean
            raise _Retryable(f"server answered another range ({response.headers.get('Content-Range')})")
        # a 200 means the server ignored Range and sends the whole file: rewrite from the start
        with part.open("ab" if resumed else "wb") as handle:
            for block in response.iter_content(CHUNK):
                handle.write(block)
