"""The clean stage: keep the article, drop the rest, repair extraction damage."""

from wiredesk.clean.runner import CleanOptions, CleanStage

__all__ = ["CleanOptions", "CleanStage"]
