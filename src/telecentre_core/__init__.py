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
from .billing import (
    Bill,
    Charge,
    ChargeReason,
    Payer,
    Revenue,
    bill_month,
    billing_period,
    expected_revenue,
    free_until,
    member_charges,
)
from .centre import Centre, CentreStatus, Holding, Lifecycle, SeatChange
from .commune import Commune, Territory
from .equipment import Connection, ConnectionType, Equipment
from .errors import (
    CentreAlreadyClosed,
    CentreNotOpen,
    DuplicateCentre,
    DuplicateRecord,
    DuplicateSpecialisation,
    FeeOutsideBand,
    FileProblem,
    InvalidValue,
    LifecycleOrder,
    MaxSeatsExceeded,
    NetworkFileError,
    NoSeatsAtOpening,
    NotAMember,
    NotAnEmployee,
    OverlappingAgreements,
    OverlappingMemberships,
    RuleViolation,
    SeatTimelineOrder,
    SpecialisationConflict,
    SpecialisationNotHeld,
    TelecentreError,
    UnknownCentre,
    UnknownReference,
    UnknownSpecialisation,
)
from .geo import Point
from .io import dump_network, dumps_network, load_network, loads_network
from .membership import (
    Agreement,
    Company,
    Member,
    MemberKind,
    Membership,
    PassUse,
    Prospect,
    ProspectStage,
    TierChange,
)
from .money import Money
from .network import CentreOnDay, ChangeKind, Network, NetworkOnDay, TimelineEvent
from .policy import FeeBand, FreePeriod, Policy, SpecialisationScope
from .pricing import FreeVariant, PassKind, PassPrice, Proration, Tier
from .specialisation import Specialisation

__version__ = "0.1.0"

__all__ = [
    "Agreement",
    "Bill",
    "Centre",
    "CentreAlreadyClosed",
    "CentreNotOpen",
    "CentreOnDay",
    "CentreStatus",
    "ChangeKind",
    "Charge",
    "ChargeReason",
    "Commune",
    "Company",
    "Connection",
    "ConnectionType",
    "DuplicateCentre",
    "DuplicateRecord",
    "DuplicateSpecialisation",
    "Equipment",
    "FeeBand",
    "FeeOutsideBand",
    "FileProblem",
    "FreePeriod",
    "FreeVariant",
    "Holding",
    "InvalidValue",
    "Lifecycle",
    "LifecycleOrder",
    "MaxSeatsExceeded",
    "Member",
    "MemberKind",
    "Membership",
    "Money",
    "Network",
    "NetworkFileError",
    "NetworkOnDay",
    "NoSeatsAtOpening",
    "NotAMember",
    "NotAnEmployee",
    "OverlappingAgreements",
    "OverlappingMemberships",
    "PassKind",
    "PassPrice",
    "PassUse",
    "Payer",
    "Point",
    "Policy",
    "Proration",
    "Prospect",
    "ProspectStage",
    "Revenue",
    "RuleViolation",
    "SeatChange",
    "SeatTimelineOrder",
    "Specialisation",
    "SpecialisationConflict",
    "SpecialisationNotHeld",
    "SpecialisationScope",
    "TelecentreError",
    "Territory",
    "Tier",
    "TierChange",
    "TimelineEvent",
    "UnknownCentre",
    "UnknownReference",
    "UnknownSpecialisation",
    "__version__",
    "bill_month",
    "billing_period",
    "datasets",
    "dump_network",
    "dumps_network",
    "expected_revenue",
    "free_until",
    "load_network",
    "loads_network",
    "member_charges",
]
