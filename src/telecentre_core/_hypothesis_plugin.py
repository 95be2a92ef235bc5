"""The Hypothesis entry point: registers the strategies for ``st.from_type``.

Hypothesis calls :func:`_hypothesis_setup_hook` when it is imported. The hook
only imports :mod:`telecentre_core.testing`, which registers its strategies
at the end of its own import. That order matters: when a test imports
``telecentre_core.testing`` first, the import of Hypothesis inside it runs
this hook while ``testing`` is still half-built; the import below then
returns the half-built module without touching it, and ``testing``
registers itself once complete.
"""

from __future__ import annotations


def _hypothesis_setup_hook() -> None:
    """Import the strategies module, which registers every model type's strategy."""
    import telecentre_core.testing  # noqa: F401  (imported for its registrations)
