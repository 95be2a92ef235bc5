"""The languages of the reports: their words, and how they write amounts, numbers and dates.

The command line writes its reports in English or in French (``telecentre
report --lang fr``); :func:`language_from_environment` picks the default from
the process locale, as ``gettext`` does. A :class:`Texts` holds what the text
renderers of :mod:`telecentre_core.report` need in one language: the
translation of their fixed messages and of the values the model names
(statuses, member kinds, reasons, categories...), and the formatting of
amounts, numbers, percentages and dates.

English is the language the code is written in: its messages are their own
translation, and its formats are those the reports always had (``1234.50 €``,
ISO dates). French messages come from the catalogue in this module; French
amounts, numbers and dates are formatted by `Babel <https://babel.pocoo.org>`_
from the Unicode CLDR data (``1 234,50 €``, ``29 février 2012``), imported
only when something is formatted in French.

>>> french = texts("fr")
>>> french("Totals")
'Totaux'
>>> french.money("1234.50") == "1\\u202f234,50\\u00a0€"
True
>>> french.date("2012-02-29")
'29 février 2012'
>>> texts("en").money("1234.50")
'1234.50 €'

Only the reports speak French: the model's error messages, the problems of
a network file and the command line's help stay in English.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Mapping
from decimal import Decimal
from typing import Final, Literal, TypeAlias, final

__all__ = [
    "LANGUAGES",
    "Language",
    "Texts",
    "Vocabulary",
    "language_from_environment",
    "texts",
]

#: A language the reports are written in: ``"en"`` (English) or ``"fr"`` (French).
Language: TypeAlias = Literal["en", "fr"]

#: Every :data:`~telecentre_core.i18n.Language`, English (the default) first.
LANGUAGES: Final[tuple[Language, ...]] = ("en", "fr")

#: A family of values the model names, each translated on its own: the same English word
#: can need two French ones (a ``member`` payer is a *membre*).
Vocabulary: TypeAlias = Literal[
    "activity-kind",
    "audience",
    "category",
    "change",
    "funder-kind",
    "member-kind",
    "member-kinds",
    "pass",
    "payer",
    "proration",
    "reason",
    "split",
    "status",
]

#: The environment variables that name the locale of messages, strongest first (POSIX).
_LOCALE_VARIABLES: Final = ("LC_ALL", "LC_MESSAGES", "LANG")

#: The CLDR locale each language formats with.
_LOCALES: Final[Mapping[Language, str]] = {"en": "en_GB", "fr": "fr_FR"}

# French typography puts a no-break space before a colon and a narrow one before a
# semicolon, so that they never start a line.
_COLON: Final = "\u00a0:"
_SEMICOLON: Final = "\u202f;"

#: The French of each message the reports write, keyed by the English message. Fields in
#: braces are filled in by :meth:`Texts.__call__` with ``str.format``.
_FRENCH: Final[Mapping[str, str]] = {
    # Shared by several reports.
    "Totals": "Totaux",
    "id": "id",
    "name": "nom",
    "centre": "centre",
    "seats": "postes",
    "specialisations": "spécialisations",
    "total": "total",
    "amount": "montant",
    "member": "membre",
    "members": "membres",
    "yes": "oui",
    "no": "non",
    "{first}..{last}": "du {first} au {last}",
    # report
    "{title}, on {date}": "{title}, au {date}",
    "commune (INSEE)": "commune (INSEE)",
    "status": "statut",
    "No centre is planned or open on {date}.": "Aucun centre n'est en projet ni ouvert au {date}.",
    "open centres": "centres ouverts",
    "planned centres": "centres en projet",
    "communes": "communes",
    # plan
    "{title}: timeline": "{title}" + _COLON + " chronologie",
    "date": "date",
    "what happens": "événement",
    "Open seats on 31 December": "Postes ouverts au 31 décembre",
    "year": "année",
    "Nothing planned, opened or changed yet.": "Rien n'est encore prévu, ouvert ni changé.",
    # members
    "{title}: members on {date}": "{title}" + _COLON + " membres au {date}",
    "kind": "type",
    "tier": "tarif",
    "payer": "payeur",
    "joined": "adhésion",
    "free period": "période de gratuité",
    "free until {date}": "payant à partir du {date}",
    "paying since {date}": "payant depuis le {date}",
    "No member on {date}.": "Aucun membre au {date}.",
    "in free period": "en période de gratuité",
    "paying": "payants",
    # bill
    "{title}: bill for {month}": "{title}" + _COLON + " facturation de {month}",
    "Billing periods start on each member's anniversary of first joining; "
    "proration: {proration}": "Les périodes de facturation commencent à la date anniversaire "
    "de la première adhésion de chaque membre" + _SEMICOLON + " prorata" + _COLON + " {proration}",
    "Billing period {first} to {last} (billing day {day}); proration: {proration}": (
        "Période de facturation du {first} au {last} (jour de facturation"
        + _COLON
        + " {day})"
        + _SEMICOLON
        + " prorata"
        + _COLON
        + " {proration}"
    ),
    "days": "jours",
    "item": "formule",
    "reason": "motif",
    "{kind} pass": "pass {kind}",
    "{kind} {id}": "{kind} {id}",
    "Per member": "Par membre",
    "Per payer": "Par payeur",
    "Per reason": "Par motif",
    "Nothing is charged for {month}.": "Rien n'est facturé pour {month}.",
    "paid by members": "payé par les membres",
    "paid by companies": "payé par les entreprises",
    # funding
    "{title}: funding, {span}": "{title}" + _COLON + " financement {span}",
    "{year}": "en {year}",
    "{first} to {last}": "de {first} à {last}",
    "Who funds what": "Qui finance quoi",
    "funder": "financeur",
    "category": "catégorie",
    "cash": "numéraire",
    "in kind": "en nature",
    "Per funder": "Par financeur",
    "public": "public",
    "No contribution in {span}.": "Aucune contribution {span}.",
    "Coverage of costs by contributions": "Couverture des coûts par les contributions",
    "operating": "fonctionnement",
    "costs": "coûts",
    "funded": "financé",
    "gap": "non couvert",
    "surplus": "excédent",
    "coverage": "couverture",
    "Per centre (network-wide contributions split {split})": (
        "Par centre (contributions au réseau réparties {split})"
    ),
    "direct": "direct",
    "shared": "part du réseau",
    "The network has no centre.": "Le réseau n'a aucun centre.",
    "Given when no centre was open, not split: {amount}": (
        "Donné quand aucun centre n'était ouvert, non réparti" + _COLON + " {amount}"
    ),
    "Balance": "Bilan",
    "investment": "investissement",
    "contributions": "contributions",
    "from public funders": "de financeurs publics",
    "fees": "cotisations",
    "passes": "pass",
    "balance": "solde",
    "Per seat and per regular user": "Par poste et par usager régulier",
    "share of costs paid by members": "part des coûts payée par les membres",
    "seat-years": "postes-années",
    "regular users": "usagers réguliers",
    "user-years": "usagers-années",
    "public subsidy per seat and year": "subvention publique par poste et par an",
    "public subsidy per regular user and year": (
        "subvention publique par usager régulier et par an"
    ),
    "Break-even monthly fee, without subsidy": "Cotisation mensuelle d'équilibre, sans subvention",
    "operating costs": "coûts de fonctionnement",
    "less passes": "moins les pass",
    "to cover with fees": "à couvrir par les cotisations",
    "paying member-months": "mois-membres payants",
    "break-even fee": "cotisation d'équilibre",
    "No member pays in these years: no fee can cover the costs.": (
        "Aucun membre ne paie ces années-là" + _COLON + " aucune cotisation ne peut couvrir "
        "les coûts."
    ),
    "{fee} a month is inside the policy's band of {minimum} to {maximum}.": (
        "{fee} par mois est dans la fourchette de la politique, de {minimum} à {maximum}."
    ),
    "{fee} a month is below the policy's band of {minimum} to {maximum}.": (
        "{fee} par mois est en dessous de la fourchette de la politique, de {minimum} à {maximum}."
    ),
    "{fee} a month is above the policy's band of {minimum} to {maximum}.": (
        "{fee} par mois est au-dessus de la fourchette de la politique, de {minimum} à {maximum}."
    ),
    # activities
    "{title}: activities, {span}": "{title}" + _COLON + " activités, {span}",
    "from {first} to {last}": "du {first} au {last}",
    "from {first} on": "à partir du {first}",
    "until {last}": "jusqu'au {last}",
    "all dates": "toutes dates",
    "No activity in this period.": "Aucune activité sur cette période.",
    "day": "jour",
    "time": "horaire",
    "title": "intitulé",
    "places": "places",
    "registered": "inscrits",
    "waiting": "en attente",
    "By funder": "Par financeur",
    "By theme": "Par thème",
    "By centre": "Par centre",
    "no funder": "sans financeur",
    "free theme": "thème libre",
    "all activities": "toutes les activités",
    "sessions": "séances",
    "held": "tenues",
    "present": "présents",
    "attendance": "assiduité",
    "training hours": "heures de formation",
    "people trained": "personnes formées",
    # validate
    "{label}: valid: network {name} ({territory}), {centres} ({open} open, {planned} "
    "planned), {seats} open seats on {date}": (
        "{label}" + _COLON + " valide" + _COLON + " réseau {name} ({territory}), {centres} "
        "({open} ouverts, {planned} en projet), {seats} postes ouverts au {date}"
    ),
    "{count} centre": "{count} centre",
    "{count} centres": "{count} centres",
    "cybercantal (reference)": "cybercantal (référence)",
    # occupancy
    "{title}: occupancy in {month}": "{title}" + _COLON + " occupation en {month}",
    "Seat-hours booked over seat-hours open; a regular user books at least {count} "
    "times in the month.": (
        "Heures-postes réservées sur heures-postes ouvertes" + _SEMICOLON + " un usager "
        "régulier réserve au moins {count} fois dans le mois."
    ),
    "network": "réseau",
    "open days": "jours ouverts",
    "seat-hours open": "heures-postes ouvertes",
    "seat-hours booked": "heures-postes réservées",
    "bookings": "réservations",
    "occupancy": "occupation",
    "Regular users: {count}": "Usagers réguliers" + _COLON + " {count}",
    "member kind": "type de membre",
    "hours": "heures",
}

#: The French of each value the model names, by vocabulary; English shows the value itself.
_FRENCH_TERMS: Final[Mapping[Vocabulary, Mapping[str, str]]] = {
    "activity-kind": {"training": "formation", "animation": "animation"},
    "audience": {"members": "membres", "public": "public"},
    "category": {
        "initial-investment": "investissement initial",
        "premises": "locaux",
        "furniture": "mobilier",
        "it-equipment": "matériel informatique",
        "animation": "animation",
        "training": "formation",
        "operating": "fonctionnement",
    },
    "change": {
        "planned": "en projet",
        "opened": "ouverture",
        "seats": "postes",
        "specialisation-added": "spécialisation prise",
        "specialisation-dropped": "spécialisation abandonnée",
        "closed": "fermeture",
    },
    "funder-kind": {
        "departement": "département",
        "state": "État",
        "communes": "communes",
        "region": "région",
        "eu-fund": "fonds européen",
        "company": "entreprise",
        "members": "membres",
    },
    "member-kind": {
        "independent": "travailleur indépendant",
        "salaried": "télétravailleur salarié",
        "nomadic": "travailleur nomade",
    },
    "member-kinds": {
        "independent": "travailleurs indépendants",
        "salaried": "télétravailleurs salariés",
        "nomadic": "travailleurs nomades",
    },
    "pass": {"half-day": "demi-journée", "day": "journée", "week": "semaine"},
    "payer": {"member": "membre", "company": "entreprise"},
    "proration": {"none": "aucun", "by-day": "au jour", "next-month": "au mois suivant"},
    "reason": {"fee": "cotisation", "proration": "prorata", "pass": "pass"},
    "split": {"by-seats": "au prorata des postes", "equally": "à parts égales"},
    "status": {"planned": "en projet", "open": "ouvert", "closed": "fermé"},
}

#: The English of the values whose file spelling does not read as words.
_ENGLISH_TERMS: Final[Mapping[Vocabulary, Mapping[str, str]]] = {
    "split": {"by-seats": "by seats"},
}


def language_from_environment(environ: Mapping[str, str] | None = None) -> Language:
    """The language the environment's locale asks for: French for a ``fr*`` locale, else English.

    The first of ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is set and not
    empty decides, as for ``gettext``: ``fr_FR.UTF-8``, ``fr_CA`` or ``fr``
    give French; any other locale (``C``, ``en_GB.UTF-8``, ``de_DE``) and no
    locale at all give English. ``environ`` defaults to ``os.environ``.

    >>> language_from_environment({"LANG": "fr_FR.UTF-8"})
    'fr'
    >>> language_from_environment({"LC_ALL": "C", "LANG": "fr_FR.UTF-8"})
    'en'
    >>> language_from_environment({})
    'en'
    """
    if environ is None:
        environ = os.environ
    for name in _LOCALE_VARIABLES:
        value = environ.get(name, "")
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


@final
class Texts:
    """The messages, words and formats of one language, as the text reports use them.

    Call it with an English message to get it in its language, fields filled
    in (``texts("fr")("{title}, on {date}", title=..., date=...)``); a message
    the catalogue lacks is written in English. Get one with :func:`texts`.
    Formatting methods take the values as the report data holds them:
    amounts and decimals as strings (``"1234.50"``), dates as ``YYYY-MM-DD``.
    """

    __slots__ = ("_locale", "_messages", "_terms", "language")

    #: The language of this object's messages and formats.
    language: Language

    def __init__(self, language: Language) -> None:
        """Texts in ``language``: ``"en"`` or ``"fr"``; :func:`texts` keeps one of each."""
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}: choose one of {LANGUAGES}")
        self.language = language
        self._locale = _LOCALES[language]
        self._messages: Mapping[str, str] = _FRENCH if language == "fr" else {}
        self._terms = _FRENCH_TERMS if language == "fr" else _ENGLISH_TERMS

    def __repr__(self) -> str:
        return f"texts({self.language!r})"

    def __call__(self, message: str, /, **fields: object) -> str:
        """``message`` (in English) in this language, its ``{fields}`` filled in.

        >>> texts("fr")("Nothing is charged for {month}.", month="février 2012")
        "Rien n'est facturé pour février 2012."
        """
        text = self._messages.get(message, message)
        return text.format(**fields) if fields else text

    def term(self, vocabulary: Vocabulary, value: str) -> str:
        """A value the model names (a status, a member kind...) as a word of this language.

        >>> texts("fr").term("member-kind", "independent")
        'travailleur indépendant'
        >>> texts("en").term("member-kind", "independent")
        'independent'
        """
        return self._terms.get(vocabulary, {}).get(value, value)

    def quote(self, text: str) -> str:
        """A name quoted in a sentence: ``'Cybercantal'``, or ``« Cybercantal »`` in French."""
        if self.language == "en":
            return repr(text)
        return f"«\u00a0{text}\u00a0»"

    def money(self, amount: str) -> str:
        """An amount of euros (``"1234.50"``): ``1234.50 €``, or ``1 234,50 €`` in French.

        French groups thousands with a narrow no-break space (U+202F) and puts
        a no-break space (U+00A0) before the euro sign, as the CLDR says, so
        that an amount never breaks across two lines.
        """
        if self.language == "en":
            return f"{amount} €"
        from babel.numbers import format_currency

        return format_currency(Decimal(amount), "EUR", locale=self._locale)

    def number(self, value: str) -> str:
        """A decimal number (``"1234.5"``) with the digits it has, written in this language.

        >>> texts("fr").number("25.00")
        '25,00'
        """
        if self.language == "en":
            return value
        from babel.numbers import format_decimal

        return format_decimal(Decimal(value), format=_pattern(value), locale=self._locale)

    def integer(self, value: int) -> str:
        """A whole number: ``1234``, or ``1 234`` in French (a narrow no-break space)."""
        if self.language == "en":
            return str(value)
        from babel.numbers import format_decimal

        return format_decimal(value, locale=self._locale)

    def percent(self, value: str) -> str:
        """A percentage (``"26.4"``, already times 100): ``26.4 %``, or ``26,4 %`` in French.

        French puts a no-break space (U+00A0) before the sign, as the CLDR says.
        """
        if self.language == "en":
            return f"{value} %"
        from babel import Locale
        from babel.numbers import format_percent

        cldr = Locale.parse(self._locale).percent_formats[None].pattern
        pattern = cldr.replace("#,##0", _pattern(value), 1)
        return format_percent(Decimal(value).scaleb(-2), format=pattern, locale=self._locale)

    def date(self, iso: str) -> str:
        """A day for a sentence or a heading: ``2012-02-29``, or ``29 février 2012`` in French."""
        if self.language == "en":
            return iso
        from babel.dates import format_date

        return format_date(dt.date.fromisoformat(iso), format="long", locale=self._locale)

    def day(self, iso: str) -> str:
        """A day in a table's column: ``2012-02-29``, or ``29/02/2012`` in French."""
        if self.language == "en":
            return iso
        from babel.dates import format_date

        return format_date(dt.date.fromisoformat(iso), format="short", locale=self._locale)

    def month(self, iso: str) -> str:
        """A month written ``YYYY-MM``: as is, or ``février 2012`` in French."""
        if self.language == "en":
            return iso
        from babel.dates import format_date

        first = dt.date.fromisoformat(f"{iso}-01")
        return format_date(first, format="MMMM y", locale=self._locale)


def _pattern(value: str) -> str:
    """A CLDR number pattern with as many decimals as ``value`` has: ``"#,##0.00"``."""
    decimals = len(value.partition(".")[2])
    return "#,##0" + ("." + "0" * decimals if decimals else "")


@functools.cache
def texts(language: Language = "en") -> Texts:
    """The :class:`Texts` of ``language`` (``"en"`` or ``"fr"``), made once and kept.

    >>> texts("fr")("Totals"), texts("en")("Totals")
    ('Totaux', 'Totals')
    """
    return Texts(language)
