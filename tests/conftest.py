from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the repository: the seeds and the gold data live there."""
    if not (SHARED / "seeds").is_dir():
        pytest.fail(f"../shared is missing: expected the seeds at {SHARED / 'seeds'}")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    return shared_dir / "seeds"


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return REPO / "examples"
