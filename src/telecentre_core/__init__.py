"""telecentre-core: the domain model of rural telework-centre networks.

Centres ("télécentres", "tiers-lieux") in the communes of a territory, each
owning specialisations, with seats that change over time, run under a
policy the network declares. The Cantal's Cybercantal network is the
reference (:func:`telecentre_core.datasets.cybercantal`).

>>> import datetime as dt
>>> import telecentre_core as tc
>>> network = tc.datasets.cybercantal()
>>> network.as_of(dt.date(2012, 6, 1)).seats_of("murat")
6
"""

from __future__ import annotations

from . import datasets
from .centre import Centre, CentreStatus, Holding, Lifecycle, SeatChange
from .commune import Commune, Territory
from .equipment import Connection, ConnectionType, Equipment
from .errors import (
    CentreAlreadyClosed,
    DuplicateCentre,
    DuplicateSpecialisation,
    FileProblem,
    InvalidValue,
    LifecycleOrder,
    MaxSeatsExceeded,
    NetworkFileError,
    NoSeatsAtOpening,
    RuleViolation,
    SeatTimelineOrder,
    SpecialisationConflict,
    SpecialisationNotHeld,
    TelecentreError,
    UnknownCentre,
    UnknownSpecialisation,
)
from .geo import Point
from .io import dump_network, dumps_network, load_network, loads_network
from .money import Money
from .network import CentreOnDay, ChangeKind, Network, NetworkOnDay, TimelineEvent
from .policy import FeeBand, FreePeriod, Policy, SpecialisationScope
from .specialisation import Specialisation

__version__ = "0.1.0"

__all__ = [
    "Centre",
    "CentreAlreadyClosed",
    "CentreOnDay",
    "CentreStatus",
    "ChangeKind",
    "Commune",
    "Connection",
    "ConnectionType",
    "DuplicateCentre",
    "DuplicateSpecialisation",
    "Equipment",
    "FeeBand",
    "FileProblem",
    "FreePeriod",
    "Holding",
    "InvalidValue",
    "Lifecycle",
    "LifecycleOrder",
    "MaxSeatsExceeded",
    "Money",
    "Network",
    "NetworkFileError",
    "NetworkOnDay",
    "NoSeatsAtOpening",
    "Point",
    "Policy",
    "RuleViolation",
    "SeatChange",
    "SeatTimelineOrder",
    "Specialisation",
    "SpecialisationConflict",
    "SpecialisationNotHeld",
    "SpecialisationScope",
    "TelecentreError",
    "Territory",
    "TimelineEvent",
    "UnknownCentre",
    "UnknownSpecialisation",
    "__version__",
    "datasets",
    "dump_network",
    "dumps_network",
    "load_network",
    "loads_network",
]
