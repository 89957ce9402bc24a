"""Storage: SQLite by default, any SQLAlchemy URL by choice."""

from wiredesk.store.database import (
    DEFAULT_DB_URL,
    connect,
    load_documents,
    load_ledger,
    load_site_memory,
    load_stories,
    load_story_profiles,
    load_work_cache,
    save_corpus,
    save_work_cache,
    stored_claims_keys,
    stored_keys,
)

__all__ = [
    "DEFAULT_DB_URL",
    "connect",
    "load_documents",
    "load_ledger",
    "load_site_memory",
    "load_stories",
    "load_story_profiles",
    "load_work_cache",
    "save_corpus",
    "save_work_cache",
    "stored_claims_keys",
    "stored_keys",
]
