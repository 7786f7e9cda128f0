"""The drafter's rules for rows other than figures and cue words: new names vetted, places and sites, roles
(titles), claims (who says what), one row per statement, and what the graph already has.

:class:`RowRules` is a part of :class:`~stargate_kg.intake.draft.Drafter` (it uses the drafter's names, entities,
statements and ``_row``); it lives here to keep each module short.

>>> from stargate_kg import load
>>> from stargate_kg.intake.draft import draft
>>> from stargate_kg.intake.text import Article
>>> rows = draft(load(), Article.from_text("x.txt", "甲骨文行政總裁陳大文表示，需求強勁。"), "a099", "2025-09-25")
>>> [(r["subject"], r["relation"], r["object"]) for r in rows if r["relation"] == "ceoOf"]
[('陳大文', 'ceoOf', 'Oracle')]
"""

import re

from stargate_kg.intake.cues import cues_in
from stargate_kg.intake.names import TITLES
from stargate_kg.intake.sites import roles, sites_for
from stargate_kg.intake.variants import latin_type, near_duplicate, not_a_name


#: A title written after a Latin-script name (Anthropic CEO): not part of the name.
LATIN_TITLE = re.compile(r"\s+(CEO|CFO|COO|CTO|President|Chairman|Co-?founder|Founder|Chief\b.*)$", re.I)
ORG_TYPES = {"Company", "JointVenture", "InvestmentFund", "GovernmentBody", "MediaOutlet", "Organization"}
PLACE_TYPES = {"Place", "Country", "State", "County", "City", "Region", "DataCenterSite"}
ROLE_TITLES = {"reporterFor", "editorOf"}
SPEECH = r"表示|(?<![名简号堪俗统昵自声])称(?![为之作])|认为|看来|相信|回答道?|强调|指出|坦言|说道|宣称|直言|(?<![小传解游])说(?![明服法])"
#: Relations that are what a speaker says (a claims row of the same parties gives way to them).
OPINIONS = {"doubts", "supports"}
SPEAKERS = {"Person", "Company", "InvestmentFund", "GovernmentBody", "MediaOutlet", "Organization"}


