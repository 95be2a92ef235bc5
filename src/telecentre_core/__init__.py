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

from typing import TYPE_CHECKING, Any

from .activity import (
    Activity,
    ActivityKind,
    Attendance,
    Audience,
    Programme,
    Registration,
    RegistrationStatus,
)
from .booking import Booking, Ledger
from .centre import Centre, CentreStatus, Holding, Lifecycle, SeatChange
from .commune import Commune, Territory
from .equipment import Connection, ConnectionType, Equipment
from .errors import (
    ActivityTimeOrder,
    AmbiguousCommune,
    AmountNotPositive,
    AttendanceWithoutPlace,
    BookingNotFound,
    BookingsRemain,
    BookingTimeSkipped,
    CentreAlreadyClosed,
    CentreClosedOn,
    CentreNotActive,
    CentreNotOpen,
    DoubleRegistration,
    DuplicateAttendance,
    DuplicateCentre,
    DuplicateRecord,
    DuplicateSpecialisation,
    FeeOutsideBand,
    FileProblem,
    FileTooLarge,
    InvalidFundingPeriod,
    InvalidRadius,
    InvalidValue,
    LifecycleOrder,
    MaxSeatsExceeded,
    MemberDoubleBooked,
    MemberForgotten,
    MembersOnly,
    NetworkFileError,
    NonexistentLocalTime,
    NoOpenCentre,
    NoPlacesInDepartement,
    NoSeatsAtOpening,
    NotAMember,
    NotAnEmployee,
    NotRegistered,
    OutsideOpeningHours,
    OverCapacity,
    OverlappingActivities,
    OverlappingAgreements,
    OverlappingMemberships,
    PlacesFileError,
    RegistrationOrder,
    RegistrationTooLate,
    RuleViolation,
    SeatTimelineOrder,
    SeriesRefused,
    SpecialisationConflict,
    SpecialisationNotHeld,
    StaleVersion,
    TelecentreError,
    ThemeHeldElsewhere,
    UndeclaredSpecialisation,
    UnknownCentre,
    UnknownCommune,
    UnknownDepartement,
    UnknownReference,
    UnknownSpecialisation,
    UnknownUnit,
)
from .finder import CentreFinder, Found
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
from .network import (
    CentreOnDay,
    ChangeKind,
    Network,
    NetworkOnDay,
    SeriesMode,
    SeriesResult,
    TimelineEvent,
)

# Eager: importing .balance imports the module .occupancy, which would otherwise shadow
# the function of the same name on the package.
from .occupancy import CentreOccupancy, KindUse, Occupancy, occupancy
from .opening import (
    BookableUnit,
    ClosedReason,
    Closure,
    DayOpening,
    PublicHoliday,
    TimeRange,
    Weekday,
    WeeklyHours,
    public_holiday,
)
from .policy import FeeBand, FreePeriod, FundingPolicy, Policy, SpecialisationScope
from .pricing import FreeVariant, PassKind, PassPrice, Proration, Tier
from .specialisation import Specialisation
from .store import NetworkStore

if TYPE_CHECKING:
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
    from .io import dump_network, dumps_network, load_network, loads_network
    from .programme import Breakdown, Figures, FiguresRow, ProgrammeFigures, programme_figures

__version__ = "0.1.0"

# Imported on first use: reading and writing files needs cattrs, json and tomllib, which a
# program that builds its network in code never uses, and the reports (bills, funding,
# occupancy, programme figures) are not needed to check a booking (``python -X importtime``
# showed them as more than half of the package's import time).
_LAZY = {
    "datasets": (".datasets", None),
    "dump_network": (".io", "dump_network"),
    "dumps_network": (".io", "dumps_network"),
    "load_network": (".io", "load_network"),
    "loads_network": (".io", "loads_network"),
    "BreakEven": (".balance", "BreakEven"),
    "CategoryCoverage": (".balance", "CategoryCoverage"),
    "CentreFunding": (".balance", "CentreFunding"),
    "FundedAmount": (".balance", "FundedAmount"),
    "FunderFunding": (".balance", "FunderFunding"),
    "FundingBalance": (".balance", "FundingBalance"),
    "break_even_fee": (".balance", "break_even_fee"),
    "funding_balance": (".balance", "funding_balance"),
    "regular_users": (".balance", "regular_users"),
    "seat_days": (".balance", "seat_days"),
    "share_out": (".balance", "share_out"),
    "split_contribution": (".balance", "split_contribution"),
    "Bill": (".billing", "Bill"),
    "Charge": (".billing", "Charge"),
    "ChargeReason": (".billing", "ChargeReason"),
    "Payer": (".billing", "Payer"),
    "Revenue": (".billing", "Revenue"),
    "bill_month": (".billing", "bill_month"),
    "billing_period": (".billing", "billing_period"),
    "expected_revenue": (".billing", "expected_revenue"),
    "free_until": (".billing", "free_until"),
    "member_charges": (".billing", "member_charges"),
    "Breakdown": (".programme", "Breakdown"),
    "Figures": (".programme", "Figures"),
    "FiguresRow": (".programme", "FiguresRow"),
    "ProgrammeFigures": (".programme", "ProgrammeFigures"),
    "programme_figures": (".programme", "programme_figures"),
}


def __getattr__(name: str) -> Any:
    """The names imported on first use (see ``_LAZY``)."""
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    module_name, attribute = _LAZY[name]
    module = importlib.import_module(module_name, __name__)
    value = module if attribute is None else getattr(module, attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "Activity",
    "ActivityKind",
    "ActivityTimeOrder",
    "Agreement",
    "AmbiguousCommune",
    "AmountNotPositive",
    "Attendance",
    "AttendanceWithoutPlace",
    "Audience",
    "Bill",
    "BookableUnit",
    "Booking",
    "BookingNotFound",
    "BookingTimeSkipped",
    "BookingsRemain",
    "BreakEven",
    "Breakdown",
    "CategoryCoverage",
    "Centre",
    "CentreAlreadyClosed",
    "CentreClosedOn",
    "CentreFinder",
    "CentreFunding",
    "CentreNotActive",
    "CentreNotOpen",
    "CentreOccupancy",
    "CentreOnDay",
    "CentreStatus",
    "ChangeKind",
    "Charge",
    "ChargeReason",
    "ClosedReason",
    "Closure",
    "Commune",
    "Company",
    "Connection",
    "ConnectionType",
    "Contribution",
    "ContributionForm",
    "Cost",
    "CostCategory",
    "DayOpening",
    "DoubleRegistration",
    "DuplicateAttendance",
    "DuplicateCentre",
    "DuplicateRecord",
    "DuplicateSpecialisation",
    "Equipment",
    "FeeBand",
    "FeeOutsideBand",
    "Figures",
    "FiguresRow",
    "FileProblem",
    "FileTooLarge",
    "Found",
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
    "InvalidRadius",
    "InvalidValue",
    "KindUse",
    "Ledger",
    "Lifecycle",
    "LifecycleOrder",
    "MaxSeatsExceeded",
    "Member",
    "MemberDoubleBooked",
    "MemberForgotten",
    "MemberKind",
    "MembersOnly",
    "Membership",
    "Money",
    "Network",
    "NetworkFileError",
    "NetworkOnDay",
    "NetworkStore",
    "NoOpenCentre",
    "NoPlacesInDepartement",
    "NoSeatsAtOpening",
    "NonexistentLocalTime",
    "NotAMember",
    "NotAnEmployee",
    "NotRegistered",
    "Occupancy",
    "OutsideOpeningHours",
    "OverCapacity",
    "OverlappingActivities",
    "OverlappingAgreements",
    "OverlappingMemberships",
    "PassKind",
    "PassPrice",
    "PassUse",
    "Payer",
    "PlacesFileError",
    "Point",
    "Policy",
    "Programme",
    "ProgrammeFigures",
    "Proration",
    "Prospect",
    "ProspectStage",
    "PublicHoliday",
    "Registration",
    "RegistrationOrder",
    "RegistrationStatus",
    "RegistrationTooLate",
    "Revenue",
    "RuleViolation",
    "SeatChange",
    "SeatTimelineOrder",
    "SeriesMode",
    "SeriesRefused",
    "SeriesResult",
    "Specialisation",
    "SpecialisationConflict",
    "SpecialisationNotHeld",
    "SpecialisationScope",
    "SplitRule",
    "StaleVersion",
    "TelecentreError",
    "Territory",
    "ThemeHeldElsewhere",
    "Tier",
    "TierChange",
    "TimeRange",
    "TimelineEvent",
    "UndeclaredSpecialisation",
    "UnknownCentre",
    "UnknownCommune",
    "UnknownDepartement",
    "UnknownReference",
    "UnknownSpecialisation",
    "UnknownUnit",
    "Weekday",
    "WeeklyHours",
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
    "occupancy",
    "programme_figures",
    "public_holiday",
    "regular_users",
    "seat_days",
    "share_out",
    "split_contribution",
]
