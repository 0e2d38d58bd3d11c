"""The mention matcher as it was before its patterns were interpreted (a regular
expression compiled per person): the reference the differential test in
``test_mentions.py`` compares :mod:`workshop_planner.report.mentions` with.

Finding and withholding mentions of people who have not consented to be named.

Matching runs on folded text (:mod:`workshop_planner.domain.text`: NFKD,
marks dropped, case-folded, ``ł``→``l``, ``ß``→``ss`` …) with Markdown
emphasis markers left out, so "Jan **Kowalski**", "_Jan_ Kowalski",
"JAN KOWALSKI", "Jan-Kowalski", NFD input and "Zdzislaw Gasior" (for
"Zdzisław Gąsior") all match. Each folded character remembers the original
character it came from, so the matched span is cut out of the original text.

What counts as a mention of a person:

- the full name, its parts in order separated by spaces, hyphens or dots (a
  middle initial allowed), given name + surname when there are middle names,
  "Surname, Given name", "J. Surname";
- the surname alone when it is distinctive: at least four letters, not an
  everyday word, and not a name part of anyone who consented (then only
  "title Surname" counts: "Deputy Mayor Kowalski", "Mr Kowalski");
- possessives ("Kowalski's", "Kowalski’s") and a few inflected endings
  ("Kowalskiego", "Nowaka", "Müllers");
- CJK names (Han, kana, Hangul) as substrings of running text, with or without
  the space between family and given name; the family name alone when it has
  two characters or more, or followed by an honorific (王市长, 山田さん).
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from workshop_planner.domain import models as m
from workshop_planner.domain.text import fold as _plain_fold
from workshop_planner.domain.text import fold_char, is_cjk
from workshop_planner.store import Workspace

#: What a report prints where a text names a person who has not consented.
NAME_WITHHELD = "[name withheld]"

#: Markdown markers that may split a name ("Jan **Kowalski**"): ignored when matching.
MARKUP = frozenset("*_~`[]\\")

#: Letters of other scripts that look like Latin ones once case-folded ("Коwalski"
#: typed with a Cyrillic К and о): matched as the Latin letter, on both sides.
_CONFUSABLES = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
        "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j",
        "ѕ": "s", "ԁ": "d", "һ": "h", "ԛ": "q", "ԝ": "w", "ɡ": "g", "ο": "o", "α": "a",
        "ν": "v", "κ": "k", "ι": "i", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ε": "e",
        "β": "b", "η": "n", "μ": "u", "ζ": "z", "ɑ": "a", "ı": "i",
    }
)  # fmt: skip

#: Traditional (and Japanese old-style) Han characters common in names, matched as the
#: simplified (or Japanese new-style) form: "王偉" is "王伟", "渡邊" is "渡辺".
_HAN_VARIANTS = dict(
    zip(
        "偉國華剛軍麗龍竜東張陳劉楊黃趙吳孫馬羅鄭謝許韓馮鄧蕭蔣葉蘇呂盧鍾譚陸韋賈鄒閆賀顧龔萬錢嚴湯"
        "紅傑濤強艷靜穎凱帥雲輝鵬飛蘭鳳貴慶榮寧陽曉潔邊邉澤齋齊髙﨑濱廣櫻學會長義衛誠維銘瑋傳書"
        "進興雄輝勝樂藝遠達龐魯",
        "伟国华刚军丽龙龙东张陈刘杨黄赵吴孙马罗郑谢许韩冯邓萧蒋叶苏吕卢钟谭陆韦贾邹闫贺顾龚万钱严汤"
        "红杰涛强艳静颖凯帅云辉鹏飞兰凤贵庆荣宁阳晓洁辺辺沢斎斎高崎浜広桜学会长义卫诚维铭玮传书"
        "进兴雄辉胜乐艺远达庞鲁",
        strict=True,
    )
)

#: HTML character references, which Markdown decodes ("Kowal&shy;ski", "&#75;owalski").
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


_HAN = str.maketrans(_HAN_VARIANTS)


def fold(text: str) -> str:
    """Folded for matching names: :func:`domain.text.fold` plus look-alike letters."""
    return _plain_fold(text).translate(_CONFUSABLES).translate(_SEPARATORS).translate(_HAN)


def _fold_units(text: str) -> tuple[str, list[int], list[int]]:
    """``text`` folded for matching; for each folded character the start and end
    of the original text it came from (a character, or a whole entity)."""
    if text.isascii() and "&" not in text:
        # Most printed text: folding is lower-casing (no marks, entities or
        # look-alikes), so the map is just the kept characters' positions.
        keep = [i for i, c in enumerate(text) if c not in MARKUP]
        kept = text if len(keep) == len(text) else "".join(text[i] for i in keep)
        return kept.lower().translate(_SEPARATORS), keep, [i + 1 for i in keep]
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    index = 0
    length = len(text)
    while index < length:
        char = text[index]
        end = index + 1
        if char == "&":
            entity = _ENTITY.match(text, index)
            if entity is not None:
                decoded = html.unescape(entity.group())
                if decoded != entity.group():
                    char, end = decoded, entity.end()
        if all(c in MARKUP for c in char):
            index = end
            continue
        folded = "".join(fold_char(c) for c in char).translate(_CONFUSABLES)
        folded = folded.translate(_SEPARATORS).translate(_HAN)
        chars.append(folded)
        starts.extend([index] * len(folded))
        ends.extend([end] * len(folded))
        index = end
    return "".join(chars), starts, ends


#: Letters of scripts written with spaces (after folding): a name ends where they end.
_WORD_CHARS = (
    "0-9a-z\u00c0-\u024f\u0370-\u03ff\u0400-\u052f\u0530-\u058f\u0590-\u05ff"
    "\u0600-\u06ff\u0900-\u0dff\u10a0-\u10ff"
)
_WORD = re.compile(f"[{_WORD_CHARS}]+")
#: In regular expressions only ASCII boundaries are written (small patterns compile
#: fast); a match next to another letter (Cyrillic, Greek …) is refused afterwards.
_BEFORE = "(?<![0-9a-z])"
_AFTER = "(?![0-9a-z])"
#: between two parts of a name: spaces, hyphens, dots, apostrophes (all folded to these)
_SEP = "(?:[ .'-]+)"
#: every kind of space, dash, apostrophe and middle dot, folded to one of " -'."
_SEPARATORS = str.maketrans(
    {
        **{c: " " for c in "\t\n\r\v\f\u0085\u1680\u2028\u2029\u3000\u205f\u200a\u00a0"},
        **{chr(c): " " for c in range(0x2000, 0x200B)},
        **{c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe63\uff0d"},
        **{c: "'" for c in "\u2019\u2018\u02bc\u02bb\u2032\u00b4\uff07"},
        **{c: "." for c in "\u00b7\u30fb\u2027\uff0e"},
    }
)


@lru_cache(maxsize=20_000)
def _compile(pattern: str) -> re.Pattern[str]:
    """Compiled once per process: a report rebuilt for the preview reuses them."""
    return re.compile(pattern)


#: single letters with separators between them: "k o w a l s k i"
_SPACED_RUN = re.compile("(?<![0-9a-z])(?:[a-z][ .'-]+){4,}[a-z](?![0-9a-z])")


def _bounded(folded: str, start: int, end: int) -> bool:
    """Whether the match ``start:end`` stands alone (no letter glued before or after)."""
    if start > 0 and _WORD.match(folded, start - 1, start):
        return False
    return not (end < len(folded) and _WORD.match(folded, end, end + 1))


#: endings a surname may take in running text (genitive, dative …)
_ENDINGS = (
    "s", "es", "a", "e", "i", "u", "y", "ie", "em", "om", "ego", "emu", "ej", "owi", "ow",
    "m", "im", "ym", "iem", "ach", "ami", "owie", "owa", "ova", "ovi", "nak", "nek",
)  # fmt: skip
#: the endings grouped by length, to try each word's few possible stems
_ENDINGS_BY_LENGTH: tuple[tuple[int, frozenset[str]], ...] = tuple(
    (n, frozenset(e for e in _ENDINGS if len(e) == n)) for n in sorted({len(e) for e in _ENDINGS})
)
#: endings that replace a surname's final vowel ("Kowalska" → "Kowalskiej", "Nováková" →
#: "Novákovou")
_STEM_ENDINGS = ("ou", "ej", "iej", "u", "a", "e", "y", "i", "o", "om", "ie", "ego", "emu",
                 "ym", "im", "ach", "ami", "ovi", "owi")  # fmt: skip
_STEM_ENDING = "(?:" + "|".join(sorted(_STEM_ENDINGS, key=len, reverse=True)) + ")"
#: words that belong to the surname that follows ("van der Berg", "de la Cruz")
_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "ten",
     "ter", "zu", "dos", "das", "bin", "ibn", "al", "el", "mac", "st", "y"}
)  # fmt: skip
_ENDING = "(?:" + "|".join(sorted(_ENDINGS, key=len, reverse=True)) + ")?"

#: Titles and honorifics that, before a surname, make it a mention (folded).
TITLES = (
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
    "mayor", "deputy mayor", "vice mayor", "lord mayor", "governor", "lieutenant governor",
    "councillor", "councilor", "council member", "councilmember", "alderman", "alderwoman",
    "minister", "deputy minister", "secretary", "state secretary", "undersecretary",
    "senator", "representative", "congressman", "congresswoman", "commissioner",
    "ambassador", "president", "vice president", "chancellor", "premier", "prime minister",
    "director", "deputy director", "executive director", "chief", "chair", "chairman",
    "chairwoman", "chairperson", "head", "judge", "justice", "rev", "reverend", "father",
    "officer", "inspector", "superintendent", "general", "colonel", "captain", "mp", "mep",
    "herr", "frau", "dr med", "burgermeister", "oberburgermeister", "burgermeisterin",
    "stadtrat", "stadtratin", "monsieur", "madame", "mme", "mlle", "maire", "adjoint",
    "senor", "senora", "sr", "sra", "don", "dona", "alcalde", "alcaldesa", "pan", "pani",
    "prezydent", "burmistrz", "wojt", "radny", "radna", "signor", "signora", "sindaco",
    "burgemeester", "wethouder", "meneer", "mevrouw", "dhr", "mevr",
)  # fmt: skip

#: Honorifics written after a CJK family name (folded: kana voicing marks dropped).
CJK_HONORIFICS = (
    "さん", "さま", "様", "氏", "先生", "市長", "副市長", "議員", "知事", "部長", "課長",
    "局長", "大臣", "市长", "副市长", "女士", "先生", "主任", "书记", "部长", "议员",
    "님", "씨", "시장", "의원", "장관",
)  # fmt: skip

#: Everyday words that are also surnames: alone they are not a mention.
_COMMON_WORDS = """
    able about above after again against also baker bank banks barber bell berry bird
    bishop black blue bond born both bread brook brown bush butcher butler call card
    carpenter carter case chance chase church clay clear close coal cook cooper cross
    dale dance date davis dawn days dean deal deep dell doctor down drake duck duke
    each early east edge ellis even ever fair faith farmer field fields fish fisher ford
    forest fort fowler fox free frost fuller gardener gate gold good grace grant gray
    green grey guard hall hand hands hardy harris hart hawk heart hill hills holiday holly
    home hope horn house hunt hunter island jack james jones joy judge just keen kind king
    knight lake lamb land lane last lawyer leaf lee lewis light lily link little long lord
    love low lucky major march marsh martin mason mark marks mayor mayer meadow meyer
    miles mill miller mills moon moore more morgan moss mountain nash new newman north
    nurse oak page paine park parker parks parson past paul peace pearl penny person
    pierce pike pine piper plant pool pope porter post potter power pratt price prince
    queen rain ray reed rich ridge river rivers road robin rock rose ross rush sage sale
    salt sand sands savage scott sharp shaw shepherd short silver simple singer slater
    small smith snow spark speaker spring stand steel stern stone storm street strong
    summer swan tall taylor thomas thorn tower town tree turner vale wall walls ward
    warden warren water waters watt weaver webb well wells west white wild will williams
    wilson winter wise wolf wood woods worth wright young zone
    city cities mayors council office people state states work news time year years
    nord sud ost west berg stadt platz weg rosa may june
