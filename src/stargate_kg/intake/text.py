"""Read an article file and cut it into clean sentences and clauses, with their offsets in the file.

The files are as they were collected: plain text, Markdown (``![img](url)``,
``[link](url)``, ``**bold**``) or HTML fragments (``<br>``, ``<img …>``), and
some end in a reference list or a hosting page's unrelated headlines. Only the
body counts: it ends at the first line that starts a reference list or the page
noise (参考资料, 参考链接, 特别声明, 相关推荐, © THE END). Tags, image links,
link targets and bare URLs are *noise*: a sentence never spans one, so a quote
sliced from a sentence is always an exact substring of the file with no markup.

Traditional characters are mapped to simplified ones (OpenCC's t2s tables) in
:attr:`Article.search` only, character for character, so offsets stay those of
the file.

>>> art = Article.from_text("x.txt", "标题<br>OpenAI宣布,将投资5000亿美元。![图片](http://x/y.png)\\n参考链接\\nhttp://a")
>>> [s.text for s in art.sentences]
['标题', 'OpenAI宣布,将投资5000亿美元。']
>>> [c.text for c in art.sentences[1].clauses]
['OpenAI宣布', '将投资5000亿美元']
>>> art.raw[art.sentences[1].start:art.sentences[1].end]
'OpenAI宣布,将投资5000亿美元。'
"""

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from stargate_kg.exceptions import IntakeError

#: Lines that start what is not the article body (reference lists, hosting-page noise).
BODY_END_MARKERS = ("参考资料与链接", "参考资料", "参考链接", "参考文献", "特别声明", "相关推荐", "热点推荐",
                    "© THE END", "©THE END", "References", "Related articles")

NOISE = re.compile(
    r"<[^>\n]{0,4000}>"  # HTML tags (<br>, <img …>)
    r"|!\[[^\]\n]*\]\([^)\n]*\)"  # Markdown images
    r"|\[\d+\]"  # citation marks [31]
    r"|\]\([^)\n]*\)"  # the target of a Markdown link: [text](url)
    r"|\["  # ... and its opening bracket
    r"|https?://[^\s<>\"'）)]+"  # bare URLs
    r"|&[a-z]{2,6};|&#\d+;"  # HTML entities
    r"|\*\*|__|^#+ |^\s*[*•]\s+|_\d+_"  # Markdown emphasis, headings and bullets
    r"|^[^\n]{0,20}首页\s*>[^\n]*$"  # navigation: 网易首页 > 网易号 > 正文 申请入驻
    r"|^[ \t]*(?:分享至|申请入驻|原创|举报|收藏|点赞|在看|阅读原文|回到顶部|预览时标签不可点|微信扫码|扫码咨询|联系我们|\d{1,6})[ \t]*$"
    r"|^[ \t]*(?:发布日期|浏览次数)[^\n]*$",  # page chrome and metadata lines
    re.M,
)
SENTENCE_END = re.compile(r"[。！？!?；;\n]|(?<=[a-z0-9\)])\.(?=\s)")
CLAUSE_END = re.compile(r"[，,：:]")
STRIP = " \t\r\n\u3000\xa0。！？!?；;，,：:、\"'“”「」‘’（）()[]【】《》—-…·・*#>|"


@dataclass
class Span:
    """A piece of the article: [start, end) offsets in the file and its text."""

    start: int
    end: int
    text: str

    def overlaps(self, other):
        return self.start < other.end and other.start < self.end


@dataclass
class Sentence(Span):
    clauses: list = field(default_factory=list)
    index: int = 0


