"""The words of matching: comparison keys (case-, accent- and word-form-insensitive), the
curated use of ESCO labels, technology and multilingual synonyms, short programming-language
names, negated and prerequisite text, and the language a credential is written in.

Everything here is data-driven: `data/curation.toml`, `data/synonyms.toml` and
`data/multilingual.toml` (read once). Pure functions over strings; no I/O after loading.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from screening.matching.skills.taxonomy import EscoSkill, Taxonomy, normalise_text

LANGUAGES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish"}

# Name sources, strongest first (what a match cites for the name that matched).
ALIGNMENT_ID = "alignment_id"
ROLE_ALIAS = "role_alias"
ESCO_PREFERRED = "esco_preferred"
ESCO_ALTERNATIVE = "esco_alternative"
SYNONYM = "synonym"
NAME_SOURCES = (ALIGNMENT_ID, ROLE_ALIAS, ESCO_PREFERRED, ESCO_ALTERNATIVE, SYNONYM)
SOURCE_RANK = {source: rank for rank, source in enumerate(NAME_SOURCES)}


def _read(name: str) -> dict[str, object]:
    raw = resources.files("screening.matching.skills").joinpath("data", name).read_text(
        encoding="utf-8")
    return tomllib.loads(raw)


# -- comparison keys -----------------------------------------------------------------------

_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Accents removed (é → e, ß kept as ss by casefold)."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """A light English word form: plural, -ing and -ed endings removed (both sides of a
    comparison go through it, so it only has to be consistent: tests/testing/tested → test)."""
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix in ("ings", "ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            if len(stem) >= 4 and stem[-1] == stem[-2] and stem[-1] not in "sz":
                stem = stem[:-1]  # programming → program, logging → log
            return stem
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("es") and word[-3] in "sxz" and len(word) > 4:
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    """The comparison key of a name or a text: normalised, accent-folded, each word lemmatised
    (punctuation inside names such as 'c#', 'node.js', 'ci/cd' is kept)."""
    return _WORD.sub(lambda m: lemma(m.group()), fold(normalise_text(text)))


# -- curation --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Curation:
    generic: dict[str, str]  # key → why
    specific: frozenset[str]
    short_names: frozenset[str]
    context: tuple[str, ...]
    guards: dict[str, tuple[str, ...]]  # short name key → not-followed-by keys


@lru_cache(maxsize=1)
def curation() -> Curation:
    data = _read("curation.toml")
    generic = {key(k): str(v) for k, v in _table(data, "generic").items()}
    specific = frozenset(key(k) for k in _table(data, "specific"))
    short = _table(data, "short_names")
    guards: dict[str, tuple[str, ...]] = {}
    for guard in _list(data, "guard"):
        guards[key(str(guard["name"]))] = tuple(normalise_text(str(g))
                                                for g in guard["not_followed_by"])
    return Curation(generic, specific,
                    frozenset(key(str(n)) for n in short.get("names", [])),  # type: ignore[attr-defined]
                    tuple(key(str(c)) for c in short.get("context", [])),  # type: ignore[attr-defined]
                    guards)


def generic_reason(label: str, skill: EscoSkill, taxonomy: Taxonomy) -> str | None:
    """Why an ESCO alternative label of `skill` is generic (suggests, never decides), or None."""
    cur = curation()
    k = key(label)
    if k in cur.generic:
        return cur.generic[k]
    if k in cur.specific:
        return None
    if len(taxonomy.uris_for_label(label)) > 1:
        return "shared by several ESCO skills"
    stripped = label.strip()
    if stripped.isalpha() and stripped.islower() and " " not in stripped:
        return "a single common word"
    return None


def is_short_name(name_key: str) -> bool:
    return name_key in curation().short_names


@lru_cache(maxsize=1)
def _context_pattern() -> re.Pattern[str]:
    words = sorted(curation().context, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")


def programming_context(texts: Iterable[str]) -> bool:
    """Whether any of a credential's texts speaks of programming (short names need it)."""
    pattern = _context_pattern()
    return any(pattern.search(key(text)) for text in texts)