"""
COMMON_WORDS = frozenset(_COMMON_WORDS.split())


@dataclass(frozen=True)
class WithheldPerson:
    """A person whose name must not be printed."""

    full_name: str
    job_title: str | None = None
    id: str | None = None
    #: ISO alpha-2, for "One participant from …" when a typed speaker is this person
    country: str | None = None


@dataclass(frozen=True)
class Mention:
    #: span of the mention in the original text
    start: int
    end: int
    person: WithheldPerson

    def snippet(self, text: str, width: int = 24) -> str:
        """ "…said Deputy Mayor [K…] at…": the mention's context, the name masked."""
        return snippets(text, [self], width)[0]


def _mask(name: str) -> str:
    first = name.strip("*_~`[]\\ ")[:1]
    return "[…]" if not first or is_cjk(first) else f"[{first}…]"


def snippets(text: str, mentions: Sequence[Mention], width: int = 24) -> list[str]:
    """The context of each mention with every mention in it masked ("[K…]")."""
    masked = []
    spans = []
    last = 0
    for mention in mentions:
        masked.append(text[last : mention.start])
        start = sum(len(x) for x in masked)
        mask = _mask(text[mention.start : mention.end])
        masked.append(mask)
        spans.append((start, start + len(mask)))
        last = mention.end
    masked.append(text[last:])
    flat = "".join(masked)
    result = []
    for start, end in spans:
        lead = "…" if start > width else ""
        tail = "…" if end + width < len(flat) else ""
        piece = flat[max(0, start - width) : min(len(flat), end + width)]
        result.append(" ".join(f"{lead}{piece}{tail}".split()))
    return result


