"""Claims: who said what, how firmly, through whom, with which numbers and times."""

from wiredesk.claims.runner import ClaimsOptions, ClaimsStage, extract_claims

__all__ = ["ClaimsOptions", "ClaimsStage", "extract_claims"]