def name_pattern(name_key: str) -> re.Pattern[str]:
    """A whole-token pattern for a name key; a guarded name also refuses the phrases that
    merely start with it ("go to market", "java script")."""
    after = ""
    for guard in curation().guards.get(name_key, ()):
        guard_key = key(guard).strip()
        if guard_key:
            end = r"(?!\w)" if guard_key[-1].isalnum() else ""
            after += rf"(?!\s*{re.escape(guard_key)}{end})"
    return re.compile(rf"(?<![\w#+]){re.escape(name_key)}(?![\w#+]){after}")


# -- synonyms -------------------------------------------------------------------------------

@dataclass(frozen=True)
class SynonymGroup:
    canonical: str
    variants: tuple[tuple[str, str], ...]  # (variant, language "en"/"de"/...)
    domain: str


@lru_cache(maxsize=1)
def synonym_groups() -> tuple[SynonymGroup, ...]:
    groups = [SynonymGroup(str(g["canonical"]), tuple((str(v), "en") for v in g["variants"]),
                           str(g.get("domain", "")))
              for g in _list(_read("synonyms.toml"), "group")]
    for g in _list(_read("multilingual.toml"), "group"):
        variants = tuple((str(v), lang) for lang in ("de", "fr", "es")
                         for v in g.get(lang, []))
        groups.append(SynonymGroup(str(g["canonical"]), variants, "multilingual"))
    return tuple(groups)


@lru_cache(maxsize=1)
def synonyms_by_canonical() -> dict[str, tuple[tuple[str, str], ...]]:
    """Canonical key → every (variant, language) that evidences it."""
    index: dict[str, list[tuple[str, str]]] = {}
    for group in synonym_groups():
        index.setdefault(key(group.canonical), []).extend(group.variants)
    return {k: tuple(v) for k, v in index.items()}


# -- negation and prerequisites ---------------------------------------------------------------

# A cue that negates what FOLLOWS it, up to the end of the sentence.
_FORWARD = [
    r"no prior", r"no previous", r"no (?:prior |previous )?(?:knowledge|experience) (?:of|in|with)",
    r"not required", r"prerequisites?", r"pre-requisites?", r"requires? prior",
    r"assum(?:es|ed|ing) (?:prior |basic |some )?(?:knowledge|familiarity|experience)",
    r"(?:does|do|did|will) not (?:cover|teach|include|address|assess)",
    r"doesn't (?:cover|teach|include)", r"but not", r"excluding", r"except(?: for)?",
    r"without", r"out of scope", r"beyond the scope", r"should already", r"must already",
    r"prior knowledge", r"recommended background", r"entry requirements?",
    r"before (?:enrolling|taking|starting)", r"not (?:a )?(?:substitute|replacement) for",
    r"instead of", r"next course", r"follow-up course", r"see also", r"continues in",
    # German
    r"keine (?:vorkenntnisse|kenntnisse)", r"vorkenntnisse", r"voraussetzungen?",
    r"(?:behandelt|umfasst|vermittelt|beinhaltet) (?:kein|keine|nicht)", r"ohne",
    r"nicht erforderlich", r"nicht (?:behandelt|enthalten|teil)",
    # French
    r"aucune? (?:connaissance|prerequis|experience)", r"pre-?requis",
    r"connaissances? prealables?", r"ne (?:couvre|traite|comprend|aborde) pas",
    r"n'(?:aborde|inclut|evalue) pas", r"sans", r"hors programme",
    # Spanish
    r"no se requieren?", r"sin (?:conocimientos|experiencia)", r"requisitos? previos?",
    r"prerrequisitos?", r"no (?:cubre|incluye|trata|aborda|evalua)",
    r"conocimientos previos",
]
# A cue that negates what comes BEFORE it, back to the previous clause boundary
# ("SQL is not taught").
_BACKWARD = [
    r"(?:is|are) not (?:taught|covered|included|assessed|part of)", r"not covered",
    r"(?:is|are) assumed", r"(?:is|are) required (?:beforehand|before)",
    r"wird nicht (?:behandelt|vermittelt)", r"werden nicht (?:behandelt|vermittelt)",
    r"wird vorausgesetzt", r"werden vorausgesetzt",
    r"n'est pas (?:couvert|aborde|enseigne)e?", r"ne sont pas (?:couverts|abordes|enseignes)",
    r"est requis", r"sont requis",
    r"no se (?:cubre|trata|ensena)", r"se da por supuesto", r"se requiere previamente",
]
_FORWARD_RE = re.compile(r"(?<!\w)(?:" + "|".join(_FORWARD) + r")(?!\w)")
_BACKWARD_RE = re.compile(r"(?<!\w)(?:" + "|".join(_BACKWARD) + r")(?!\w)")
_SENTENCE = re.compile(r"(?<=[.;!?])\s+|\n+|[.;!?]$")
_CLAUSE = re.compile(r",\s*|\s+(?:but|however|whereas|aber|jedoch|mais|pero|sin embargo)\s+")


