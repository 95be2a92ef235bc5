"""Communes and territories: where a centre stands, who runs the network.

>>> from telecentre_core import Commune
>>> Commune(name="Murat", insee="15138", postcode="15300")
Commune(name='Murat', insee='15138', postcode='15300')
"""

from __future__ import annotations

import re

import attrs

from . import _validate as v

__all__ = ["Commune", "Territory"]

# INSEE commune codes: the département (2 digits, 2A/2B for Corsica, or 97x
# overseas) then the commune's number: always 5 characters.
_INSEE = re.compile(r"(?:\d{2}|2[AB])\d{3}", re.ASCII)
_POSTCODE = re.compile(r"\d{5}", re.ASCII)
# Département codes: 01-95, 2A, 2B, and 971-976 overseas.
_DEPARTEMENT = re.compile(r"(?:0[1-9]|[1-8]\d|9[0-5]|2[AB]|97[1-6])", re.ASCII)


@attrs.frozen(kw_only=True)
class Commune:
    """A French commune: its name, INSEE code (``15138``) and postcode (``15300``).

    ``name`` is the commune's name, ``insee`` its INSEE code and ``postcode`` its postcode.
    """

    name: str = attrs.field(validator=v.text("name"))
    insee: str = attrs.field(
        validator=v.matches("insee", _INSEE, "a 5-character INSEE commune code like '15138'")
    )
    postcode: str = attrs.field(
        validator=v.matches("postcode", _POSTCODE, "a 5-digit postcode like '15300'")
    )

    @property
    def departement(self) -> str:
        """The département code the INSEE code starts with (``15``, ``2A``, ``971``)."""
        return self.insee[:3] if self.insee.startswith("97") else self.insee[:2]


@attrs.frozen(kw_only=True)
class Territory:
    """The territory a network serves: a département's code (``15``) and name (``Cantal``).

    ``code`` is the département's code and ``name`` its name.
    """

    code: str = attrs.field(
        validator=v.matches("code", _DEPARTEMENT, "a département code like '15', '2A' or '974'")
    )
    name: str = attrs.field(validator=v.text("name"))
