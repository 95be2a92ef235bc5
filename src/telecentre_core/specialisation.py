"""Specialisations: the themes centres own so that they do not compete.

>>> from telecentre_core import Specialisation
>>> Specialisation(slug="sante-travail", label="Santé & travail")
Specialisation(slug='sante-travail', label='Santé & travail')
"""

from __future__ import annotations

import attrs

from . import _validate as v

__all__ = ["Specialisation"]


@attrs.frozen(kw_only=True)
class Specialisation:
    """A theme a centre owns in the network: a stable ``slug`` and a human ``label``.

    The slug is the identity (files and other records refer to it); the label
    may be reworded without breaking anything.
    """

    slug: str = attrs.field(validator=v.slug("slug"))
    label: str = attrs.field(validator=v.text("label"))
