"""Reference networks shipped with the library, loaded through the public loader.

>>> from telecentre_core.datasets import cybercantal
>>> network = cybercantal()
>>> network.name, network.territory.name, len(network.centres)
('Cybercantal', 'Cantal', 10)
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from .network import Network

__all__ = ["CYBERCANTAL_FILE", "cybercantal"]

#: The name of the Cybercantal data file inside the package (``telecentre_core/data``).
CYBERCANTAL_FILE = "cybercantal.toml"


@cache
def cybercantal() -> Network:
    """The Cantal's Cybercantal network, the library's reference case.

    Facts come from the founding article (seven centres since 2006, at most
    four seats with computers and ADSL, specialised centres, a free first
    year then 50 to 100 € a month, an extension of three centres and Murat
    at six seats in 2011/2012) and from the public sources the data file
    cites. Everything else (exact dates, the specialisations of five
    centres, the communes of the planned centres) is illustrative and says
    so in the file's ``notes``.
    """
    from .io import loads_network

    text = (
        resources.files("telecentre_core")
        .joinpath("data", CYBERCANTAL_FILE)
        .read_text(encoding="utf-8")
    )
    return loads_network(text, format="toml", source=f"telecentre_core/data/{CYBERCANTAL_FILE}")
