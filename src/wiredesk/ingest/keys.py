"""The content key of an input: here, not in the store, so that reading input needs no
database library (the task commands never open one)."""

from __future__ import annotations

import hashlib

from wiredesk.records import Document


def content_key(doc: Document) -> str:
    """What identifies an input as read: the same content and metadata under the same id
    add nothing.  Computed once, at ingest, before stages infer publisher or date."""
    digest = hashlib.sha256()
    for part in (doc.raw_format, doc.raw, doc.title, doc.url, doc.publisher, str(doc.published)):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()
