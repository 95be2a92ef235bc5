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
from .balance import (
    BreakEven,
    CategoryCoverage,
    CentreFunding,
    FundedAmount,
    FunderFunding,
    FundingBalance,
    break_even_fee,
    funding_balance,
    regular_users,
    seat_days,
    share_out,
    split_contribution,
)
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
    AmountNotPositive,
    CentreAlreadyClosed,
    CentreNotActive,
    CentreNotOpen,
    DuplicateCentre,
    DuplicateRecord,
    DuplicateSpecialisation,
    FeeOutsideBand,
    FileProblem,
    InvalidFundingPeriod,
    InvalidValue,
    LifecycleOrder,
    MaxSeatsExceeded,
    NetworkFileError,
    NoOpenCentre,
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
from .funding import (
    Contribution,
    ContributionForm,
    Cost,
    CostCategory,
    Funder,
    FunderKind,
    SplitRule,
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
from .policy import FeeBand, FreePeriod, FundingPolicy, Policy, SpecialisationScope
from .pricing import FreeVariant, PassKind, PassPrice, Proration, Tier
from .specialisation import Specialisation

__version__ = "0.1.0"

__all__ = [
    "Agreement",
    "AmountNotPositive",
    "Bill",
    "BreakEven",
    "CategoryCoverage",
    "Centre",
    "CentreAlreadyClosed",
    "CentreFunding",
    "CentreNotActive",
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
    "Contribution",
    "ContributionForm",
    "Cost",
    "CostCategory",
    "DuplicateCentre",
    "DuplicateRecord",
    "DuplicateSpecialisation",
    "Equipment",
    "FeeBand",
    "FeeOutsideBand",
    "FileProblem",
    "FreePeriod",
    "FreeVariant",
    "FundedAmount",
    "Funder",
    "FunderFunding",
    "FunderKind",
    "FundingBalance",
    "FundingPolicy",
    "Holding",
    "InvalidFundingPeriod",
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
    "NoOpenCentre",
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
    "SplitRule",
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
    "break_even_fee",
    "datasets",
    "dump_network",
    "dumps_network",
    "expected_revenue",
    "free_until",
    "funding_balance",
    "load_network",
    "loads_network",
    "member_charges",
    "regular_users",
    "seat_days",
    "share_out",
    "split_contribution",
]
