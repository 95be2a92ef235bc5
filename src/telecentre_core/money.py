"""Money: exact euros, rounded half-up to the cent, never a float.

French accounting rounds half-up ("arrondi commercial"), so 0.125 € is 0.13 €.
Floats are refused because they cannot hold most cent amounts exactly.

>>> from telecentre_core import Money
>>> fee = Money.of("50")
>>> fee * 12
Money('600.00')
>>> Money.of("100.00").split(3)
(Money('33.34'), Money('33.33'), Money('33.33'))
>>> str(Money.of("1234.5"))
'1234.50 €'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Final, Self, SupportsIndex, TypeAlias

import attrs

from .errors import InvalidValue

__all__ = ["CENT", "Money"]

#: One cent, the step every amount is rounded to (half-up).
CENT: Final = Decimal("0.01")

Amount: TypeAlias = Decimal | int | str


def to_cents(value: object, field: str = "amount") -> Decimal:
    """Return ``value`` as a Decimal rounded half-up to the cent.

    Accepts Decimal, int and str; refuses float, bool, NaN and infinities with
    :class:`~telecentre_core.errors.InvalidValue`.
    """
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        reason = (
            "money must not be a float (floats cannot hold cents exactly); "
            "write it as a string or a Decimal"
            if isinstance(value, float)
            else "money must be a Decimal, an int or a string of digits"
        )
        raise InvalidValue(field, value, reason)
    try:
        amount = Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        raise InvalidValue(field, value, "not a number of euros") from None
    if not amount.is_finite():
        raise InvalidValue(field, value, "money must be a finite amount")
    try:
        return amount.quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation:  # more digits than the decimal context holds (1e30)
        raise InvalidValue(field, value, "too large an amount of euros") from None


@attrs.frozen(order=True, repr=False)
class Money:
    """An amount of euros, exact to the cent.

    Build it with ``Money.of("12.50")`` or ``Money(Decimal("12.50"))``; more
    than two decimals are rounded half-up. Arithmetic with Money, int and
    Decimal stays exact; a float anywhere raises
    :class:`~telecentre_core.errors.InvalidValue`.

    ``amount`` is the Decimal number of euros, with two decimals.
    """

    amount: Decimal = attrs.field(converter=to_cents)

    @classmethod
    def of(cls, value: Amount) -> Self:
        """Money from a Decimal, an int or a string such as ``"49.99"``."""
        return cls(value)

    @classmethod
    def zero(cls) -> Self:
        """No money: 0.00 €."""
        return cls(Decimal(0))

    @property
    def cents(self) -> int:
        """The amount as a whole number of cents."""
        return int(self.amount * 100)

    @classmethod
    def from_cents(cls, cents: int) -> Self:
        """Money from a whole number of cents."""
        return cls(Decimal(cents) / 100)

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self.amount + other.amount)

    def __radd__(self, other: object) -> Money:
        # Lets sum() start from its default 0.
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        return NotImplemented

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self.amount - other.amount)

    def __neg__(self) -> Money:
        return Money(-self.amount)

    def __mul__(self, factor: Decimal | int) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, Decimal | int):
            if isinstance(factor, float):
                raise InvalidValue("factor", factor, "money is never multiplied by a float")
            return NotImplemented
        return Money(self.amount * factor)

    __rmul__ = __mul__

    def __bool__(self) -> bool:
        return bool(self.amount)

    def __repr__(self) -> str:
        return f"Money('{self.amount}')"

    def __str__(self) -> str:
        return f"{self.amount} €"

    def is_negative(self) -> bool:
        """True below zero."""
        return self.amount < 0

    def split(self, parts: SupportsIndex) -> tuple[Money, ...]:
        """Split into ``parts`` amounts that differ by at most a cent and sum to this.

        The leftover cents go to the first parts (rule 6: totals that split
        hand out the leftover cents so the parts always sum to the whole).
        """
        count = int(parts)
        if count < 1:
            raise InvalidValue("parts", count, "must be at least 1")
        return self.allocate([1] * count)

    def allocate(self, weights: Sequence[Decimal | int]) -> tuple[Money, ...]:
        """Split in proportion to ``weights``, exact to the cent.

        Each part gets its share rounded down to the cent, then the leftover
        cents go one each to the parts with the largest remainders (ties to
        the earlier part). The parts always sum to this amount.

        >>> Money.of("266000").allocate([4, 4, 4, 4, 4, 4, 4])[0]
        Money('38000.00')
        """
        if not weights:
            raise InvalidValue("weights", list(weights), "at least one weight is needed")
        for weight in weights:
            if isinstance(weight, bool) or not isinstance(weight, Decimal | int):
                raise InvalidValue("weights", weight, "weights must be ints or Decimals")
            if isinstance(weight, Decimal) and not weight.is_finite():
                raise InvalidValue("weights", weight, "weights must be finite")
            if weight < 0:
                raise InvalidValue("weights", weight, "weights must not be negative")
        total_weight = sum(weights, Decimal(0))
        if total_weight == 0:
            raise InvalidValue("weights", list(weights), "at least one weight must be positive")
        total = self.cents
        sign = -1 if total < 0 else 1
        magnitude = abs(total)
        shares = [Decimal(magnitude) * Decimal(weight) / total_weight for weight in weights]
        floors = [int(share) for share in shares]
        leftover = magnitude - sum(floors)
        by_remainder = sorted(
            range(len(shares)), key=lambda index: (-(shares[index] - floors[index]), index)
        )
        for index in by_remainder[:leftover]:
            floors[index] += 1
        return tuple(Money.from_cents(sign * cents) for cents in floors)


def total(amounts: Iterable[Money]) -> Money:
    """The sum of ``amounts`` (0.00 € for none)."""
    return sum(amounts, Money.zero())
