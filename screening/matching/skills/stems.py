"""Word forms in the seven other languages, by a general rule rather than word lists.

A multilingual name ("cura delle ferite", "leczenie ran") is written in one form; a
credential uses another ("trattamento delle ferite croniche", "leczenia ran", "seguridad EN
redes"). Both sides are reduced to a *stem key* in the credential's language: each word
stemmed by that language's Snowball stemmer (the `snowballstemmer` package: Porter's
published Snowball algorithms for German, French, Spanish, Italian, Portuguese, Dutch and
Polish) and the articles and prepositions that link a head to its complement dropped (they
vary with gender, number and case: "de/del/de la", "di/della/delle", "von/vom/der").

German and Dutch write a specific term as one compound word whose last element is its head
("Krankenhaushygiene" is a kind of hygiene, "wondverpleegkundige" of wound nursing): a
single-word name of at least six stemmed letters also matches as the last element of a
compound.

A one-word name is stemmed only in German and Dutch: elsewhere one stem covers a noun and
its adjective ("statistica"/"elaborazioni statistiche"), so one-word names match as written.

Stem keys are only used for names of the credential's own language (an Italian name in an
Italian text), never for English, whose word forms `lexicon.lemma` already handles.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import snowballstemmer

from screening.matching.skills.literal import Literal

STEMMERS = {"de": "german", "fr": "french", "es": "spanish", "it": "italian",
            "pt": "portuguese", "nl": "dutch", "pl": "polish"}
COMPOUNDING = frozenset({"de", "nl"})  # languages that write heads at the end of one word
MIN_SINGLE_STEM = 5  # a one-word German or Dutch name with a shorter stem is too ambiguous
MIN_COMPOUND_HEAD = 6  # a compound's head must be at least this long to count alone

# Articles and prepositions (accent-folded, as in comparison keys) that link a head to its
# complement; conjunctions are kept, so items of a list never run together.
_LINKS = {
    "de": {"der", "die", "das", "den", "dem", "des", "von", "vom", "mit", "im", "in", "zur",
           "zum", "fur", "bei", "ein", "eine", "einer", "einem", "eines", "am", "an", "auf"},
    "fr": {"de", "des", "du", "d", "la", "le", "les", "l", "en", "au", "aux", "a", "pour",
           "avec", "sur", "un", "une", "dans"},
    "es": {"de", "del", "la", "las", "el", "los", "en", "con", "para", "por", "a", "al",
           "un", "una", "sobre"},
    "it": {"di", "del", "della", "delle", "dei", "degli", "dello", "il", "lo", "la", "le",
           "i", "gli", "l", "un", "una", "a", "al", "alla", "alle", "ai", "agli", "in",
           "nel", "nella", "nelle", "nei", "negli", "con", "per", "su", "sulla", "sulle",
           "da", "dal", "dalla"},
    "pt": {"de", "do", "da", "dos", "das", "em", "no", "na", "nos", "nas", "com", "para",
           "por", "a", "o", "os", "as", "ao", "aos", "um", "uma", "sobre"},
    "nl": {"de", "het", "een", "van", "voor", "met", "in", "op", "bij", "aan", "te"},
    "pl": {"w", "we", "z", "ze", "na", "do", "dla", "o", "od", "przy", "po"},
}
_WORD = re.compile(r"\w+")
_SPACES = re.compile(r" {2,}")


@lru_cache(maxsize=8)
def _stemmer(language: str) -> Any:  # snowballstemmer ships no type hints
    return snowballstemmer.stemmer(STEMMERS[language])


@lru_cache(maxsize=131072)
def stem_word(word: str, language: str) -> str:
    """One word's stem in `language` ("" for a linking article or preposition)."""
    if word in _LINKS[language]:
        return ""
    if not word.isalpha():
        return word
    return str(_stemmer(language).stemWord(word))


@lru_cache(maxsize=65536)
def stem_key(keyed: str, language: str) -> str:
    """A comparison key (`lexicon.key`) with every word stemmed in `language` and the
    linking words dropped; punctuation stays, so a name never matches across a comma or
    a sentence. The key unchanged when `language` has no stemmer."""
    if language not in STEMMERS:
        return keyed
    stemmed = _WORD.sub(lambda m: stem_word(m.group(), language), keyed)
    return _SPACES.sub(" ", stemmed).strip()


def stem_pattern(keyed: str, language: str) -> Literal | None:
    """The pattern that finds a name (given by its comparison key) in a stem-keyed text of
    its language, or None when the name is too short to stem safely. A long one-word name
    in German or Dutch also matches as the head of a compound."""
    if language not in STEMMERS:
        return None
    stemmed = stem_key(keyed, language)
    if not stemmed:
        return None
    single = " " not in stemmed
    if single and (language not in COMPOUNDING or len(stemmed) < MIN_SINGLE_STEM):
        return None  # a lone Romance or Polish stem is often an adjective ("statistiche")
    before = r"(?<![\w#+])"
    if single and language in COMPOUNDING and len(stemmed) >= MIN_COMPOUND_HEAD \
            and stemmed.isalpha():
        before = r"(?<![\w#+])(?:\w+-?)?"
    return Literal(stemmed, rf"{before}{re.escape(stemmed)}(?![\w#+])")