@dataclass
class Article:
    """An article file: its raw text, where the body ends, and its clean sentences."""

    path: str
    raw: str
    body_end: int
    sentences: list
    search: str  # the raw text with traditional characters mapped to simplified and full-width folded (same length)

    @classmethod
    def from_text(cls, path, raw):
        end = body_end(raw)
        search = fold(raw)
        return cls(str(path), raw, end, split_sentences(raw, end), search)

    @property
    def body(self):
        return self.raw[: self.body_end]

    def sentence_at(self, pos):
        """The sentence holding offset ``pos``, or None (noise, outside the body)."""
        lo, hi = 0, len(self.sentences)
        while lo < hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if pos < s.start:
                hi = mid
            elif pos >= s.end:
                lo = mid + 1
            else:
                return s
        return None

    def title(self):
        """The first sentence of the body that is not page chrome: a guess at the headline."""
        for s in self.sentences:
            if len(s.text) >= 6 and not re.search(r"首页|入驻|分享|原创|^\d", s.text):
                return s.text
        return self.sentences[0].text if self.sentences else Path(self.path).stem

    def language(self):
        """'zh' when the body is mostly Chinese characters, else 'en'."""
        cjk = sum(1 for ch in self.body if "\u4e00" <= ch <= "\u9fff")
        latin = sum(1 for ch in self.body if ch.isascii() and ch.isalpha())
        return "zh" if cjk >= latin / 4 else "en"


#: The largest sheet or article intake reads (bytes).
MAX_INPUT = 16 * 2**20


def check_readable(path, what="file"):
    """A regular file of at most MAX_INPUT bytes (not a FIFO or a device, which could block or never end).

    >>> check_readable("/dev/null", "article")
    Traceback (most recent call last):
    ...
    stargate_kg.exceptions.IntakeError: the article /dev/null is not a regular file (a FIFO, a device or a folder): give a file
    """
    import os
    import stat

    try:
        st = os.stat(path)
    except OSError as ex:
        raise IntakeError(f"cannot read the {what} {path}: {ex.strerror or ex}") from None
    if not stat.S_ISREG(st.st_mode):
        raise IntakeError(f"the {what} {path} is not a regular file (a FIFO, a device or a folder): give a file")
    if st.st_size > MAX_INPUT:
        raise IntakeError(f"the {what} {path} has {st.st_size:,} bytes, more than the {MAX_INPUT // 2**20} MiB intake reads")


def read_text(path, what="file"):
    """The text of ``path``: UTF-8 (a byte-order mark is kept as U+FEFF, as Python's utf-8 codec reads it, so
    offsets match what `validate` reads), else GB18030 (what Chinese Windows saves). ``what`` names the file
    in the error message."""
    p = Path(path)
    check_readable(p, what)
    try:
        data = p.read_bytes()
    except OSError as ex:
        raise IntakeError(f"cannot read {what} {p}: {ex.strerror or ex}") from None
    encodings = ("utf-16",) if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8", "gb18030")  # Excel's "Unicode text" is UTF-16
    for enc in encodings:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise IntakeError(f"cannot read {what} {p}: not UTF-8, UTF-16 or GB18030 text")  # pragma: no cover - gb18030 decodes almost anything


def read_article(path):
    """Read an article file (UTF-8, or GB18030 as saved by Chinese Windows) into an :class:`Article`."""
    raw = read_text(path, "article")
    if not raw.strip("\ufeff \t\r\n"):
        raise IntakeError(f"article {path} is empty")
    return Article.from_text(Path(path), raw)


def body_end(raw):
    """Offset where the body ends: the first line starting with a reference-list or page-noise marker.

    >>> body_end("正文。\\n参考链接\\nhttp://x")
    4
    """
    best = len(raw)
    for marker in BODY_END_MARKERS:
        for m in re.finditer(r"(?m)^[ \t\u3000>#*]*" + re.escape(marker), raw):
            if m.start() > len(raw) * 0.2:  # a marker in the first lines is a table of contents, not the end
                best = min(best, m.start())
                break
    return best


_T2S = None


def _t2s():
    global _T2S
    if _T2S is None:
        try:
            import opencc

            conv = opencc.OpenCC("t2s")
        except Exception:  # pragma: no cover - opencc is a dependency; without it, no mapping
            conv = None
        _T2S = conv
    return _T2S