_HONORIFIC_TOKENS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame",
                               "herr", "frau", "mme", "m", "hon", "rev"})  # fmt: skip
_SUFFIX_TOKENS = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "mba", "obe", "mbe"})


def _plain_name(full_name: str) -> str:
    """The name as people write it: "Kowalski, Jan" → "Jan Kowalski", "Dr. Jan Kowalski
    Jr." → "Jan Kowalski" (titles and suffixes are not part of the name)."""
    name = " ".join(full_name.split())
    if name.count(",") == 1:
        last, first = (part.strip() for part in name.split(","))
        if first and last and fold(first).strip(". ") not in _SUFFIX_TOKENS:
            name = f"{first} {last}"
    words = name.split()
    while len(words) > 1 and fold(words[0]).strip(".") in _HONORIFIC_TOKENS:
        words.pop(0)
    while len(words) > 1 and fold(words[-1]).strip(".,") in _SUFFIX_TOKENS:
        words.pop()
    return " ".join(w.rstrip(",") for w in words)


def _tokens(name: str) -> list[str]:
    return [t for t in re.split(r"[\s\-\u2010-\u2015.,'’·]+", fold(name)) if t]


#: spellings without diacritics some people use for their own name (Müller → Mueller)
_UNTRANSLIT = re.compile("(?<=[A-Za-z])([aouAOU])[eE]")
_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
                           "ø": "oe", "Ø": "Oe", "å": "aa", "Å": "Aa"})  # fmt: skip


