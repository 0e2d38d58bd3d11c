"""Text folded for matching and sorting: case, accents and compatibility forms ignored.

``fold("Zdzisław Gąsior")`` and ``fold("ZDZISLAW GASIOR")`` are both
``"zdzislaw gasior"``; NFD input (a letter followed by a combining mark),
full-width forms and ligatures fold the same as their plain spellings.
:func:`fold_with_map` also says which original character each folded
character came from, so a match found in folded text can be cut out of the
original.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache

#: Letters that carry their "accent" in the letter itself (no decomposition).
_LETTERS = {
    "ł": "l",
    "đ": "d",
    "ð": "d",
    "ħ": "h",
    "ı": "i",
    "ø": "o",
    "æ": "ae",
    "œ": "oe",
    "þ": "th",
    "ŧ": "t",
    "ŀ": "l",
    "ƒ": "f",
    "ß": "ss",
    "ẞ": "ss",
    "ĸ": "k",
    "ŋ": "n",
}


@cache
@lru_cache(maxsize=8192)
def fold_char(char: str) -> str:
    """One character folded: compatibility-decomposed, marks dropped, case-folded.

    Format characters (zero-width spaces and joiners, soft hyphens) fold to "".
    """
    if unicodedata.category(char) == "Cf":
        return ""
    out = []
    for part in unicodedata.normalize("NFKD", char):
        if unicodedata.combining(part):
            continue
        for low in part.casefold():
            if unicodedata.combining(low):
                continue
            out.append(_LETTERS.get(low, low))
    return "".join(out)


def fold(text: str) -> str:
    """``text`` folded for comparison ("Gąsior" → "gasior", "ＡＢＣ" → "abc")."""
    if text.isascii():  # every ASCII character folds to its lower case (tests/domain)
        return text.lower()
    return "".join(fold_char(c) for c in text)


def fold_with_map(text: str, drop: frozenset[str] = frozenset()) -> tuple[str, list[int]]:
    """``text`` folded, and for each folded character the index of its source.

    Characters in ``drop`` (e.g. Markdown emphasis markers) are left out.
    """
    chars: list[str] = []
    sources: list[int] = []
    for index, char in enumerate(text):
        if char in drop:
            continue
        folded = fold_char(char)
        chars.append(folded)
        sources.extend([index] * len(folded))
    return "".join(chars), sources


def sort_key(text: str) -> tuple[str, str]:
    """A locale-neutral sort key: folded text first ("Ćwik" among the C's), then the text."""
    return (" ".join(fold(text).split()), text)


def is_cjk(char: str) -> bool:
    """Han, kana, Hangul and their compatibility blocks: scripts written without spaces."""
    code = ord(char)
    return (
        0x3040 <= code <= 0x30FF  # hiragana, katakana
        or 0x3400 <= code <= 0x4DBF  # CJK extension A
        or 0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0xAC00 <= code <= 0xD7AF  # Hangul syllables
        or 0x1100 <= code <= 0x11FF  # Hangul jamo
        or 0xF900 <= code <= 0xFAFF  # CJK compatibility ideographs
        or 0x20000 <= code <= 0x2FA1F  # extensions B–F, compatibility supplement
        or 0x31F0 <= code <= 0x31FF  # katakana phonetic extensions
    )


def counted(n: int, one: str, many: str) -> str:
    """"1 note", "2 notes", "1,200 notes": a count with its noun in English."""
    return f"{n:,} {one if n == 1 else many}"
