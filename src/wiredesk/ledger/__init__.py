"""The story ledger: claims about the same thing, side by side, with verdicts and source counts."""

from wiredesk.ledger.build import LedgerOptions, build_ledger
from wiredesk.ledger.intervals import Interval, quantity_interval

__all__ = ["Interval", "LedgerOptions", "build_ledger", "quantity_interval"]