class _Matcher:
    """The patterns of one withheld person."""

    def __init__(self, person: WithheldPerson, named_tokens: frozenset[str]) -> None:
        self.person = person
        name = _plain_name(person.full_name)
        self.cjk = any(is_cjk(c) for c in name)
        self.triggers: set[str] = set()
        #: words that make this person a candidate only right after a title
        self.title_triggers: set[str] = set()
        self.substrings: set[str] = set()
        #: surnames found when their letters are spaced out
        self.spaced: set[str] = set()
        #: surname stems that take endings in place of their last vowel
        self.stems: set[str] = set()
        self._titled_names: list[str] = []
        self._patterns: list[str] = []
        if self.cjk:
            self._cjk_patterns(name, self._patterns)
        else:
            # "Müller" also as "Mueller"; "Mueller" also as "Müller" (which folds to "muller")
            spellings = {name, name.translate(_TRANSLIT), _UNTRANSLIT.sub(r"\1", name)}
            for spelling in sorted(spellings):
                self._latin_patterns(spelling, named_tokens, self._patterns)
            self._spaced_patterns(name, self._patterns)

    def _spaced_patterns(self, name: str, out: list[str]) -> None:
        """Letters spaced out: "K o w a l s k i", "J.A.N. K.O.W.A.L.S.K.I"."""
        words = name.split()
        surname = "".join(_tokens(words[-1])) if words else ""
        if len(surname) < 5 or not _WORD.fullmatch(surname):
            return
        self.spaced.add(surname)
        spaced = "[ .'-]+".join(re.escape(c) for c in surname)
        out.append(f"{_BEFORE}{spaced}{_AFTER}")

    # compiled when first needed: most withheld people are never mentioned in a text
    @cached_property
    def pattern(self) -> re.Pattern[str] | None:
        return _compile("|".join(self._patterns)) if self._patterns else None

    @property
    def has_titled_names(self) -> bool:
        return bool(self._titled_names)

    @cached_property
    def titled(self) -> re.Pattern[str] | None:
        """The names that count only right after a title ("Mayor Li", "Dr. Brown")."""
        if not self._titled_names:
            return None
        return _compile(f"(?:{'|'.join(dict.fromkeys(self._titled_names))}){_AFTER}")

    def _latin_patterns(self, name: str, named: frozenset[str], out: list[str]) -> None:
        words = name.split()
        tokens = _tokens(name)
        if not tokens:
            return
        if len(tokens) == 1:
            if len(tokens[0]) >= 3:
                out.append(f"{_BEFORE}{re.escape(tokens[0])}{_ENDING}{_AFTER}")
                self.triggers.add(tokens[0])
                if not _WORD.fullmatch(tokens[0]):
                    self.substrings.add(tokens[0])
            return
        first_of_surname = len(words) - 1
        while first_of_surname > 1 and fold(words[first_of_surname - 1]) in _PARTICLES:
            first_of_surname -= 1
        surname = (
            [t for w in words[first_of_surname:] for t in _tokens(w)]
            if len(words) > 1
            else tokens[-1:]
        )
        given = tokens[: len(tokens) - len(surname)] or tokens[:1]
        # every pattern below holds a part after the first one (or all of them together)
        self.triggers.update(tokens[1:])
        # scripts written without spaces (Thai …): found as substrings, not as words
        self.substrings.update(t for t in tokens if not _WORD.fullmatch(t))

        def seq(parts: Sequence[str]) -> str:
            return _SEP.join(re.escape(p) for p in parts)

        last = seq(surname) + _ENDING
        middle = rf"(?:{_SEP}[a-z]\.?)?"
        out.append(f"{_BEFORE}{seq(given)}{middle}{_SEP}{last}{_AFTER}")
        if len("".join(tokens)) >= 8:
            # written together: "#JanKowalski", or a script without spaces
            together = "".join(f"{re.escape(t)}{_SEP}?" for t in tokens)
            self.triggers.add("".join(tokens))
            out.append(f"{_BEFORE}{together}{_ENDING}{_AFTER}")
        out.append(f"{_BEFORE}{re.escape(given[0])}{middle}{_SEP}{last}{_AFTER}")
        out.append(f"{_BEFORE}{seq(surname)}{_SEP}?,? *{seq(given)}{_AFTER}")
        out.append(f"{_BEFORE}{re.escape(given[0][0])}\\. *{last}{_AFTER}")
        # "Gabriel García" of "Gabriel García Márquez": the given name and any later part
        for part in tokens[1:]:
            if part not in surname and len(part) >= 2:
                out.append(f"{_BEFORE}{re.escape(given[0])}{_SEP}{re.escape(part)}{_AFTER}")
        # "jkowalski" (an e-mail address or a handle): the initial glued to the surname
        if len("".join(surname)) >= 6:
            glued = re.escape(given[0][0] + "".join(surname))
            out.append(f"{_BEFORE}{glued}{_AFTER}")
            self.triggers.add(given[0][0] + "".join(surname))
        # the surname alone, or its parts ("Ukryta-Nowak", "Nowak", "Berg" of "van der Berg")
        parts_alone = [p for p in surname if p not in _PARTICLES]
        alone = [surname] + ([[p] for p in parts_alone] if len(surname) > 1 else [])
        titled = self._titled_names
        for parts in alone:
            letters = "".join(parts)
            # a double surname is distinctive as a whole unless every part is ordinary; a
            # surname shared with someone who consented still counts (safety first), except
            # inside that person's own full name (see Watchlist.find)
            distinctive = (
                len(letters) >= 4
                and letters not in COMMON_WORDS
                and not all(p in COMMON_WORDS for p in parts)
            )
            if distinctive:
                out.append(f"{_BEFORE}{seq(parts)}{_ENDING}{_AFTER}")
                if len(letters) >= 6 and letters[-1] in "aeiouy":
                    stem = seq(parts)[:-1]
                    out.append(f"{_BEFORE}{stem}{_STEM_ENDING}{_AFTER}")
                    self.stems.add(letters[:-1])
            elif len(letters) >= 2:
                titled.append(f"{seq(parts)}{_ENDING}")
        if len(tokens) == 2 and 2 <= len(tokens[0]) <= 4:
            # "Li Na", "Wang Wei": a short family name may come first
            titled.append(re.escape(tokens[0]))
            self.title_triggers.add(tokens[0])

    def _cjk_patterns(self, name: str, out: list[str]) -> None:
        parts = [p for p in fold(name).split() if p]
        joined = "".join(parts)
        self.substrings.add(joined)
        out.append(" *".join(re.escape(c) for c in joined))
        if len(parts) > 1:
            out.append(" *".join(re.escape(c) for c in "".join(reversed(parts))))
            family = parts[0]
        else:
            # no space given: a family name of two characters for a long name, else one
            family = joined[:2] if len(joined) >= 4 else joined[:1]
        if len(family) >= 2:
            out.append(re.escape(family))
            self.substrings.add(family)
        honorifics = "|".join(re.escape(fold(h)) for h in CJK_HONORIFICS)
        out.append(f"{re.escape(family)}(?= *(?:{honorifics}))")
        self.substrings.add(family)

    def spans(
        self, folded: str, where: list[int] | None = None, titled_at: Sequence[int] = ()
    ) -> set[tuple[int, int]]:
        """Matches in ``folded``; only near the positions ``where`` when given.

        ``titled_at`` are the positions of words right after a title.
        """
        windows = [(0, len(folded))]
        if where is not None:
            windows = []
            for pos in sorted(set(where)):
                lo, hi = max(0, pos - _REACH), min(len(folded), pos + _REACH)
                if windows and lo <= windows[-1][1]:
                    windows[-1] = (windows[-1][0], hi)
                else:
                    windows.append((lo, hi))
        spans: set[tuple[int, int]] = set()
        if self.pattern is not None:
            for lo, hi in windows:
                pos = lo
                while (found := self.pattern.search(folded, pos, hi)) is not None:
                    a, b = found.span()
                    if b > a and (self.cjk or _bounded(folded, a, b)):
                        spans.add((a, b))
                        pos = b
                    else:
                        pos = a + 1  # another way of matching may start here or later
        if self.titled is not None:
            for pos in titled_at:
                found = self.titled.match(folded, pos)
                if found is not None and _bounded(folded, *found.span()):
                    spans.add(found.span())
        return {(a, b) for a, b in spans if b > a}


