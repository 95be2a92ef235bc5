"""Where the app keeps its network: one current network, replaced whole, never edited.

A :class:`~telecentre_core.Network` is immutable: every change (a booking, a cancellation)
returns a new network with a higher ``version`` and leaves the old one as it was, or raises
an error and changes nothing. The app keeps the current network in a
:class:`telecentre_core.NetworkStore`, which replaces it only with a change made on the
version it holds: two requests booking the last seat at once cannot both succeed (the
check-then-insert race), because the second one's change is made again on the network
holding the first one's booking, and refused there.

This module adds what the store leaves to the app: loading the network, and writing it
back to its file after each change. A front end that keeps its networks in a database does
the same compare-and-swap on a version column (see docs/embedding.md).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import telecentre_core as tc


class NetworkRepository:
    """The app's current network, in a store, saved to ``path`` after each change.

    ``path`` None keeps the network in memory only (the reference network). With a path,
    each change is written with :func:`telecentre_core.dump_network`, which writes beside
    the file and moves it into place: a crash never leaves half a file.
    """

    def __init__(self, network: tc.Network, path: Path | None = None) -> None:
        self._store = tc.NetworkStore(network)
        self._path = path
        self._writing = threading.Lock()

    @classmethod
    def load(cls, path: str | None) -> NetworkRepository:
        """The network of the file at ``path``, or the reference network when None.

        Raises :class:`telecentre_core.NetworkFileError` with every problem of the file.
        """
        if path is None:
            return cls(tc.datasets.cybercantal())
        return cls(tc.load_network(path), Path(path))

    def current(self) -> tc.Network:
        """The current network, to read from (a page, a search, a bill)."""
        return self._store.get()

    def change(
        self, change: Callable[[tc.Network], tc.Network], *, expected_version: int | None = None
    ) -> tc.Network:
        """Apply ``change`` to the current network, store it and write the file; the result.

        A rule the change breaks is raised as it is (a
        :class:`telecentre_core.RuleViolation`), and nothing is stored. When another change
        was stored first, the store runs ``change`` again on the newer network. With
        ``expected_version`` (the version a person saw when they decided), a network that
        moved on since raises :class:`telecentre_core.StaleVersion` instead.
        """
        changed = self._store.update(change, expected_version=expected_version)
        if self._path is not None:
            with self._writing:
                # The current network, not ``changed``: a later change may already be
                # stored, and the file must never go back to an older version.
                tc.dump_network(self._store.get(), self._path)
        return changed
