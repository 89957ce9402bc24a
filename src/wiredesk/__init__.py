"""wiredesk: scraped news in, a cross-checked story ledger out."""

__version__ = "0.1.0"
