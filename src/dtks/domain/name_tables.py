"""Data tables for ``dtks.domain.names``: titles, degrees, name-family variants, nicknames.

All keys are lower case without punctuation (the form tokens have after case-folding and
stripping dots). See ``docs/names.md``.
"""

from __future__ import annotations

# Academic degrees, written as their dot-separated parts. The normaliser matches them with a dot
# or a space between parts ("S.Pd", "S. Pd", "S Pd"), and the joined form ("SPd") as a whole
# token, wherever they appear.
DEGREES: tuple[tuple[str, ...], ...] = (
    ("s", "pd", "i"), ("s", "pd"), ("s", "e"), ("s", "h", "i"), ("s", "h"), ("s", "sos"),
    ("s", "kom"), ("s", "t"), ("s", "ag"), ("s", "ip"), ("s", "kep"), ("s", "km"),
    ("s", "farm"), ("s", "ak"), ("s", "p"), ("s", "si"), ("s", "ked"), ("s", "hum"),
    ("s", "psi"), ("s", "th"), ("s", "stp"), ("s", "tr"), ("s", "st"), ("a", "md"),
    ("a", "ma"), ("a", "ma", "pd"), ("m", "m"), ("m", "pd"), ("m", "si"), ("m", "h"),
    ("m", "kes"), ("m", "kom"), ("m", "ag"), ("m", "t"), ("m", "sc"), ("m", "ak"), ("m", "ap"),
    ("b", "sc"), ("ph", "d"), ("sp", "a"), ("sp", "og"), ("sp", "pd"), ("sp", "b"),
)  # fmt: skip

# Joined (dotless) degree tokens dropped anywhere: "SPd", "SE", "AMD". "ama" (A.Ma) is left out:
# Ama is a given name in eastern Indonesia.
DOTLESS_DEGREES: frozenset[str] = frozenset(
    "".join(parts) for parts in DEGREES if "".join(parts) not in {"ama", "mt", "mh", "sp"}
) | frozenset({"amd", "spdi", "mm"})

# Honorifics and prefix titles dropped wherever they appear.
TITLES: frozenset[str] = frozenset(
    {
        "hj", "haji", "hajjah", "hajah", "hajja", "drs", "dra", "dr", "ir", "prof", "bpk",
        "bapak", "ibu", "sdr", "sdri", "sdra", "tn", "nn", "kh", "ust", "ustadz", "almh",
        "alm", "drg", "dg", "hadji", "hadjah", "hadjjah",
    }
)  # fmt: skip
# Dropped only in the leading run of titles ("H. Ahmad", "Drs. H. Moch."): elsewhere a lone
# "H" is more likely an initial ("Budi H."). "Hi." is the Lampung haji title.
LEADING_TITLES: frozenset[str] = frozenset({"h", "hi", "ny"})  # also "ny" (Nyonya / Balinese Ny.)

MUHAMMAD = "muhammad"
# Full spellings of Muhammad, mapped anywhere in the name.
MUHAMMAD_FULL: frozenset[str] = frozenset(
    {
        "muhammad", "muhamad", "muhammed", "mohammad", "mohamad", "mohammed", "mohamed",
        "mochammad", "mochamad", "mukhammad", "mokhammad", "muchammad", "muchamad", "mohd",
    }
)  # fmt: skip
# Abbreviations, mapped only as the first token of the name (after titles). "Md." elsewhere is
# the Balinese "Made" ("I Md. Suarta"); "M." elsewhere is an initial.
MUHAMMAD_ABBREV: frozenset[str] = frozenset({"moch", "moh", "muh", "mhd", "md", "mh", "mochd", "m"})

# Other name families mapped anywhere to one spelling.
FAMILIES: dict[str, str] = {
    "achmad": "ahmad", "akhmad": "ahmad", "ahmat": "ahmad", "achmat": "ahmad",
    "abd": "abdul", "abdoel": "abdul", "abdul": "abdul",
}  # fmt: skip

# Tokens that are half-modernised old spelling (oe -> u done, j -> y not), so j -> y is
# near-certain. "Sujono" is deliberately absent: it is the modern form of "Soedjono".
OLD_J_TOKENS: dict[str, str] = {
    "jusuf": "yusuf", "jusup": "yusup", "jahja": "yahya", "jahya": "yahya", "junus": "yunus",
    "jakub": "yakub", "jasin": "yasin", "johanes": "yohanes", "johannes": "yohanes",
    "johana": "yohana", "jakobus": "yakobus", "josef": "yosef", "joseph": "yosef",
}  # fmt: skip

# Western tokens with "oe"/"ch" that are not old Indonesian spelling.
NOT_OLD_SPELLING: frozenset[str] = frozenset(
    {"joel", "noel", "zoe", "chloe", "joe", "moses", "boer", "roel", "albrecht", "oei", "oey"}
)

# Nickname -> full name, only where the mapping is near-certain. Ambiguous nicknames (Wawan:
# Hermawan/Kurniawan/Setiawan/Irawan; Yanto; Udin; Yati; Tina; Jo; Gus, also an honorific) are
# absent on purpose. Record linkage uses a match here as a weak signal only.
NICKNAMES: dict[str, str] = {
    "ucup": "yusuf", "bams": "bambang", "dullah": "abdullah", "dayat": "hidayat",
    "lindung": "parlindungan", "siska": "fransiska", "mamad": "muhammad",
    "retha": "margaretha", "vero": "veronika", "dirman": "sudirman",
}  # fmt: skip