#: how far around a trigger word a name may reach (folded characters)
_REACH = 160


def _fixed(title: str) -> str:
    """A title as a pattern (any spacing between its words)."""
    return r"\s+".join(re.escape(w) for w in title.split())


class Watchlist:
    """Withheld people, compiled once, to find or withhold their mentions in many texts.

    ``named`` are the names of people who consented: a withheld person's surname
    they share is still withheld on its own ("Mayor Nowak said"), but not inside a
    consenting person's own full name ("Ada Nowak").
    """

    def __init__(self, people: Iterable[WithheldPerson], named: Iterable[str] = ()) -> None:
        self._lock = threading.Lock()
        self._memo: dict[str, list[Mention]] = {}
        named_tokens = frozenset(t for n in named for t in _tokens(n))
        self._named_by_token: dict[str, list[str]] = {}
        for full_name in named:
            tokens = _tokens(_plain_name(full_name))
            if len(tokens) < 2 or any(is_cjk(c) for c in full_name):
                continue
            source = f"{_BEFORE}{_SEP.join(re.escape(t) for t in tokens)}{_ENDING}{_AFTER}"
            for token in tokens:
                self._named_by_token.setdefault(token, []).append(source)
        self.matchers = [
            _Matcher(p, named_tokens) for p in people if p.full_name and p.full_name.strip()
        ]
        self._by_token: dict[str, list[_Matcher]] = {}
        self._by_title_word: dict[str, list[_Matcher]] = {}
        self._by_spaced: dict[str, list[_Matcher]] = {}
        #: where, in the text being searched, a word follows a title
        self._titled_at: list[int] = []
        self._cjk: list[_Matcher] = []
        titles = set(TITLES)
        for matcher in self.matchers:
            for word in matcher.title_triggers:
                self._by_title_word.setdefault(word, []).append(matcher)
            if matcher.has_titled_names and matcher.person.job_title:
                titles.add(" ".join(_tokens(matcher.person.job_title)))
        titles.discard("")
        alternatives = "|".join(_fixed(t) for t in sorted(titles, key=len, reverse=True))
        self._after_title = re.compile(f"{_BEFORE}(?:{alternatives})\\.?{_SEP}([{_WORD_CHARS}]+)")
        for matcher in self.matchers:
            if matcher.cjk or matcher.substrings:
                self._cjk.append(matcher)
            for surname in matcher.spaced:
                self._by_spaced.setdefault(surname, []).append(matcher)
            for stem in matcher.stems:
                for ending in _STEM_ENDINGS:
                    self._by_token.setdefault(stem + ending, []).append(matcher)
            for token in matcher.triggers:
                self._by_token.setdefault(token, []).append(matcher)

    def _candidates(self, folded: str) -> dict[int, tuple[_Matcher, list[int] | None]]:
        """The people a text may mention, each with where to look (None: everywhere)."""
        found: dict[int, tuple[_Matcher, list[int] | None]] = {}
        self._titled_at = []

        def hit(matcher: _Matcher, where: int | None) -> None:
            entry = found.setdefault(id(matcher), (matcher, []))
            if where is None or entry[1] is None:
                found[id(matcher)] = (matcher, None)
            else:
                entry[1].append(where)

        by_token = self._by_token
        for word in _WORD.finditer(folded):
            text = word.group()
            for matcher in by_token.get(text, ()):
                hit(matcher, word.start())
            for length, endings in _ENDINGS_BY_LENGTH:
                if text[-length:] in endings:
                    for matcher in by_token.get(text[:-length], ()):
                        hit(matcher, word.start())
        for title in self._after_title.finditer(folded):
            self._titled_at.append(title.start(1))
            for matcher in self._by_title_word.get(title.group(1), ()):
                hit(matcher, title.start(1))
        if self._by_spaced:
            for run in _SPACED_RUN.finditer(folded):
                letters = re.sub("[ .'-]", "", run.group())
                for surname, matchers in self._by_spaced.items():
                    if surname in letters:
                        for matcher in matchers:
                            hit(matcher, run.start())
        if self._cjk:
            squeezed = "".join(folded.split())
            for matcher in self._cjk:
                if any(s in squeezed for s in matcher.substrings):
                    hit(matcher, None)
        return found

    def find(self, text: str) -> list[Mention]:
        """Every mention in ``text``, in order, overlapping ones joined.

        Answers are remembered: the preview rebuilds the same texts on every
        edit, and one watchlist serves every build while the directory is the
        same (renders run on worker threads, hence the lock).
        """
        if not text or not self.matchers:
            return []
        with self._lock:
            known = self._memo.get(text)
            if known is None:
                if len(self._memo) >= _MEMO_SIZE:
                    self._memo.clear()
                known = self._memo[text] = self._find(text)
            return list(known)

    def _find(self, text: str) -> list[Mention]:
        folded, starts, ends = _fold_units(text)
        found: list[tuple[int, int, WithheldPerson]] = []
        named: list[tuple[int, int]] | None = None
        for matcher, where in self._candidates(folded).values():
            for start, end in matcher.spans(folded, where, self._titled_at):
                words = set(_WORD.findall(folded, start, end))
                if words & self._named_by_token.keys():
                    if named is None:
                        named = self._named_spans(folded)
                    if any(s <= start and end <= e and (s, e) != (start, end) for s, e in named):
                        continue  # part of a consenting person's full name
                a, b = _original_span(text, starts[start], ends[end - 1])
                found.append((a, b, matcher.person))
        found.sort(key=lambda f: (f[0], -f[1]))
        merged: list[Mention] = []
        for a, b, person in found:
            if merged and a < merged[-1].end:
                last = merged[-1]
                merged[-1] = Mention(last.start, max(last.end, b), last.person)
            else:
                merged.append(Mention(a, b, person))
        return merged

    def _named_spans(self, folded: str) -> list[tuple[int, int]]:
        """Where consenting people's full names stand in ``folded``."""
        sources = {
            source
            for word in set(_WORD.findall(folded))
            for source in self._named_by_token.get(word, ())
        }
        return [mt.span() for source in sources for mt in _compile(source).finditer(folded)]

    def withhold(self, text: str, replacement: str = NAME_WITHHELD) -> str:
        """``text`` with every mention replaced by ``replacement``."""
        mentions = self.find(text)
        for mention in reversed(mentions):
            text = text[: mention.start] + replacement + text[mention.end :]
        return text


