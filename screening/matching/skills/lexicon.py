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
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from screening.matching.skills.literal import Literal
from screening.matching.skills.taxonomy import EscoSkill, Taxonomy, normalise_text, onet_code

LANGUAGES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish",
             "it": "Italian", "pt": "Portuguese", "nl": "Dutch", "pl": "Polish"}
OTHER_LANGUAGES = ("de", "fr", "es", "it", "pt", "nl", "pl")  # columns of multilingual.toml

# Name sources, strongest first (what a match cites for the name that matched).
ALIGNMENT_ID = "alignment_id"
ROLE_ALIAS = "role_alias"
ESCO_PREFERRED = "esco_preferred"
ESCO_ALTERNATIVE = "esco_alternative"
SYNONYM = "synonym"
ONET_NAME = "onet_name"  # a name of an O*NET skill or occupation (data/onet_names.toml)
IMPLIED = "implied"  # a work phrase that implies the skill (data/implied.toml): suggests only
NAME_SOURCES = (ALIGNMENT_ID, ROLE_ALIAS, ESCO_PREFERRED, ESCO_ALTERNATIVE, SYNONYM, ONET_NAME,
                IMPLIED)
PROGRAMMING = "programming"  # the domain short names (R, Go, C) need
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


def plain(text: str) -> str:
    """Normalised and accent-folded, but every word as written: job titles are compared
    so ("software engineer" is not "software engineering", which `key` makes the same)."""
    return fold(normalise_text(text))


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
    own_context: dict[str, tuple[str, ...]] = field(default_factory=dict)  # short name key →
    tools: dict[str, str] = field(default_factory=dict)  # tool key → the skill it is
    cross_domain: dict[str, tuple[str, ...]] = field(default_factory=dict)  # key → domains
    domains: dict[str, tuple[str, ...]] = field(default_factory=dict)  # domain → context keys
    statistical: tuple[str, ...] = ()  # keys of statistics languages (R, SAS, Stata)
    general: tuple[str, ...] = ()  # keys of general-purpose programming languages


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
    own = _table(short, "own_context")
    stats = _table(data, "statistical_programming")
    cross: dict[str, tuple[str, ...]] = {}
    for entry in _list(data, "cross_domain"):
        for name in _strings(entry.get("names")):
            cross[key(name)] = (*cross.get(key(name), ()), str(entry["domain"]))
    return Curation(generic, specific,
                    frozenset(key(n) for n in _strings(short.get("names"))),
                    tuple(key(c) for c in _strings(short.get("context"))),
                    guards,
                    own_context={key(k): tuple(key(w) for w in _strings(v))
                                 for k, v in own.items()},
                    tools={key(k): str(v) for k, v in _table(data, "tools").items()},
                    cross_domain=cross,
                    domains={d: tuple(key(w) for w in _strings(words))
                             for d, words in _table(data, "domains").items()},
                    statistical=tuple(key(w) for w in _strings(stats.get("languages"))),
                    general=tuple(key(w) for w in _strings(stats.get("general"))))


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


def whole_words(alternatives: Iterable[str]) -> re.Pattern[str]:
    """One pattern that finds any of `alternatives` (regular expressions) as whole words."""
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


def _words_pattern(words: Iterable[str]) -> re.Pattern[str]:
    ordered = sorted(set(words), key=len, reverse=True)
    return whole_words(re.escape(w) for w in ordered)


