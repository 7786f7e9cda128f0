"""Name normalisation for lookups: case, width, accents and punctuation do not matter.

>>> normalize("山姆·奥特曼") == normalize("山姆・奥特曼") == normalize("山姆 奥特曼")
True
>>> normalize("ＳｏｆｔＢａｎｋ") == normalize("softbank")
True
>>> normalize("Doña Ana County")
'donaanacounty'
"""

import unicodedata


def normalize(name):
    """Fold a name to the key used for lookups."""
    s = unicodedata.normalize("NFKC", str(name)).casefold()
    s = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in s if unicodedata.category(ch)[0] in "LN")