def _original_span(text: str, a: int, b: int) -> tuple[int, int]:
    # marks and invisible characters that folded away belong to the last letter
    while b < len(text) and text[b] not in MARKUP and fold(text[b]) == "":
        b += 1
    if any(c in MARKUP for c in text[a:b]):
        # the name was split by markup: take the markers around it too
        while a > 0 and text[a - 1] in MARKUP:
            a -= 1
        while b < len(text) and text[b] in MARKUP:
            b += 1
    return a, b


def find_mentions(
    text: str, people: Iterable[WithheldPerson | str], named: Iterable[str] = ()
) -> list[Mention]:
    """Mentions of ``people`` in ``text`` (see :class:`Watchlist`)."""
    return Watchlist(_people(people), named).find(text)


def withhold(
    text: str,
    people: Iterable[WithheldPerson | str],
    named: Iterable[str] = (),
    replacement: str = NAME_WITHHELD,
) -> str:
    """``text`` with every mention of ``people`` replaced."""
    return Watchlist(_people(people), named).withhold(text, replacement)


def _people(people: Iterable[WithheldPerson | str]) -> list[WithheldPerson]:
    return [p if isinstance(p, WithheldPerson) else WithheldPerson(p) for p in people]


def workspace_watchlist(db: DbSession) -> Watchlist:
    """Every person of the workspace who has not consented to be named (whether or not
    they take part in this event), with the names of those who did."""
    rows = db.execute(
        select(
            m.Person.id,
            m.Person.full_name,
            m.Person.job_title,
            m.Person.country,
            m.Person.consent_to_name,
        )
    ).all()
    key = frozenset(tuple(row) for row in rows)
    with _WATCHLISTS_LOCK:
        cached = _WATCHLISTS.get(key)
    if cached is not None:
        return cached
    withheld = [
        WithheldPerson(full_name=name, job_title=title, id=pid, country=country)
        for pid, name, title, country, consent in rows
        if not consent and (name or "").strip()
    ]
    named = [name for _pid, name, _t, _c, consent in rows if consent and (name or "").strip()]
    watchlist = Watchlist(withheld, named)
    with _WATCHLISTS_LOCK:
        while len(_WATCHLISTS) >= 4:  # a few directories (workspaces, consent undone)
            del _WATCHLISTS[next(iter(_WATCHLISTS))]
        _WATCHLISTS[key] = watchlist
    return watchlist


