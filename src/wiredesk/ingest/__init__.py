"""Ingest: files, folders, globs and stdin into :class:`~wiredesk.records.Document` records."""

from wiredesk.ingest.readers import IngestOptions, IngestProblem, read_documents

__all__ = ["IngestOptions", "IngestProblem", "read_documents"]