def affirmed(text: str) -> str:
    """`text` without the parts that say a skill is not taught or is a prerequisite
    (compared on accent-folded, case-folded text; the result is the kept parts, joined)."""
    plain = fold(text).casefold()
    if not (_FORWARD_RE.search(plain) or _BACKWARD_RE.search(plain)):
        return text
    kept: list[str] = []
    for sentence in _SENTENCE.split(plain):
        if not sentence:
            continue
        clauses = _CLAUSE.split(sentence)
        out: list[str] = []
        stop = False
        for clause in clauses:
            if stop:
                break
            if _BACKWARD_RE.search(clause):
                continue  # the clause names what is not taught
            forward = _FORWARD_RE.search(clause)
            if forward:
                out.append(clause[: forward.start()])
                stop = True  # the rest of the sentence is what is not taught/required
                continue
            out.append(clause)
        kept.append(", ".join(o for o in out if o.strip()))
    return ". ".join(k for k in kept if k.strip())


# -- language ---------------------------------------------------------------------------------

_STOPWORDS = {
    "en": {"the", "and", "of", "to", "in", "with", "for", "is", "this", "on", "learners",
           "course", "students", "how", "using", "covers", "an", "by"},
    "de": {"der", "die", "das", "und", "mit", "für", "fur", "von", "zu", "ist", "im", "den",
           "des", "ein", "eine", "kurs", "teilnehmende", "sowie", "werden", "auf", "grundlagen"},
    "fr": {"le", "la", "les", "et", "des", "du", "de", "pour", "avec", "en", "un", "une",
           "est", "dans", "sur", "cours", "formation", "apprenants", "au"},
    "es": {"el", "la", "los", "las", "y", "de", "del", "para", "con", "en", "un", "una",
           "es", "por", "curso", "estudiantes", "sobre", "al"},
}


def detect_language(texts: Iterable[str]) -> str | None:
    """The language most of `texts` is written in (en/de/fr/es), or None when unclear."""
    counts = dict.fromkeys(_STOPWORDS, 0)
    for text in texts:
        for word in _WORD.findall(fold(text).casefold()):
            for lang, words in _STOPWORDS.items():
                if word in words:
                    counts[lang] += 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    best, score = ranked[0]
    if score < 2 or score == ranked[1][1]:
        return None
    return best


# -- helpers ----------------------------------------------------------------------------------

def _table(data: dict[str, object], name: str) -> dict[str, object]:
    value = data.get(name, {})
    return value if isinstance(value, dict) else {}


def _list(data: dict[str, object], name: str) -> list[dict[str, list[str] | str]]:
    value = data.get(name, [])
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []
