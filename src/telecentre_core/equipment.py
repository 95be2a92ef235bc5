"""What a centre offers: workstations, a connection, and other features.

>>> from telecentre_core import Connection, ConnectionType, Equipment
>>> equipment = Equipment(
...     workstations=4,
...     connection=Connection(type=ConnectionType.ADSL, download_mbps=8),
...     features=["printer", "videoconference", "printer"],
... )
>>> equipment.connection.download_mbps, equipment.features
(8.0, ('printer', 'videoconference'))
>>> equipment.has("printer")
True
"""

from __future__ import annotations

import enum
import math
from typing import Any

import attrs

from . import _validate as v
from .errors import InvalidValue

__all__ = ["Connection", "ConnectionType", "Equipment"]


class ConnectionType(enum.StrEnum):
    """How a centre reaches the Internet."""

    ADSL = "adsl"
    VDSL = "vdsl"
    FIBRE = "fibre"
    CABLE = "cable"
    MOBILE = "mobile"
    SATELLITE = "satellite"
    RADIO = "radio"
    OTHER = "other"


def _speed(field: str) -> v.Validator[float | None]:
    def check(_instance: object, _attribute: object, value: object) -> None:
        if value is None:
            return
        if isinstance(value, bool) or not isinstance(value, float):
            raise InvalidValue(field, value, "must be a number of megabits per second")
        if not math.isfinite(value) or value <= 0:
            raise InvalidValue(field, value, "must be a positive number of megabits per second")

    return check


def _optional_float(value: object) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _features(value: object) -> Any:
    # Sorted and unique, so that equal equipment compares equal whatever the order given.
    if isinstance(value, list | tuple | set | frozenset) and all(isinstance(f, str) for f in value):
        return tuple(sorted(set(value)))
    if isinstance(value, str):
        raise InvalidValue("features", value, "must be a list of feature slugs, not one string")
    return v.as_tuple(value)


@attrs.frozen(kw_only=True)
class Connection:
    """An Internet connection: its type and, when known, its speeds in Mbit/s.

    ``type`` is the kind of line; ``download_mbps`` and ``upload_mbps`` its speeds, unset when
    unknown.
    """

    type: ConnectionType = attrs.field(
        validator=v.instance_of("type", ConnectionType, "a ConnectionType")
    )
    download_mbps: float | None = attrs.field(
        default=None, converter=_optional_float, validator=_speed("download_mbps")
    )
    upload_mbps: float | None = attrs.field(
        default=None, converter=_optional_float, validator=_speed("upload_mbps")
    )


@attrs.frozen(kw_only=True)
class Equipment:
    """A centre's equipment: how many workstations, its connection, other features.

    ``features`` are free slugs such as ``printer`` or ``videoconference``
    (kept sorted and unique), so a finder can ask for a piece of equipment.

    ``workstations`` is how many computers it has; ``connection`` its Internet connection, if
    known.
    """

    workstations: int = attrs.field(validator=v.integer("workstations", minimum=0))
    connection: Connection | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(
            v.instance_of("connection", Connection, "a Connection")
        ),
    )
    features: tuple[str, ...] = attrs.field(
        default=(),
        converter=_features,
        validator=attrs.validators.deep_iterable(
            v.slug("features"), attrs.validators.instance_of(tuple)
        ),
    )

    def has(self, feature: str) -> bool:
        """True when the centre offers ``feature`` (``"printer"``)."""
        return feature in self.features