@lru_cache(maxsize=1)
def _domain_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each context a name may need: the programming words short names need (and each
    short name's own words), and each cross-domain word's field."""
    cur = curation()
    found = [(PROGRAMMING, cur.context)]
    found += [(f"{PROGRAMMING}:{name}", words) for name, words in cur.own_context.items()]
    found += list(cur.domains.items())
    return tuple((domain, _words_pattern(words)) for domain, words in found if words)


MIN_COMPOUND_PART = 5  # a field's word found inside a compound must be this long


@lru_cache(maxsize=1)
def _compound_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each field's long words as the first or last element of a compound word
    ("Pflegefachkräfte", "Krankenhaushygiene")."""
    found = []
    for domain, words in curation().domains.items():
        long = sorted({w for w in words if len(w) >= MIN_COMPOUND_PART and w.isalpha()},
                      key=len, reverse=True)
        if long:
            alternatives = "|".join(re.escape(w) for w in long)
            found.append((domain, re.compile(
                rf"(?<!\w)(?:{alternatives})\w{{3,}}|\w{{3,}}(?:{alternatives})(?!\w)")))
    return tuple(found)


def context_domains(texts: Iterable[str], *, compounds: bool = False) -> frozenset[str]:
    """The fields a credential speaks of, from any of its texts (its name, tags,
    description, criteria, alignments, achievement type): what short and cross-domain
    names need before they count. With `compounds` (German and Dutch text) a field's
    long word also counts as the first or last element of a compound word."""
    keys = [key(text) for text in texts]
    patterns = _domain_patterns() + (_compound_patterns() if compounds else ())
    found = frozenset(domain for domain, pattern in patterns
                      if any(pattern.search(k) for k in keys))
    return found | {STATISTICAL_ONLY} if _statistical_only(keys, found) else found


STATISTICAL_ONLY = "programming:statistical-only"  # R, SAS or Stata and no other language
GENERAL_PROGRAMMING = "onet:2.B.3.E"  # whose names do not count in such a credential


_Named = tuple[tuple[str, Literal], ...]


@lru_cache(maxsize=1)
def _language_names() -> tuple[_Named, _Named]:
    """The statistics and the general programming languages, each with its name pattern
    (made once: every credential's context asks)."""
    cur = curation()
    return (tuple((n, name_pattern(n)) for n in cur.statistical),
            tuple((n, name_pattern(n)) for n in cur.general))


def _statistical_only(keys: list[str], domains: frozenset[str]) -> bool:
    """Whether the only programming languages a credential names are statistics languages
    (curation.toml [statistical_programming]); a short name counts only where it may."""
    statistical, general = _language_names()

    def named(names: _Named) -> bool:
        return any(allowed(n, domains) and any(p.search(k) for k in keys) for n, p in names)

    return bool(statistical) and named(statistical) and not named(general)


@lru_cache(maxsize=1)
def _general_programming_names() -> frozenset[str]:
    entry = onet_names().get(GENERAL_PROGRAMMING)
    return frozenset(key(name) for name, _ in entry.names) if entry else frozenset()


def programming_context(texts: Iterable[str]) -> bool:
    """Whether any of a credential's texts speaks of programming (short names need it)."""
    return PROGRAMMING in context_domains(texts)


LANGUAGE_DOMAIN = "lang:"  # prefix of the context entry that carries the text's language


def allowed(name_key: str, domains: frozenset[str]) -> bool:
    """Whether a name may match in a credential that speaks of `domains`: a short
    programming-language name needs programming words, a cross-domain word (triage,
    logging, compliance) needs words of its own field, and a one-word name that is a
    common word of the credential's own language ("Jest" in Polish, where it means "is")
    never matches in that language."""
    cur = curation()
    if " " not in name_key and any(name_key in _STOPWORDS.get(d[len(LANGUAGE_DOMAIN):], ())
                                   for d in domains if d.startswith(LANGUAGE_DOMAIN)):
        return False
    if name_key in cur.short_names and PROGRAMMING not in domains \
            and f"{PROGRAMMING}:{name_key}" not in domains:
        return False
    if STATISTICAL_ONLY in domains and name_key in _general_programming_names():
        return False
    needed = cur.cross_domain.get(name_key)
    return needed is None or any(d in domains for d in needed)


def name_pattern(name_key: str) -> Literal:
    """A whole-token pattern for a name key; a guarded name also refuses the phrases that
    merely start with it ("go to market", "java script")."""
    after = ""
    for guard in curation().guards.get(name_key, ()):
        guard_key = key(guard).strip()
        if guard_key:
            end = r"(?!\w)" if guard_key[-1].isalnum() else ""
            after += rf"(?!\s*{re.escape(guard_key)}{end})"
    return Literal(name_key, rf"(?<![\w#+]){re.escape(name_key)}(?![\w#+]){after}")


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
        variants = tuple((form, lang) for lang in OTHER_LANGUAGES
                         for v in _strings(g.get(lang)) for form in _inflected(v, lang))
        groups.append(SynonymGroup(str(g["canonical"]), variants, "multilingual"))
    return tuple(_without_foreign_tools(g) for g in groups)


_GERMAN_ENDINGS = {"e": ("en", "er"), "es": ("en", "em"), "er": ("en", "em")}


def _inflected(name: str, language: str) -> tuple[str, ...]:
    """A name and, in German, its declined forms: an adjective (a lower-case word before
    another word) takes the ending its case needs ("relationale Datenbanken" → "in
    relationalen Datenbanken", "angewandter Statistik")."""
    words = name.split()
    if language != "de" or len(words) < 2:
        return (name,)
    forms = [name]
    for i, word in enumerate(words[:-1]):
        if not word[:1].islower() or not word.isalpha():
            continue
        for ending, others in _GERMAN_ENDINGS.items():
            if word.endswith(ending) and len(word) > len(ending) + 2:
                stem = word[: -len(ending)]
                forms += [" ".join([*words[:i], stem + o, *words[i + 1:]]) for o in others]
                break
    return tuple(dict.fromkeys(forms))


def _without_foreign_tools(group: SynonymGroup) -> SynonymGroup:
    """A tool meets its own skill, never a practice: a variant the curation calls a tool
    stays only in the group of the skill it is (Kubernetes never evidences DevOps)."""
    tools = curation().tools
    canonical = key(group.canonical)
    kept = tuple((v, lang) for v, lang in group.variants
                 if key(v) not in tools or key(tools[key(v)]) == canonical)
    return SynonymGroup(group.canonical, kept, group.domain)


@lru_cache(maxsize=1)
def synonyms_by_canonical() -> dict[str, tuple[tuple[str, str], ...]]:
    """Canonical key → every (variant, language) that evidences it."""
    index: dict[str, list[tuple[str, str]]] = {}
    for group in synonym_groups():
        index.setdefault(key(group.canonical), []).extend(group.variants)
    return {k: tuple(v) for k, v in index.items()}


@lru_cache(maxsize=1)
def implied_by_canonical() -> dict[str, tuple[tuple[str, str], ...]]:
    """Canonical key → every (work phrase, why) that implies the skill without naming it
    (data/implied.toml). An implied skill is only ever suggested, never decided."""
    index: dict[str, list[tuple[str, str]]] = {}
    for entry in _list(_read("implied.toml"), "implied"):
        why = str(entry.get("why", ""))
        index.setdefault(key(str(entry["skill"])), []).extend(
            (phrase, why) for phrase in _strings(entry.get("phrases")))
    return {k: tuple(v) for k, v in index.items()}


# -- O*NET names ------------------------------------------------------------------------------

@dataclass(frozen=True)
class OnetNames:
    """The names of one O*NET skill or occupation (data/onet_names.toml)."""

    id: str  # onet:CODE, as roles and alignments spell it
    label: str
    title_only: bool  # an occupation: named in the title, or after a cue in the description
    names: tuple[tuple[str, str], ...]  # (name, language)
    not_before: tuple[str, ...] = ()  # words that, following a name, make it something else
    not_after: tuple[str, ...] = ()  # keys that, before a name, make it another field
    # (an occupation) words right before its name that make the title a course about the
    # job's role ("il ruolo dell'infermiere")
    role_words: tuple[str, ...] = ()
    fields: tuple[tuple[str, str], ...] = ()  # (field, language): "Diploma in <field>"
    # words that, anywhere in a title, make a qualification in the field another job's
    # ("Técnico em Enfermagem" is not a registered nurse's)
    fields_not_with: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def onet_names() -> dict[str, OnetNames]:
    """O*NET id (`onet:2.B.3.E`, `onet:29-1141.00`) → its names in every language."""
    data = _read("onet_names.toml")
    every = tuple(plain(w) for w in _strings(_table(data, "occupation").get("not_before")))
    every_after = tuple(plain(w) + ("'" if w.endswith("'") else "")  # elided: "dell'"
                        for w in _strings(_table(data, "occupation").get("not_after")))
    out: dict[str, OnetNames] = {}
    for entry in _list(data, "onet"):
        code = onet_code(f"onet:{entry['id']}")
        if code is None:
            raise ValueError(f"onet_names.toml: {entry['id']!r} is not an O*NET code")
        title_only = entry.get("where") == "title"
        out[code] = OnetNames(
            id=code, label=str(entry["label"]), title_only=title_only,
            names=tuple((n, lang) for lang in LANGUAGES for n in _strings(entry.get(lang))),
            not_before=tuple(plain(w) for w in _strings(entry.get("not_before")))
            + (every if title_only else ()),
            not_after=tuple(key(w) for w in _strings(entry.get("not_after"))),
            role_words=every_after if title_only else (),
            fields=tuple((f, lang) for lang in LANGUAGES
                         for f in _strings(entry.get(f"fields_{lang}"))),
            fields_not_with=tuple(plain(w) for w in _strings(entry.get("fields_not_with"))))
    return out


@lru_cache(maxsize=1)
def longest_onet_name() -> int:
    """Words in the longest O*NET name or field (how many words after a cue to look at)."""
    return max(len(plain(name).split()) for entry in onet_names().values()
               for name, _ in (*entry.names, *entry.fields))


@lru_cache(maxsize=1)
def onet_name_languages() -> dict[str, frozenset[str]]:
    """Comparison key of an O*NET name → every language that lists it ("programmeur" is
    French and Dutch)."""
    index: dict[str, set[str]] = {}
    for entry in onet_names().values():
        for name, language in entry.names:
            index.setdefault(key(name), set()).add(language)
    return {k: frozenset(v) for k, v in index.items()}


def _onet_words_pattern(table: str) -> re.Pattern[str]:
    """One of onet_names.toml's tables of words by language (`plain`; a trailing elision
    apostrophe dropped: "formation d'") as one whole-word pattern."""
    by_language = _table(_read("onet_names.toml"), table)
    words = (plain(w).rstrip("'") for lang in by_language for w in _strings(by_language[lang]))
    return _words_pattern(w for w in words if w)


@lru_cache(maxsize=1)
def qualification_pattern() -> re.Pattern[str]:
    """The words (`plain`) that name a qualification ("diploma in", "licenciatura en",
    "curso técnico superior profissional de"), in any language."""
    return _onet_words_pattern("qualification")


@lru_cache(maxsize=1)
def programme_pattern() -> re.Pattern[str]:
    """The words (`plain`) that name a degree programme ("corso di laurea", "licenciatura",
    "Studiengang"), in any language: after a dash they say which programme a module is of."""
    return _onet_words_pattern("programme")


@lru_cache(maxsize=1)
def occupation_cue_pattern() -> re.Pattern[str]:
    """The words (`plain`) that introduce the occupation a qualification trains for, in any
    language ("trained as", "opleiding tot", "Ocupaciones:")."""
    return _onet_words_pattern("cues")


# -- negation and prerequisites ---------------------------------------------------------------

# A cue that negates what FOLLOWS it, up to the end of the sentence.
_FORWARD = [
    r"no prior", r"no previous", r"no (?:prior |previous )?(?:knowledge|experience) (?:of|in|with)",
    r"not required", r"prerequisites?", r"pre-requisites?", r"requires? prior",
    r"assum(?:es|ed|ing) (?:prior |basic |some )?(?:knowledge|familiarity|experience)",
    r"(?:does|do|did|will) not (?:cover|teach|include|address|assess|focus on|deal with)",
    r"(?:is|are) not (?:the|a) focus of", r"no focus on",
    r"doesn't (?:cover|teach|include)", r"but not", r"excluding", r"except(?: for)?",
    r"without", r"out of scope", r"beyond the scope", r"should already", r"must already",
    r"prior knowledge", r"recommended background", r"entry requirements?",
    r"before (?:enrolling|taking|starting)", r"not (?:a )?(?:substitute|replacement) for",
    r"instead of", r"next course", r"follow-up course", r"see also", r"continues in",
    r"admission requirements?", r"eligibility (?:requirements?|criteria)",
    r"(?:candidates|applicants|participants) must (?:hold|have|already)",
    # a licence's notation of what the holder may not do ("Does not hold Board-approved
    # qualification in administration of medicines")
    r"(?:does|do|did) not hold", r"(?:has|have) not (?:completed|passed|been assessed)",
    r"(?:is|are) (?:unable|not qualified|not authori[sz]ed) to",
    # who an exam is aimed at, not what it tests ("aimed at system administrators …,
    # including those who work in a DevOps environment"); "aimed at developing" is content
    r"(?:aimed at|intended for|designed for) (?:[\w-]+ ){0,3}(?:administrators|developers|"
    r"engineers|professionals|practitioners|managers|analysts|nurses|clinicians|staff|"
    r"anyone|those|people|individuals|candidates|beginners|learners|students)",
    # German
    r"(?:zulassungs|teilnahme|zugangs)voraussetzung(?:en)?", r"zulassung setzt",
    r"keine (?:vorkenntnisse|kenntnisse)", r"vorkenntnisse", r"voraussetzungen?",
    r"(?:behandelt|umfasst|vermittelt|beinhaltet) (?:kein|keine|nicht)", r"ohne",
    r"(?:konzentriert|beschaftigt) sich nicht (?:auf|mit)",
    r"nicht erforderlich", r"nicht (?:behandelt|enthalten|teil)",
    # French
    r"aucune? (?:connaissance|prerequis|experience)", r"pre-?requis",
    r"connaissances? prealables?", r"ne (?:couvre|traite|comprend|aborde) pas",
    r"n'(?:aborde|inclut|evalue) pas", r"sans", r"hors programme",
    r"ne se (?:concentre|focalise) pas sur",
    r"conditions? d'(?:admission|acces|inscription)",
    # Spanish
    r"no se requieren?", r"sin (?:conocimientos|experiencia)", r"requisitos? previos?",
    r"prerrequisitos?", r"no (?:cubre|incluye|trata|aborda|evalua)",
    r"no se (?:centra|enfoca|concentra) en",
    r"conocimientos previos", r"requisitos? de (?:acceso|admision|ingreso)",
    # Italian
    r"non (?:copre|tratta|include|affronta|richiede)", r"prerequisit[oi]", r"senza",
    r"non si (?:concentra|focalizza) su",
    r"conoscenze (?:pregresse|preliminari)", r"non (?:sono|e) richiest[eiao]",
    r"requisiti? di (?:accesso|ammissione)",
    # Portuguese
    r"nao (?:cobre|aborda|inclui|trata|exige)", r"pre-?requisitos?",
    r"nao se (?:concentra|foca) em",
    r"sem (?:conhecimentos?|experiencia|necessidade)",
    r"conhecimentos previos", r"requisitos? de (?:acesso|admissao|ingresso)",
    r"condic(?:ao|oes) de acesso",
    # Dutch
    r"geen (?:voorkennis|ervaring)", r"voorkennis", r"zonder",
    r"(?:behandelt|omvat) geen", r"niet (?:vereist|nodig)", r"richt zich niet op",
    r"toelatingseisen", r"toelatingsvoorwaarden?", r"instroomeisen",
    # Polish
    r"bez (?:znajomosci|doswiadczenia|wymagan)", r"wymagania wstepne",
    r"nie (?:obejmuje|wymaga|uczy)", r"nie skupia sie na",
    r"warunk(?:iem|i|ami)? (?:przystapienia|uczestnictwa|dopuszczenia|przyjecia)",
]
# A cue that negates what comes BEFORE it, back to the previous clause boundary
# ("SQL is not taught").
_BACKWARD = [
    r"(?:is|are) not (?:taught|covered|included|assessed|part of)", r"not covered",
    r"(?:is|are) assumed", r"(?:is|are) required (?:beforehand|before)",
    # a prerequisite stated after the skill ("Python is expected before entering")
    r"(?:is|are) (?:expected|recommended|advised) (?:beforehand|before|prior to|on entry|"
    r"at entry|in advance)", r"(?:is|are) (?:a )?(?:recommended|required) (?:background|"
    r"preparation)",
    r"wird nicht (?:behandelt|vermittelt)", r"werden nicht (?:behandelt|vermittelt)",
    r"wird vorausgesetzt", r"werden vorausgesetzt",
    r"n'est pas (?:couvert|aborde|enseigne)e?", r"ne sont pas (?:couverts|abordes|enseignes)",
    r"est requis", r"sont requis",
    r"no se (?:cubre|trata|ensena)", r"se da por supuesto", r"se requiere previamente",
    # the skill first, then the cue ("machine learning is out of scope for this course")
    r"(?:is|are) (?:out of scope|beyond the scope|outside the scope|excluded|not required|"
    r"not needed|not a prerequisite|a prerequisite|prerequisites?)", r"not included",
    r"not part of (?:this|the)", r"out of scope",
    r"non (?:e|sono|viene|vengono) (?:trattat[oaie]|copert[oaie]|inclus[oaie])",
    r"nao (?:e|sao) (?:abordad[oa]s?|cobert[oa]s?|incluid[oa]s?)",
    r"(?:wordt|worden) niet (?:behandeld|besproken)", r"valt buiten",
    r"nie (?:jest|sa) (?:omawian[aey]|wymagan[aey])",
]
# A cue whose own words name what is not there ("no machine learning experience needed"):
# only the cue is removed, the rest of its clause still counts.
_SPAN = [
    r"no (?:prior |previous )?(?:[\w/+#.-]+ ){1,4}(?:experience|knowledge|background|"
    r"skills) (?:is |are )?(?:needed|required|necessary|expected|assumed)?",
]
_FORWARD_RE = whole_words(_FORWARD)
_BACKWARD_RE = whole_words(_BACKWARD)
_SPAN_RE = re.compile(r"(?<!\w)(?:" + "|".join(_SPAN) + r")")
_SENTENCE = re.compile(r"(?<=[.;!?])\s+|\n+|[.;!?]$")
_CLAUSE = re.compile(r",\s*|\s+(?:but|however|whereas|aber|jedoch|mais|pero|sin embargo|ma|"
                     r"tuttavia|mas|porem|maar|echter|ale|jednak)\s+")


def affirmed(text: str) -> str:
    """`text` without the parts that say a skill is not taught or is a prerequisite
    (compared on accent-folded, case-folded text; the result is the kept parts, joined)."""
    plain = fold(text).casefold()
    if not (_FORWARD_RE.search(plain) or _BACKWARD_RE.search(plain)
            or _SPAN_RE.search(plain)):
        return text
    plain = _SPAN_RE.sub(" ", plain)
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


# -- audience, titles' parentheses, coordinated lists ------------------------------------------

# "For doctors and nurses: ..." at the start of a sentence names who the credential is for,
# not what it teaches (en, de, fr, es, it, pt, nl, pl), up to the colon.
_AUDIENCE = re.compile(
    r"(?:^|(?<=[.;!?]\s))(?:for|aimed at|intended for|designed for|fur|für|pour|destine a|"
    r"destinee? a|para|dirigido a|rivolto a|per|destinado a|voor|bedoeld voor|dla|"
    r"przeznaczon[ya] dla)\s[^:.;!?]{1,120}:", re.IGNORECASE)
_PARENTHESES = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def without_audience(text: str) -> str:
    """`text` without a leading "For nurses and doctors:" (the audience, not the content)."""
    return _AUDIENCE.sub(" ", text) if ":" in text else text


def without_parentheses(title: str) -> str:
    """A title without its parenthesised parts — an abbreviation, issuer, exam code or the
    programme a course belongs to ("Computing lab (nursing degree)") — which say what the
    credential is, not what it teaches (they still count as context and name
    certifications)."""
    return _PARENTHESES.sub(" ", title) if "(" in title or "[" in title else title


# Coordinating words (en, de, fr, es, it, pt, nl, pl) and the short words that link a head
# to its complement ("segurança DE redes"), which travel with the head of a list.
_CONJUNCTIONS = frozenset({"and", "or", "und", "oder", "et", "ou", "y", "e", "ed", "en",
                           "i", "oraz", "lub", "albo"})
_LINKS = frozenset({"of", "de", "des", "du", "d", "di", "dei", "degli", "delle", "della",
                    "del", "do", "da", "dos", "das", "van", "der", "von", "voor", "w", "z"})
_TOKEN = re.compile(r"[^\W_][\w'#+.-]*|,")
_MAX_ITEMS = 8


def with_coordinations(keyed: str) -> str:
    """A keyed text plus the phrases its lists of single words stand for: "data reading,
    cleaning and modelling" also says "data cleaning", "limpeza e tratamento de dados"
    also "limpeza de dados", "segurança de dados e redes" also "segurança de redes"
    (appended as separate sentences, so no name can match across them)."""
    tokens = _TOKEN.findall(keyed)
    extra: list[str] = []
    i = 0
    while i < len(tokens):
        items, end = _list_at(tokens, i)
        if len(items) < 2:
            i += 1
            continue
        before, after = _edge(tokens, i - 1, -1), _edge(tokens, end, 1)
        for item in items:
            extra += [f"{before} {item}".strip(), f"{item} {after}".strip()]
            if before and after:
                extra.append(f"{before} {item} {after}")
        i = end
    extra = [e for e in dict.fromkeys(extra) if " " in e]
    return keyed if not extra else keyed + " . " + " . ".join(extra)


def _list_at(tokens: list[str], start: int) -> tuple[list[str], int]:
    """The single-word items of a list starting at `start` ("a, b and c"), and the index
    after its last item; fewer than two items when no list starts there."""
    items = [tokens[start]]
    i = start + 1
    joined = False
    while i + 1 < len(tokens) and len(items) < _MAX_ITEMS and _is_separator(tokens[i]) \
            and _is_word(tokens[i + 1]):
        joined = joined or tokens[i] in _CONJUNCTIONS
        items.append(tokens[i + 1])
        i += 2
        if joined:
            break  # "a, b and c" ends at c
    if not _is_word(items[0]) or not joined:
        return [items[0]], start + 1
    # an item must stand alone: "data reading, cleaning" lists reading and cleaning
    return items, i


def _is_separator(token: str) -> bool:
    return token == "," or token in _CONJUNCTIONS


def _is_word(token: str) -> bool:
    return token != "," and token not in _CONJUNCTIONS and token not in _LINKS


def _edge(tokens: list[str], index: int, step: int) -> str:
    """The word that a list shares, before (step -1) or after (step 1) it, with its linking
    word ("segurança de", "de dados")."""
    if not 0 <= index < len(tokens) or not _is_word_or_link(tokens[index]):
        return ""
    word = tokens[index]
    if word in _LINKS:
        other = index + step
        if 0 <= other < len(tokens) and _is_word(tokens[other]):
            return f"{tokens[other]} {word}" if step < 0 else f"{word} {tokens[other]}"
        return ""
    return word


def _is_word_or_link(token: str) -> bool:
    return token != "," and token not in _CONJUNCTIONS


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
    "it": {"il", "di", "e", "che", "per", "della", "delle", "dei", "degli", "nel", "nella",
           "gli", "alla", "corso", "sono", "tratta", "studenti", "partecipanti", "la"},
    "pt": {"o", "os", "as", "do", "da", "dos", "das", "com", "em", "uma", "um", "curso",
           "nao", "sao", "ao", "aborda", "alunos", "e", "para"},
    "nl": {"de", "het", "een", "en", "van", "voor", "met", "op", "cursus", "deelnemers",
           "te", "zijn", "behandelt", "wordt", "worden", "bij", "aan"},
    "pl": {"i", "w", "z", "na", "oraz", "sie", "jest", "dla", "kurs", "przez", "obejmuje",
           "lub", "sa", "ze", "uczestnicy", "kursu"},
}


def detect_language(texts: Iterable[str]) -> str | None:
    """The language most of `texts` is written in (en/de/fr/es/it/pt/nl/pl), or None when
    unclear (too few of any language's common words, or two languages level)."""
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


def _strings(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _list(data: dict[str, object], name: str) -> list[dict[str, list[str] | str]]:
    value = data.get(name, [])
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []
