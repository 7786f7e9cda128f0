"""Name normalisation for lookups: case, width, accents, punctuation and script do not matter.

Traditional characters are read as simplified ones (孫正義 is 孙正义; Taiwan's
words as the mainland's, see :func:`stargate_kg.i18n_zh.to_simplified`).

>>> normalize("山姆·奥特曼") == normalize("山姆・奥特曼") == normalize("山姆 奥特曼")
True
>>> normalize("ＳｏｆｔＢａｎｋ") == normalize("softbank")
True
>>> normalize("Doña Ana County")
'donaanacounty'
>>> normalize("軟銀集團") == normalize("软银集团")
True
"""

import unicodedata

from stargate_kg.i18n_zh import to_simplified


def normalize(name):
    """Fold a name to the key used for lookups."""
    s = to_simplified(unicodedata.normalize("NFKC", str(name)).casefold())
    s = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in s if unicodedata.category(ch)[0] in "LN")