#: watchlists by the directory they were compiled from (names, titles, consent)
_WATCHLISTS: dict[frozenset[tuple[object, ...]], Watchlist] = {}
_WATCHLISTS_LOCK = threading.Lock()
#: texts a watchlist remembers its answers for
_MEMO_SIZE = 50_000


# --- the pre-export check ------------------------------------------------------------


@dataclass(frozen=True)
class MentionCheck:
    """A pre-export finding, shaped like ``services.report_checks.Check``.

    ``target_kind`` is "note", "theme", "override", "session" or "event";
    ``target_id`` the note, theme, session or event id, or the override's key
    ("summary_opening", "threats_intro", "next_steps", "closing").
    """

    code: str
    message: str
    target_kind: str
    target_id: str


#: The check's code.
WITHHELD_MENTION = "withheld_mention"

_OVERRIDE_LABELS = {
    "summary_opening": "The summary opening",
    "threats_intro": "The threats introduction",
    "next_steps": "The next steps text",
    "closing": "The closing text",
}


def mention_checks(workspace: Workspace, event_id: str) -> list[MentionCheck]:
    """Every printed text of the event that mentions a person who has not consented
    to be named, with the mention's context (the name masked) and where it is."""
    checks: list[MentionCheck] = []
    with workspace.reading() as db:
        watch = workspace_watchlist(db)
        event = db.get(m.Event, event_id)
        if event is None or not watch.matchers:
            return []

        def scan(kind: str, target: str, label: str, texts: Iterable[str | None]) -> None:
            for text in texts:
                found = watch.find(text or "")
                for snippet in snippets(text or "", found):
                    checks.append(
                        MentionCheck(
                            code=WITHHELD_MENTION,
                            message=(
                                f"{label} names a person who has not consented to be named: "
                                f"“{snippet}”"
                            ),
                            target_kind=kind,
                            target_id=target,
                        )
                    )

        scan("event", event.id, "The event", (event.title, event.subtitle, event.description))
        settings = event.report_settings
        if settings is not None:
            for key, label in _OVERRIDE_LABELS.items():
                scan("override", key, label, (getattr(settings, key),))
        for theme in sorted(event.themes, key=lambda t: t.position):
            scan(
                "theme",
                theme.id,
                f"The theme “{watch.withhold(theme.title)}”",
                (theme.title, theme.key_message, theme.summary, theme.body),
            )
        notes = sorted(event.notes, key=lambda n: (n.position, n.captured_at, n.id))
        for note in notes:
            if not note.featured:
                continue
            texts: list[str | None] = [note.text]
            if note.case_study is not None:
                cs = note.case_study
                texts += [cs.title, cs.challenge, cs.approach, cs.impact]
            if note.example is not None:
                texts.append(note.example.label)
            if note.resource is not None:
                texts += [note.resource.title, note.resource.publisher]
            scan("note", note.id, f"A featured {note.kind.replace('_', ' ')} note", texts)
        for session in event.sessions:
            texts = [session.title, session.description, session.location]
            if session.field_visit is not None:
                fv = session.field_visit
                texts += [fv.site, fv.host_organisation, fv.meeting_point, fv.transport]
            title = watch.withhold(session.title)
            scan("session", session.id, f"The session “{title}”", texts)
    return checks