def fold(text):
    """``text`` with traditional characters made simplified, full-width made half-width, case folded:
    the same length as ``text``, so an offset in one is an offset in the other.

    >>> fold("軟銀與ＯｐｅｎＡＩ")
    '软银与openai'
    """
    conv = _t2s()
    if conv is not None:
        simp = conv.convert(text)
        if len(simp) != len(text):  # a phrase mapping changed the length: map character by character
            simp = "".join(c if len(c := conv.convert(ch)) == 1 else ch for ch in text)
    else:  # pragma: no cover
        simp = text
    out = []
    for ch in simp:
        n = unicodedata.normalize("NFKC", ch).casefold()
        out.append(n if len(n) == 1 else ch.casefold() if len(ch.casefold()) == 1 else ch)
    return "".join(out)


def noise_spans(raw, end):
    """Offsets of markup, links and URLs in ``raw[:end]``."""
    return [(m.start(), m.end()) for m in NOISE.finditer(raw, 0, end) if m.end() > m.start()]


def _trim(raw, start, end):
    while start < end and raw[start] in STRIP:
        start += 1
    while end > start and raw[end - 1] in STRIP:
        end -= 1
    # keep a closing quote or bracket whose opening one is inside
    for o, c in ("“”", "「」", "（）", "()", "《》", "‘’"):
        if end < len(raw) and raw[end] == c and raw.count(o, start, end) > raw.count(c, start, end):
            end += 1
    for o, c in ("“”", "「」", "（）", "()", "《》", "‘’"):
        if start > 0 and raw[start - 1] == o and raw.count(c, start, end) > raw.count(o, start, end):
            start -= 1
    return start, end


def split_sentences(raw, end):
    """The body's sentences (noise removed, each with its clauses), in order."""
    pieces, pos = [], 0
    for a, b in noise_spans(raw, end) + [(end, end)]:
        if a > pos:
            pieces.append((pos, a))
        pos = max(pos, b)
    out = []
    for a, b in pieces:
        cut = a
        for m in list(SENTENCE_END.finditer(raw, a, b)) + [None]:
            stop = m.end() if m else b
            s, e = _trim(raw, cut, stop if m is None else m.start())
            if e - s >= 2 and any(ch.isalnum() for ch in raw[s:e]):
                sent = Sentence(s, e, raw[s:e], index=len(out))
                # the sentence-ending mark belongs to the sentence text (a quote may end with it)
                if m and m.start() == e and raw[e] in "。！？!?":
                    sent.end, sent.text = e + 1, raw[s : e + 1]
                sent.clauses = split_clauses(raw, s, e)
                out.append(sent)
            cut = stop
    return out


def split_clauses(raw, start, end):
    """The clauses of ``raw[start:end]`` (cut at commas and colons)."""
    out, cut = [], start
    for m in list(CLAUSE_END.finditer(raw, start, end)) + [None]:
        stop = m.start() if m else end
        s, e = _trim(raw, cut, stop)
        if e > s:
            out.append(Span(s, e, raw[s:e]))
        cut = m.end() if m else end
    return out


def quote_for(article, sentence, positions, limit=100):
    """The shortest run of ``sentence``'s clauses covering every offset in ``positions``, as a Span.

    Falls back to the whole sentence, then to the tightest span around the
    positions, so that the quote stays within ``limit`` characters. The result is
    always a substring of the file.
    """
    positions = [p for p in positions if sentence.start <= p < sentence.end] or [sentence.start]
    lo, hi = min(positions), max(positions)
    clauses = sentence.clauses or [Span(sentence.start, sentence.end, sentence.text)]
    first = next((i for i, c in enumerate(clauses) if c.end > lo), 0)
    last = next((i for i in range(len(clauses) - 1, -1, -1) if clauses[i].start <= hi), len(clauses) - 1)
    if last < first:
        first, last = last, first
    s, e = clauses[first].start, clauses[last].end
    if e - s < 6 and (first > 0 or last < len(clauses) - 1):  # too short to stand alone: add a neighbour
        if last + 1 < len(clauses):
            e = clauses[last + 1].end
        elif first > 0:
            s = clauses[first - 1].start
    if e - s > limit:
        s, e = _trim(article.raw, max(sentence.start, lo - 10), min(sentence.end, hi + 12))
        if e - s > limit:
            s, e = lo, min(hi + 12, lo + limit)
    text = article.raw[s:e]
    assert text in article.raw
    return Span(s, e, text)
