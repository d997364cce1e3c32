"""Indonesian person names for record linkage: normalisation and an Indonesian phonetic key.

``normalise_name`` case-folds, drops punctuation, titles and degrees, unifies the Muhammad,
Ahmad and Abdul families and rewrites the old spelling (Ejaan lama) to EYD. ``phonetic_key``
maps similar sounds of Indonesian transcription together. Rules and their limits: see
``docs/names.md``. Pure Python, no Django, no I/O.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from dtks.domain import name_tables as tb

__all__ = [
    "first_name",
    "last_name",
    "name_tokens",
    "nickname_base",
    "normalise_name",
    "phonetic_key",
    "phonetic_key_of_tokens",
]

_APOSTROPHES = re.compile(r"['`´‘’ʼ]")
_NON_LETTERS = re.compile(r"[^a-z]+")
# Old spelling: a token showing one of these markers is treated as written in Ejaan lama.
_OLD_MARKER = re.compile(r"oe|dj|tj|sj|^nj")
_OLD_SPELLING = re.compile(r"oe|dj|tj|sj|nj|ch|j")
_OLD_TO_EYD = {"oe": "u", "dj": "j", "tj": "c", "sj": "sy", "nj": "ny", "ch": "kh", "j": "y"}
# Dutch-era "ch" for Arabic kha in a token without other markers: between a vowel and a
# consonant (Fachri, Rachmat, Ichsan) or a few known word starts (Chairul, Choirul, Cholid).
_DUTCH_CH = re.compile(
    r"(?<=[aeiou])ch(?=[bcdfgjklmnpqrstvwz])|^ch(?=air|oir|olil|olid|usnul|asan|adij|odij|alid)"
)
_DEGREES = sorted(tb.DEGREES, key=len, reverse=True)
# Degrees by their first token, longest first, so most tokens are checked with one lookup.
_DEGREES_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _parts in _DEGREES:
    _DEGREES_BY_FIRST.setdefault(_parts[0], []).append(_parts)
_FIRST_TOKEN_ONLY = tb.LEADING_TITLES | tb.TITLES

# Phonetic key.
_PH_DIGRAPHS = re.compile(r"kh|sy|sh|dh|th|ph|ch|gh|q|x|f|v")
_PH_MAP = {
    "kh": "h", "sy": "s", "sh": "s", "dh": "d", "th": "t", "ph": "p", "ch": "c", "gh": "g",
    "q": "k", "x": "ks", "f": "p", "v": "p",
}  # fmt: skip
_PH_Z_INITIAL = re.compile(r"^z")
_PH_Y_AFTER_CONSONANT = re.compile(r"(?<=[bcdfgjklmpqrstvwxz])y(?=[aeiou])")
_PH_IY = re.compile(r"(?<=i)y(?=[aeiou])")
_PH_UW = re.compile(r"(?<=[uo])w(?=[aeiou])")
_PH_FINAL_Y = re.compile(r"y$")
_PH_DOUBLE = re.compile(r"(.)\1+")
_PH_H = re.compile(r"(?<=[aeiou])h(?=[aeiou])|(?<=.)h$")
_VOWELS = frozenset("aeiou")


def _ascii_fold(raw: str) -> str:
    text = raw.casefold()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _lookup(token: str) -> str | None:
    if token in tb.MUHAMMAD_FULL:
        return tb.MUHAMMAD
    return tb.FAMILIES.get(token) or tb.OLD_J_TOKENS.get(token)


def _spelling(token: str) -> str:
    """One token to EYD and to the canonical spelling of its name family."""
    hit = _lookup(token)
    if hit is not None:
        return hit
    if token in tb.MUHAMMAD_ABBREV or token in tb.NOT_OLD_SPELLING:
        return token
    if _OLD_MARKER.search(token) or _DUTCH_CH.search(token):
        for _ in range(4):  # "dddj": each pass may expose a new marker
            token = _OLD_SPELLING.sub(lambda m: _OLD_TO_EYD[m.group()], token)
            if not _OLD_MARKER.search(token):
                break
    token = _DUTCH_CH.sub("kh", token)
    return _lookup(token) or token


def _strip_titles(tokens: list[str]) -> list[str]:
    """Drop leading titles, honorifics anywhere, degrees after the first name token."""
    changed = True
    while changed and tokens:
        before = len(tokens)
        start = 0
        while start < len(tokens) and tokens[start] in _FIRST_TOKEN_ONLY:
            start += 1
        head = tokens[start : start + 1]
        rest: list[str] = []
        i = start + 1
        while i < len(tokens):
            for parts in _DEGREES_BY_FIRST.get(tokens[i], ()):
                if tuple(tokens[i : i + len(parts)]) == parts:
                    i += len(parts)
                    break
            else:
                token = tokens[i]
                if token not in tb.TITLES and token not in tb.DOTLESS_DEGREES:
                    rest.append(token)
                i += 1
        tokens = head + rest
        changed = len(tokens) != before
    return tokens


@functools.lru_cache(maxsize=1 << 18)
def _normal_tokens(raw: str) -> tuple[str, ...]:
    text = _NON_LETTERS.sub(" ", _APOSTROPHES.sub("", _ascii_fold(raw)))
    spelled = [_spelling(token) for token in text.split()]
    tokens = _strip_titles(spelled) or spelled
    if len(tokens) > 1 and tokens[0] in tb.MUHAMMAD_ABBREV:
        tokens[0] = tb.MUHAMMAD
    return tuple(tokens)


def normalise_name(raw: str) -> str:
    """ "Drs. H. Moch. Djoko Santoso, M.M." -> "muhammad joko santoso"."""
    return " ".join(_normal_tokens(raw))


def name_tokens(raw: str) -> tuple[str, ...]:
    """The tokens of the normalised name."""
    return _normal_tokens(raw)


def first_name(raw: str) -> str:
    """First token of the normalised name ("" for an empty name)."""
    tokens = _normal_tokens(raw)
    return tokens[0] if tokens else ""


def last_name(raw: str) -> str:
    """Last token of the normalised name; for a single name, that name."""
    tokens = _normal_tokens(raw)
    return tokens[-1] if tokens else ""


def _token_key(token: str) -> str:
    t = _PH_DIGRAPHS.sub(lambda m: _PH_MAP[m.group()], token)
    t = _PH_Z_INITIAL.sub("j", t).replace("z", "s")
    t = _PH_Y_AFTER_CONSONANT.sub("i", t)
    t = _PH_IY.sub("", t)
    t = _PH_UW.sub("", t)
    t = _PH_FINAL_Y.sub("i", t)
    t = _PH_DOUBLE.sub(r"\1", t)
    t = _PH_H.sub("", t)
    t = _PH_DOUBLE.sub(r"\1", t)
    if not t:
        return token[:1]
    out = [t[0]]
    seen_vowel = t[0] in _VOWELS
    for c in t[1:]:
        if c in _VOWELS:
            if not seen_vowel:
                out.append(c)
                seen_vowel = True
        elif c != out[-1]:
            out.append(c)
    return "".join(out)


def phonetic_key(raw: str) -> str:
    """Indonesian phonetic key of the normalised name, one code per token, space-separated."""
    return phonetic_key_of_tokens(_normal_tokens(raw))


def phonetic_key_of_tokens(tokens: tuple[str, ...]) -> str:
    """``phonetic_key`` of tokens already normalised by ``name_tokens``."""
    return " ".join(_token_key(token) for token in tokens)


def nickname_base(token: str) -> str | None:
    """Full name of an unambiguous nickname ("Ucup" -> "yusuf"), else None. A weak signal."""
    tokens = _normal_tokens(token)
    if len(tokens) != 1:
        return None
    return tb.NICKNAMES.get(tokens[0])
