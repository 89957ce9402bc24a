"""Copy detection: exact copies by a normalised hash, near copies by MinHash LSH and a check."""

from wiredesk.dedup.stage import DedupOptions, DedupStage

__all__ = ["DedupOptions", "DedupStage"]