class RowRules:
    """Row rules shared by the drafter (see the module docstring)."""

    def _vet(self, new, article):
        """New-name proposals that are names: no units, verbs or fragments; a name the graph has under another
        spelling (SamAltman, a transliteration within the fuzzy cutoff) becomes that entity; Latin names get a type."""
        out = []
        for m in new:
            title = LATIN_TITLE.search(m.text)
            if title and title.start() > 0:  # Anthropic CEO达里奥: the company is Anthropic, CEO is the next name's title
                m.end -= len(m.text) - title.start()
                m.text = m.text[: title.start()]
                m.label = m.text if m.label else m.label
            if not_a_name(m.text):
                continue
            if m.type == "Person" and m.how == "jieba nr" and article.search[max(0, m.start - 1) : m.start] in ("在", "于"):
                m.type = "Place"  # 在阿根廷建设: a place the tagger took for a person
            dup = near_duplicate(m.en, self.names) if m.en else None
            dup = dup or near_duplicate(m.text, self.names)
            if dup:
                m.iri, m.type, m.label, m.new, m.how = dup[0], dup[1], dup[2], False, f"near-duplicate of {dup[2]}"
            elif m.type == "Organization" and re.fullmatch(r"[A-Za-z][A-Za-z0-9 .'\-]+", m.text):
                m.type = latin_type(m.text, article.search[max(0, m.start - 6) : m.start], article.search[m.end : m.end + 8])
            out.append(m)
        places = {m.text for m in out if m.type == "Place"}
        for m in out:  # 在阿根廷建设 … 阿根廷史上: one name, one kind of thing
            if m.new and m.text in places and m.how == "jieba nr":
                m.type = "Place"
        return out

    def _site_rows(self, article, sent, ms):
        """locatedIn for each site named by its place; builds / commitsFundingTo / oversees / operates for the companies."""
        sites = [m for m in ms if m.type == "DataCenterSite" and m.how.startswith("the site in")]
        rows = []
        for st in sites:
            place = next((m for m in ms if m.start == st.start and m is not st and m.type != "DataCenterSite"), None)
            if place is not None:
                rows.append(self._row(article, sent, st, "locatedIn", place, [st.end - 1], 0.7, "the site in its place"))
        if sites:
            for c, rel, pos in roles(article.search, sent, [m for m in ms if m.type != "DataCenterSite"]):
                for st in sites_for(sent, sites, pos):
                    rows.append(self._row(article, sent, c, rel, st, [pos, st.end - 1], 0.65,
                                          f"{c.text} …{article.raw[pos:pos + 2]}: the site in {st.text}"))
        return rows

    def _roles(self, article, sent, ms, publisher):
        rows = []
        for i, m in enumerate(ms):
            if m.type != "Person":
                continue
            before = article.search[max(sent.start, m.start - 14) : m.start]
            t = re.search(r"(?:(" + "|".join(sorted(map(re.escape, TITLES), key=len, reverse=True)) + r")(?:兼)?)+\s*[:：]?\s*$", before)
            if not t:
                continue
            titles = re.findall("|".join(sorted(map(re.escape, TITLES), key=len, reverse=True)), before[t.start() :])
            org = next((o for o in reversed(ms[:i]) if o.type in ORG_TYPES and m.start - o.end <= 14 + len(t.group(0))), None)
            if org is not None and set(titles) <= {"总统", "前总统"} and org.type not in ("Country", "GovernmentBody"):
                org = None  # 星际之门于今年1月与美国总统川普一同公布: a head of state, not the president of the project
                titles = []
            for title in dict.fromkeys(titles):
                rel = TITLES[title]
                if org is not None:
                    rows.append(self._row(article, sent, m, rel, org, [m.end - 1], 0.85, f"title {title} between organisation and name"))
                elif rel in ROLE_TITLES or title in ("编辑", "责编", "校对"):
                    row = self._row(article, sent, m, rel, None, [m.end - 1], 0.6, f"byline {title}")
                    row["object"] = publisher or ""
                    if not publisher:
                        row["confidence"], row["note"] = "0.40", "Fill in the publisher (the outlet this person works for)."
                    rows.append(row)
            # 孙正义将担任Stargate的董事长
        for i, m in enumerate(ms):
            if m.type != "Person":
                continue
            after = article.search[m.end : m.end + 30]
            t = re.match(r"\s*(?:将|已)?(?:担任|出任|是|为|任)\s*", after)
            if not t:
                continue
            org = next((o for o in ms[i + 1 :] if o.start - m.end <= 14 and o.type in ORG_TYPES | {"Project"}), None)
            if org is None:
                continue
            tail = article.search[org.end : org.end + 8]
            title = next((tt for tt in sorted(TITLES, key=len, reverse=True) if re.match(r"\s*的?\s*" + re.escape(tt), tail)), None)
            if title:
                status = "announced" if "将" in t.group(0) else ""
                rows.append(self._row(article, sent, m, TITLES[title], org, [org.end + 4], 0.8, f"{m.text} ... {title}", status=status))
        return rows

    def _places(self, article, sent, ms):
        rows = []
        for a, b in zip(ms, ms[1:]):
            gap = article.search[a.end : b.start]
            # 德克萨斯州沙克尔福德县, 俄亥俄州洛兹敦, 德州阿比林: outer place then inner place
            # (not a site: 德州阿比林的星际之门基地, 德州阿比林数据中心 name the city, the site's place, and the city's state row says the rest)
            if a.type in ("State", "Country") and b.type in PLACE_TYPES - {"Country", "DataCenterSite"} and gap.strip() in ("", "的") and a.iri != b.iri:
                rows.append(self._row(article, sent, b, "locatedIn", a, [a.start, b.end - 1], 0.8, "place written inside its state"))
        for a, b in zip(ms, ms[1:]):
            gap = article.search[a.end : b.start]
            # 德克萨斯州阿比林的 Stargate I, 位于阿比林的星际之门: a site after its place
            if a.type in PLACE_TYPES - {"DataCenterSite"} and b.type in ("DataCenterSite", "Project") and re.fullmatch(r"\s*的\s*", gap):
                rows.append(self._row(article, sent, b, "locatedIn", a, [a.start, b.end - 1], 0.7, "site written after its place"))
        for c in cues_in(article.search[sent.start : sent.end]):
            if c.relation != "locatedIn":
                continue
            pos = sent.start + c.start
            place = next((m for m in ms if m.start >= pos + (c.end - c.start) and m.start - pos < 12 and m.type in PLACE_TYPES), None)
            subj = next((m for m in reversed(ms) if m.end <= pos and m.type in {"DataCenterSite", "Project", "City", "County"}), None)
            if place is not None and subj is not None and subj.iri != place.iri:
                rows.append(self._row(article, sent, subj, "locatedIn", place, [pos], 0.65, f"cue {article.raw[pos:pos + c.end - c.start]}"))
        return rows

    def _claims(self, article, sent, ms, person):
        """Who says what: 奥特曼表示…, 在奥特曼看来…, 他回答道… (the person of the last sentences)."""
        rows = []
        text = article.search[sent.start : sent.end]
        for c in re.finditer(SPEECH, text):
            pos = sent.start + c.start()
            clause = next((cl for cl in sent.clauses if cl.start <= pos < cl.end), sent)
            if re.match(r"\s*(质疑|怀疑|信心|支持|担忧)", article.search[sent.start + c.end() : sent.start + c.end() + 4]):
                continue  # 表示质疑, 表示信心: a doubt or support, the cue rows propose it
            speakers = [m for m in ms if clause.start - 2 <= m.start and m.end <= pos and m.type in SPEAKERS]
            right_before = [m for m in speakers if pos - m.end <= 3]
            people = [m for m in speakers if m.type == "Person"]
            opening = [m for m in speakers if m.start - clause.start <= 3]
            if right_before or people or opening:
                speaker, conf, why = (right_before or people or opening)[-1 if right_before else 0], 0.55, f"speech cue {c.group(0)}"
            elif re.match(r"\s*(他|她)", article.search[clause.start : pos]) and person is not None:
                speaker, conf, why = person, 0.45, f"speech cue {c.group(0)} after 他/她 ({person.text})"
            else:
                continue
            about = [m for m in ms if m.start >= sent.start + c.end() and m.iri != speaker.iri and m.type not in PLACE_TYPES | {"Person"}]
            obj = about[0] if about else None
            row = self._row(article, sent, speaker, "claims", obj, [pos, sent.start + c.end() + 8], conf, why,
                            note="A claim: write what was said, in English, in the value column.")
            rows.append(row)
            break
        return rows

    def _dedupe(self, rows):
        """One row per statement; a speech row gives way to the row that holds what was said.

        A claims row whose parties (speaker and object) are those of another row of the same sentence, a figure row
        or an opinion (doubts, supports), is dropped and named in that row's note: in ``OpenAI 表示,这个 5 GW
        规模的数据中心将运行超过 200 万个芯片`` the figure rows are the evidence, in ``…表示,他怀疑…`` the doubts row.
        A claims row about the thing a figure row of its sentence is on (孙正义表示,星际之门将投入5000亿美元) gives that
        row its speaker (``stated_by``) and is dropped. Rows of different relations between the same parties (ceoOf
        and founderOf) are separate facts and stay.
        """
        out, seen = [], {}
        for r in rows:
            key = (r["subject"], r["relation"], r["object"], r.get("amount", ""), r.get("value", ""), r.get("_sentence", r["quote"]))
            if key in seen:
                continue
            seen[key] = r
            out.append(r)

        def parties(r):
            return (r.get("_sentence"), frozenset((r["subject"], r["object"])))

        holders = {}
        for r in out:
            if r.get("amount") or r.get("value") or r["relation"] in OPINIONS:
                holders.setdefault(parties(r), r)
        merged = []
        for r in out:
            figs = [h for h in out if h.get("_sentence") == r.get("_sentence") and (h.get("amount") or h.get("value"))
                    and not h["subject"]] if r["relation"] == "claims" and not r["object"] else []
            if figs:  # OpenAI 表示,这个5 GW规模的数据中心…: figures of no sure party are what OpenAI says (stated_by)
                for h in figs:
                    h["stated_by"] = r["subject"]
                continue
            about = [h for h in out if h.get("_sentence") == r.get("_sentence") and (h.get("amount") or h.get("value"))
                     and h["subject"] == r["object"] and not h.get("stated_by")] if r["relation"] == "claims" and r["object"] else []
            if about:  # 孙正义表示,星际之门将投入5000亿美元: Stargate's figure, stated by Son
                for h in about:
                    h["stated_by"] = r["subject"]
                continue
            holder = holders.get(parties(r)) if r["relation"] == "claims" else None
            if holder is not None:
                holder["note"] = "; ".join(x for x in (holder.get("note", ""), f"{r['subject']} says so ({r['reason']})") if x)
                continue
            merged.append(r)
        return merged

    def _mark_existing(self, r):
        s, o = r["_subject"], r["_object"]
        if s.iri is None or (o is not None and o.iri is None):
            return
        cands = self._by_pair.get((s.iri, r["relation"], o.iri if o is not None else None), [])
        for st in cands:
            q = st.qualifiers
            fig = r.get("amount") or r.get("value")
            theirs = q.get("amount") if r.get("amount") else st.value
            if fig:
                try:
                    if theirs is None or abs(float(theirs) - float(fig)) > 1e-6 * max(1.0, abs(float(fig))):
                        continue
                except (TypeError, ValueError):
                    continue
            r["existing"] = "st:" + st.iri.rsplit("/", 1)[-1]
            r["reason"] += "; the graph has this statement: kept rows add this article's quote to it"
            return
