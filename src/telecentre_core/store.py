"""The current network of a front end serving many people at once, changed without races.

A :class:`~telecentre_core.Network` never changes: a booking returns a new network.
A front end keeps the current one somewhere and replaces it after each change. Two
requests that read the same network and each book its last seat would both be accepted,
each against the network it read, and the second replacement would silently drop the
first booking, or keep both if the two are merged: the check-then-insert race.

A :class:`NetworkStore` holds the current network and replaces it only when the change
was made on the version it holds (optimistic concurrency: every change returns a network
whose ``version`` is higher). A change made on an older version is refused with
:class:`~telecentre_core.StaleVersion`; read the network again and retry, and its rules
then see the other change.

>>> import datetime as dt
>>> from telecentre_core.datasets import cybercantal
>>> store = NetworkStore(cybercantal())
>>> day = dt.date(2012, 6, 4)
>>> seen = store.get()
>>> booked = store.save(seen.book("m01", "murat", day, "morning"), expected_version=seen.version)
>>> store.save(seen.book("m02", "murat", day, "morning"), expected_version=seen.version)
Traceback (most recent call last):
  ...
telecentre_core.errors.StaleVersion: the network changed since it was read: ...
>>> store.update(lambda network: network.book("m02", "murat", day, "morning")).version
2
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from .errors import InvalidValue, StaleVersion
from .network import Network

__all__ = ["NetworkStore"]

#: How many times :meth:`NetworkStore.update` tries a change when others keep saving first.
DEFAULT_ATTEMPTS = 10


class NetworkStore:
    """A thread-safe holder of the current network, replaced only by a change made on it.

    :meth:`get` reads the current network; :meth:`save` replaces it with a changed one
    when the version it was changed from is still the current one (compare and swap);
    :meth:`update` reads, changes and saves, retrying when another change came first.
    Rules are checked by the change itself, on the network it was made on: a change
    saved is always one the current network accepted, so bookings never exceed seats.

    It holds the network in memory only; a front end that keeps it in a file or a
    database compares the stored ``version`` in the same way (see ``docs/concurrency.md``).
    """

    __slots__ = ("_lock", "_network")

    def __init__(self, network: Network) -> None:
        self._lock = threading.Lock()
        self._network = network

    def get(self) -> Network:
        """The current network (immutable: keep it as long as needed)."""
        with self._lock:
            return self._network

    @property
    def version(self) -> int:
        """The version of the current network."""
        return self.get().version

    def save(self, network: Network, *, expected_version: int) -> Network:
        """Make ``network`` the current one, if the current version is ``expected_version``.

        ``expected_version`` is the version of the network ``network`` was changed from.
        Raises :class:`~telecentre_core.StaleVersion` when another change was saved since,
        and :class:`~telecentre_core.InvalidValue` when ``network`` is not newer than
        ``expected_version`` (it was not changed from it, or was read from elsewhere):
        versions only grow, so an old version can never be current again. Saving the
        current network itself changes nothing. Returns ``network``.
        """
        with self._lock:
            current = self._network
            if current.version != expected_version:
                raise StaleVersion(expected_version, current.version)
            if network is not current and network.version <= expected_version:
                raise InvalidValue(
                    "version",
                    network.version,
                    f"must be above {expected_version}: save a network changed from the one read",
                )
            self._network = network
            return network

    def update(
        self,
        change: Callable[[Network], Network],
        *,
        expected_version: int | None = None,
        attempts: int = DEFAULT_ATTEMPTS,
    ) -> Network:
        """Apply ``change`` to the current network and save the result; returns it.

        ``change`` runs outside the lock, so changes are computed side by side and only
        saving is one at a time. When another change is saved first, ``change`` runs again
        on the new current network, up to ``attempts`` times in all, then
        :class:`~telecentre_core.StaleVersion` is raised. With ``expected_version`` (the
        version a person saw before asking for the change) there is no retry: a network
        that moved on since raises at once, so that they decide again on what is now true.
        A rule the change breaks is raised as it is, and nothing is saved.
        """
        if attempts < 1:
            raise InvalidValue("attempts", attempts, "must be at least 1")
        while True:
            current = self.get()
            if expected_version is not None and current.version != expected_version:
                raise StaleVersion(expected_version, current.version)
            changed = change(current)
            try:
                return self.save(changed, expected_version=current.version)
            except StaleVersion:
                attempts -= 1
                if expected_version is not None or attempts == 0:
                    raise
