"""Matching skill claims to a role's requirements, each match typed and given a confidence.

In order of preference:
  exact_id     the claim carries the requirement's skill id (ESCO URI, O*NET code, URL)
  exact_alias  a short claim (name, tag, alignment name, result ...) equals a name of the
               skill: the role's label/aliases, the ESCO preferred label, or an ESCO
               alternative label that names no other ESCO skill
  fuzzy        a short claim is almost equal (rapidfuzz token_sort_ratio ≥ threshold) to one
               of those names — only the role's skills are candidates, never the whole taxonomy
  phrase       one of the role's names or the ESCO preferred label occurs, as whole words, in
               a claim's text (descriptions and criteria only ever match this way)

Names are compared by `lexicon.key` (case-, accent- and word-form-insensitive). A skill's
names come from the role (label, aliases), ESCO (preferred label, alternative labels) and
the synonym tables (technology and multilingual); each match says which (`name_source`).
ESCO alternative labels the curation calls generic, and work phrases that only imply a
skill (data/implied.toml), match but never decide (`decides` False: no points, never meets
a requirement). The synonyms of a role alias that is ESCO's name of another skill are not
brought in. Text that says a skill is not taught or is a prerequisite is removed before
phrase matching. Short programming-language names (R, Go, C) match only as whole tokens in
a credential that speaks of programming, and cross-domain words (triage, logging) only in
one that speaks of their field (any of its fields counts, achievement type included).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from screening.matching.skills import lexicon, stems
from screening.matching.skills.certifications import recognise
from screening.matching.skills.extract import CONTEXT_SOURCES, SHORT_SOURCES, SkillClaim
from screening.matching.skills.lexicon import (
    ALIGNMENT_ID,
    ESCO_ALTERNATIVE,
    ESCO_PREFERRED,
    IMPLIED,
    ONET_NAME,
    ROLE_ALIAS,
    SOURCE_RANK,
    SYNONYM,
)
from screening.matching.skills.literal import Literal
from screening.matching.skills.stems import COMPOUNDING
from screening.matching.skills.taxonomy import Taxonomy, esco

if TYPE_CHECKING:
    from screening.matching.roles import Requirement, Role, SkillRef

MAX_FUZZY_TEXT = 120  # longer claims are descriptions, not skill names


class MatchType(StrEnum):
    EXACT_ID = "exact_id"
    EXACT_ALIAS = "exact_alias"
    FUZZY = "fuzzy"
    PHRASE = "phrase"


MATCH_RANK = {MatchType.EXACT_ID: 0, MatchType.EXACT_ALIAS: 1, MatchType.FUZZY: 2,
              MatchType.PHRASE: 3}


@dataclass(frozen=True)
class MatchSettings:
    """Confidence of each match type, and the strictness of the fuzzy and phrase matches."""

    exact_id: float = 1.0
    exact_alias: float = 0.9
    fuzzy: float = 0.7
    phrase: float = 0.5
    fuzzy_threshold: float = 92.0  # rapidfuzz token_sort_ratio, 0..100
    fuzzy_min_length: int = 5  # names shorter than this never match fuzzily
    phrase_min_length: int = 2  # names shorter than this never match as phrases

    def confidence(self, kind: MatchType) -> float:
        return float(getattr(self, kind.value))


@dataclass(frozen=True)
class SkillMatch:
    requirement: str  # requirement id
    claim: SkillClaim
    type: MatchType
    confidence: float
    skill: str  # the requirement member that matched (its label)
    matched: str  # the id or name that matched
    score: float | None = None  # fuzzy score, for the explanation
    name_source: str = ALIGNMENT_ID  # alignment_id | role_alias | esco_preferred | ...
    decides: bool = True  # False: a generic ESCO label, which only suggests the skill
    generic_reason: str = ""  # why the name is generic (curation), when it is
    name_language: str = "en"  # the language of the name that matched (synonym tables)
    language: str | None = None  # the detected language of the credential's text


@dataclass(frozen=True)
class _Name:
    source: str
    language: str = "en"
    generic: str = ""  # why generic; "" when the name decides
    text: str = ""  # the name as written (shown in explanations)
    phrase: bool = True  # may be found inside a text (every source but ESCO alt labels)
    title_only: bool = False  # an occupation's name: in a title, or after a cue


@dataclass(frozen=True)
class _Target:
    requirement: str
    skill: str
    skill_id: str | None
    names: dict[str, _Name]  # comparison key → where the name came from
    fuzzy_names: tuple[str, ...]
    phrases: tuple[tuple[Literal, str], ...]
    # names of another language, as stem-key patterns (stems.py), by language
    stemmed: dict[str, tuple[tuple[Literal, str], ...]] = field(default_factory=dict)
    # an occupation's names (data/onet_names.toml), found in a title or in the words right
    # after a cue in a description ("trained as", "opleiding tot")
    titles: tuple[tuple[Literal, str], ...] = ()
    # the occupation's fields, found in a title a few words after a qualification word
    # ("Diploma in Software Development"): (pattern, the field as written)
    fields: tuple[tuple[Literal, str], ...] = ()
    role: re.Pattern[str] | None = None  # words before a job's name that make it a subject
    # words that, before one of its O*NET names, make it another field: blanked out with
    # the two words after them before this target's names are looked for
    shadow: re.Pattern[str] | None = None
    # words that, anywhere in a title, make a qualification in one of `fields` another job's
    fields_not_with: re.Pattern[str] | None = None

    def __hash__(self) -> int:
        return id(self)


_Found = tuple[MatchType, float, str, str, float | None, _Name]


def match_claims(claims: Iterable[SkillClaim], role: Role,
                 settings: MatchSettings | None = None) -> list[SkillMatch]:
    """Every (claim, requirement) match, at most one per pair (the best type). `claims` are
    one credential's (its texts give the language and the programming context)."""
    settings = settings or MatchSettings()
    claims = list(claims)
    targets = _targets(role, settings)
    # the language the credential declares (OB 3.0 inLanguage) beats the detected one
    declared = next((c.language for c in claims if c.language), None)
    context, language = _credential_words(tuple(c.text for c in claims), declared)
    if language:  # a name that is a common word of this language never matches in it
        context = context | {lexicon.LANGUAGE_DOMAIN + language}
    matches = []
    for claim in claims:
        if claim.source in CONTEXT_SOURCES:
            continue  # read for the credential's context and language, never matched
        for requirement_id, group in targets:
            best = _best(claim, group, settings, context)
            if best is not None:
                kind, confidence, skill, matched, score, name = best
                matches.append(SkillMatch(
                    requirement_id, claim, kind, confidence, skill, matched, score,
                    name_source=name.source, decides=not name.generic,
                    generic_reason=name.generic, name_language=name.language,
                    language=language))
    return matches


@lru_cache(maxsize=4096)
def _credential_words(texts: tuple[str, ...], declared: str | None
                      ) -> tuple[frozenset[str], str | None]:
    """The fields a credential speaks of (programming, health, security ...) and its
    language, declared or detected (remembered: a pool repeats them). In German and Dutch
    a field's word also counts inside a compound ("Pflegefachkräfte" speaks of Pflege)."""
    language = declared or lexicon.detect_language(texts)
    return lexicon.context_domains(texts, compounds=language in COMPOUNDING), language


_BestKey = tuple[str | None, str, str, int, int, frozenset[str]]
_BEST_MEMO: dict[_BestKey, tuple[tuple[_Target, ...], MatchSettings, _Found | None]] = {}
_BEST_MEMO_SIZE = 65536


def _best(claim: SkillClaim, group: tuple[_Target, ...], settings: MatchSettings,
          context: frozenset[str]) -> _Found | None:
    # Keyed by the group's identity (hashing the compiled targets costs more than the match);
    # the entry holds the group, so an id can never be reused while the entry exists.
    memo = (claim.skill_id, claim.text, claim.source, id(group), id(settings), context)
    hit = _BEST_MEMO.get(memo)
    if hit is not None and hit[0] is group and hit[1] is settings:
        return hit[2]
    result = _best_for(claim.skill_id, claim.text, claim.source, group, settings, context)
    if len(_BEST_MEMO) >= _BEST_MEMO_SIZE:
        _BEST_MEMO.clear()
    _BEST_MEMO[memo] = (group, settings, result)
    return result


_ID_NAME = _Name(ALIGNMENT_ID)


def _shown(name: _Name, key: str) -> str:
    return name.text or key


def _phrase_text(text: str, source: str) -> str:
    """The words of a claim that phrases are looked for in: a title without its
    parenthesised part (an abbreviation, issuer, code or the programme the course belongs
    to: "Computing lab (nursing degree)" teaches computing, not nursing), a text without
    its audience ("For nurses and doctors: ...") and without what it negates or calls a
    prerequisite, plus the phrases its coordinated lists stand for ("data reading,
    cleaning and modelling" → "data cleaning")."""
    if source in TITLE_SOURCES:
        text = lexicon.without_parentheses(text)
    kept = lexicon.key(lexicon.affirmed(lexicon.without_audience(text)))
    return lexicon.with_coordinations(kept)


TITLE_SOURCES = frozenset({"name", "credential_name", "degree"})


def _best_for(skill_id: str | None, text: str, source: str, group: tuple[_Target, ...],
              settings: MatchSettings, context: frozenset[str]) -> _Found | None:
    """The best match of one claim's id and text; memoised because a pool repeats the
    same achievement names across many candidates (re-ranking 1,000 candidates)."""
    found: list[tuple[MatchType, str, str, float | None, _Name]] = []
    short = source in SHORT_SOURCES
    normal = lexicon.key(text)
    affirmed: str | None = None
    language = _language_of(context)
    for target in group:
        if skill_id and skill_id == target.skill_id:
            found.append((MatchType.EXACT_ID, target.skill, skill_id, None, _ID_NAME))
            continue
        name = target.names.get(normal) if short else None
        if name is not None and name.title_only and source not in TITLE_SOURCES:
            name = None  # an occupation's name in a tag is not a qualification's title
        if name is not None and lexicon.allowed(normal, context):
            found.append((MatchType.EXACT_ALIAS, target.skill, _shown(name, normal), None,
                          name))
            continue
        if short and target.fuzzy_names and len(normal) <= MAX_FUZZY_TEXT \
                and len(normal) >= settings.fuzzy_min_length:
            hit = process.extractOne(normal, target.fuzzy_names, scorer=fuzz.token_sort_ratio,
                                     score_cutoff=settings.fuzzy_threshold)
            if hit is not None and lexicon.allowed(hit[0], context):
                name = target.names[hit[0]]
                found.append((MatchType.FUZZY, target.skill, _shown(name, hit[0]),
                              float(hit[1]), name))
                continue
        if affirmed is None:
            affirmed = _phrase_text(text, source)
        words = affirmed if target.shadow is None else target.shadow.sub(" | ", affirmed)
        phrase = _phrase_in(target, words, context, text)
        if phrase is None and language is not None and language in target.stemmed:
            phrase = _stemmed_in(target, stems.stem_key(words, language), language, context)
        if phrase is not None:
            name = target.names[phrase]
            found.append((MatchType.PHRASE, target.skill, _shown(name, phrase), None, name))
        elif target.titles and (occupation := _occupation_in(
                target, text, source, context, language)) is not None:
            shown, name = occupation
            found.append((MatchType.PHRASE, target.skill, shown, None, name))
    if not found:
        return None
    # deciding names first, then the strongest type, then the strongest name source
    kind, skill, matched, score, name = min(found, key=lambda f: (
        bool(f[4].generic), MATCH_RANK[f[0]], SOURCE_RANK[f[4].source], f[1], f[2]))
    return kind, settings.confidence(kind), skill, matched, score, name


def _phrase_in(target: _Target, text: str, context: frozenset[str], raw: str) -> str | None:
    """The longest deciding name found in `text`, else the longest suggesting one. A work
    phrase that only suggests hides the names inside it ("AWS Lambda" suggests, its "AWS"
    does not decide) but not a name elsewhere in the text ("threat hunting ... SIEM").
    An acronym counts only in capitals in the credential's own words (`raw`): "ALS" is not
    German "als", and "ACLS" is not "ACLs" (access control lists), though their keys agree."""
    suggestion = None
    for pattern, name in target.phrases:  # longest first
        if pattern.search(text) and lexicon.allowed(name, context) \
                and _acronym_written(target.names[name].text, raw):
            if not target.names[name].generic:
                return name
            suggestion = suggestion or name
            text = pattern.sub(" | ", text)
    return suggestion


_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]{1,4}$")


def _acronym_written(name: str, raw: str) -> bool:
    """True unless `name` is an acronym (2–5 capitals) that `raw` does not write in
    capitals as a word of its own (a plural "s" allowed: "RNs")."""
    if not _ACRONYM.match(name):
        return True
    return re.search(rf"(?<![\w]){re.escape(name)}s?(?![\w])", raw) is not None


def _occupation_in(target: _Target, raw: str, source: str, context: frozenset[str],
                   language: str | None) -> tuple[str, _Name] | None:
    """An occupation named in a title, or in a description straight after a word that
    introduces what the qualification trains for (a course that merely mentions nurses
    does not train nurses), or a title naming a qualification in its field; compared word
    for word as written (`lexicon.plain`). The words shown and where they came from."""
    title = source in TITLE_SOURCES
    if title and _names_vendor_certification(raw):
        return None  # "Security Operations Analyst Associate" names the exam's product role
    text = _plain_text(_module_name(raw) if title else raw, title)
    # a description: only a name at most a few words after a cue that introduces it
    texts = (text,) if title else _after_cues(text)
    for pattern, key in target.titles:
        if any(_found(pattern, t, title, target.role) for t in texts) \
                and lexicon.allowed(key, context) and _in_its_language(key, language):
            return _shown(target.names[key], key), target.names[key]
    field_name = _field_in(target, text) if title else None
    if field_name is None:
        return None
    return f"a qualification in {field_name}", _Name(ONET_NAME, text=field_name)


# "<module> – <programme>": a dash with spaces around it, as course catalogues write it
_SEGMENTS = re.compile(r"\s+[–—-]\s+")
# a word of a subject's name (four letters or more, not a code or an acronym: "Tirocinio",
# "Farmacologia", not "ICT40120" or "GNM")
_SUBJECT_WORD = re.compile(r"(?<!\w)(?=[^\W\d_]*[^\W\d_A-Z])[^\W\d_]{4,}(?!\w)")


@lru_cache(maxsize=4096)
def _module_name(title: str) -> str:
    """A title's own words: a module named "<subject> – <programme>" ("Tirocinio 1 – Corso
    di Laurea in Infermieristica", "Farmacologia e Terapêutica – Licenciatura em
    Enfermagem") is a course of that programme, not the qualification, so only the subject
    is looked in for an occupation. The whole title stays when the part after the dash
    names no degree programme ("Formation cybersécurité – analyste SOC de niveau 2"), or
    the first part is a code ("ICT40120 – Bachelor of …") or itself names a qualification
    or an occupation's cue."""
    parts = _SEGMENTS.split(lexicon.without_parentheses(title), maxsplit=1)
    if len(parts) < 2 or not _SUBJECT_WORD.search(parts[0]):
        return title
    first, rest = lexicon.plain(parts[0]), lexicon.plain(parts[1])
    if not lexicon.programme_pattern().search(rest) \
            or lexicon.qualification_pattern().search(first) \
            or lexicon.occupation_cue_pattern().search(first):
        return title
    return parts[0]


_FIELD_WINDOW = 4  # words between a qualification word and the field ("Diploma IV in …")


def _field_in(target: _Target, title: str) -> str | None:
    """The occupation's field (as written in the data) at most four words after a
    qualification word ("New Zealand Diploma in Software Development"), or None."""
    if not target.fields or (target.fields_not_with is not None
                             and target.fields_not_with.search(title)):
        return None
    for qualification in lexicon.qualification_pattern().finditer(title):
        after = " ".join(title[qualification.end():].split()
                         [: _FIELD_WINDOW + lexicon.longest_onet_name()])
        for pattern, field_name in target.fields:
            found = pattern.search(after)
            if found is not None and len(after[: found.start()].split()) <= _FIELD_WINDOW:
                return field_name
    return None


def _found(pattern: Literal, text: str, anywhere: bool,
           role: re.Pattern[str] | None) -> bool:
    """The name in `text` (a title: anywhere; the words after a cue: within the window),
    not right after words that make the title about the job's role ("the role of the")."""
    for found in pattern.finditer(text):
        if not anywhere and len(text[: found.start()].split()) > _CUE_WINDOW:
            return False
        if role is None or role.search(text[: found.start()]) is None:
            return True
    return False


@lru_cache(maxsize=8)
def _role_pattern(role_words: tuple[str, ...]) -> re.Pattern[str] | None:
    """Words that end right before a job's name when a title is about the job's role (one
    pattern for every name: a lookbehind per word and name cost a re-rank 0.17 s)."""
    if not role_words:
        return None
    alternatives = "|".join(re.escape(w) + ("" if w.endswith("'") else r"\s")
                            for w in sorted(role_words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})$")


_CUE_WINDOW = 3  # words between a cue and the occupation's name ("opleiding tot de …")


@lru_cache(maxsize=4096)
def _after_cues(text: str) -> tuple[str, ...]:
    """The words right after each cue that introduces an occupation ("trained as",
    "opleiding tot", "Ocupaciones:"), enough for a name a few words on."""
    out = []
    for cue in lexicon.occupation_cue_pattern().finditer(text):
        words = text[cue.end():].split()[: _CUE_WINDOW + lexicon.longest_onet_name()]
        out.append(" ".join(words))
    return tuple(out)


def _in_its_language(name_key: str, language: str | None) -> bool:
    """A one-word occupation name counts only in a credential written in a language that
    lists it: "programmer" is an English job and a French verb ("Programmer et automatiser
    …"); "programmeur" is French and Dutch."""
    return " " in name_key or language is None \
        or language in lexicon.onet_name_languages().get(name_key, frozenset())


@lru_cache(maxsize=4096)
def _plain_text(text: str, title: bool) -> str:
    """A claim's words as written, without what it negates, its audience and (a title) its
    parenthesised part."""
    if title:
        text = lexicon.without_parentheses(text)
    return lexicon.plain(lexicon.affirmed(lexicon.without_audience(text)))


_VENDOR_WORD = re.compile(r"(?<!\w)certified(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _names_vendor_certification(title: str) -> bool:
    """Whether a title names a vendor's certification — a catalogued one (not a licence:
    "NCLEX-RN" is one) or one called "Certified …" ("Oracle Certified Associate, Java SE 8
    Programmer") — whose job words name the exam's product role, not an occupation."""
    return bool(_VENDOR_WORD.search(title)) or any(
        hit.certification.kind == "certification" for hit in recognise(title))


def _language_of(context: frozenset[str]) -> str | None:
    return next((d[len(lexicon.LANGUAGE_DOMAIN):] for d in context
                 if d.startswith(lexicon.LANGUAGE_DOMAIN)), None)


def _stemmed_in(target: _Target, stemmed: str, language: str,
                context: frozenset[str]) -> str | None:
    """A deciding name of the credential's language found in its stem-keyed text (another
    form of the same words: "ferite"/"ferita", "leczenia"/"leczenie", "seguridad en/de
    redes", a compound's head)."""
    for pattern, name in target.stemmed[language]:
        if pattern.search(stemmed) and lexicon.allowed(name, context) \
                and not target.names[name].generic:
            return name
    return None


def _stem_patterns(names: dict[str, _Name], phrase_names: list[str]
                   ) -> dict[str, tuple[tuple[Literal, str], ...]]:
    by_language: dict[str, list[tuple[Literal, str]]] = {}
    for k in phrase_names:
        language = names[k].language
        pattern = stems.stem_pattern(k, language) if not names[k].generic else None
        if pattern is not None:
            by_language.setdefault(language, []).append((pattern, k))
    return {lang: tuple(found) for lang, found in by_language.items()}


def _targets(role: Role, settings: MatchSettings) -> tuple[tuple[str, tuple[_Target, ...]], ...]:
    return _compiled(role, settings)


@lru_cache(maxsize=64)
def _compiled(role: Role, settings: MatchSettings
              ) -> tuple[tuple[str, tuple[_Target, ...]], ...]:
    return tuple((req.id, tuple(_member_targets(req, settings))) for req in role.requirements)


def skill_names(req: Requirement, member: SkillRef) -> dict[str, _Name]:
    """Every name of one acceptable skill, by comparison key, with where it came from (the
    strongest source wins when two give the same name; one that may be found inside a text
    stays so whichever source wins, so an ESCO label never hides the same synonym)."""
    taxonomy = esco()
    names: dict[str, _Name] = {}

    def add(text: str, name: _Name) -> None:
        k = lexicon.key(text)
        if not k:
            return
        name = replace(name, text=text, phrase=name.source != ESCO_ALTERNATIVE)
        old = names.get(k)
        if old is None or (bool(old.generic), SOURCE_RANK[old.source]) > \
                (bool(name.generic), SOURCE_RANK[name.source]):
            names[k] = replace(name, phrase=name.phrase or (old is not None and old.phrase))
        elif name.phrase and not old.phrase and not name.generic:
            names[k] = replace(old, phrase=True)

    skill = taxonomy.get(member.id) if member.id else None
    # the member's label is the role's own name unless it was taken from ESCO
    aliases = [*req.aliases, *member.aliases]
    if len(req.skills) == 1 and (skill is None or req.label != skill.label):
        aliases.append(req.label)  # a single skill's requirement label names that skill
    own = [member.label] if member.custom_label or skill is None else []
    for text in (*own, *aliases):
        add(text, _Name(ROLE_ALIAS))
    if skill is not None:
        add(skill.label, _Name(ESCO_PREFERRED))
        for alt in skill.alt_labels:
            why = lexicon.generic_reason(alt, skill, taxonomy)
            add(alt, _Name(ESCO_ALTERNATIVE, generic=why or ""))
    # an alias that is ESCO's name of another skill is accepted as it stands, but its
    # synonyms belong to that other skill ('cloud computing' on *cloud architecture*)
    mine = {lexicon.key(t) for t in (member.label, *(skill.labels if skill else ()))}
    foreign = {lexicon.key(a) for a in aliases if lexicon.key(a) not in mine
               and _names_other_skill(a, member.id, taxonomy)}
    expands = [k for k, n in names.items() if not n.generic and k not in foreign]
    synonyms, implied = lexicon.synonyms_by_canonical(), lexicon.implied_by_canonical()
    for k in expands:
        for variant, language in synonyms.get(k, ()):
            add(variant, _Name(SYNONYM, language=language))
    for k in expands:
        for phrase, why in implied.get(k, ()):
            add(phrase, _Name(IMPLIED, generic=f"implied by the work phrase '{phrase}': {why}"))
    onet = lexicon.onet_names().get(member.id or "")
    if onet is not None:
        for text, language in onet.names:
            add(text, _Name(ONET_NAME, language=language, title_only=onet.title_only))
    return names


def _names_other_skill(text: str, member_id: str | None, taxonomy: Taxonomy) -> bool:
    """Whether `text` decisively names an ESCO skill other than `member_id` (its preferred
    label, or an alternative label that is not generic)."""
    k = lexicon.key(text)
    for uri in taxonomy.uris_for_label(text):
        other = taxonomy.get(uri)
        if uri == member_id or other is None:
            continue
        if lexicon.key(other.label) == k or lexicon.generic_reason(text, other, taxonomy) is None:
            return True
    return False


def _member_targets(req: Requirement, settings: MatchSettings) -> Iterable[_Target]:
    for member in req.skills:
        names = skill_names(req, member)
        # phrases: every name but the ESCO alternative labels (written for people browsing
        # ESCO, not words a course uses), longest first
        phrase_names = sorted((k for k, n in names.items() if n.phrase and not n.title_only),
                              key=lambda k: (-len(k), k))
        titles = sorted((k for k, n in names.items() if n.title_only),
                        key=lambda k: (-len(k), k))
        written = {k: lexicon.plain(names[k].text) for k in titles}
        onet = lexicon.onet_names().get(member.id or "")
        after = onet.not_before if onet else ()
        before = onet.role_words if onet else ()
        yield _Target(
            requirement=req.id,
            skill=member.label,
            skill_id=member.id,
            names=names,
            fuzzy_names=tuple(sorted(k for k, n in names.items()
                                     if len(k) >= settings.fuzzy_min_length
                                     and not lexicon.is_short_name(k) and not n.title_only)),
            phrases=tuple((lexicon.name_pattern(k), k) for k in phrase_names
                          if len(k) >= settings.phrase_min_length
                          or lexicon.is_short_name(k)),
            stemmed=_stem_patterns(names, phrase_names),
            titles=tuple((_whole_words(written[k], after), k) for k in titles),
            role=_role_pattern(before),
            fields=tuple((_whole_words(lexicon.plain(f)), f)
                         for f, _ in sorted(onet.fields if onet else (),
                                            key=lambda f: -len(f[0]))),  # longest first
            shadow=_shadow(onet.not_after) if onet and onet.not_after else None,
            fields_not_with=_any_word(onet.fields_not_with) if onet else None,
        )


def _any_word(words: tuple[str, ...]) -> re.Pattern[str] | None:
    if not words:
        return None
    return re.compile("|".join(_whole(w) for w in sorted(words, key=len, reverse=True)))


def _shadow(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?:\s+[\w+#'-]+){{1,2}}")


def _whole(words: str) -> str:
    return rf"(?<![\w#+]){re.escape(words)}(?![\w#+])"


def _whole_words(name: str, not_before: tuple[str, ...] = ()) -> Literal:
    """An occupation's name or field (`lexicon.plain`) as whole words, not followed by a
    word that makes it an adjective or another job ("verpleegkundige zorg", "enfermero
    auxiliar")."""
    return Literal(name, _whole(name) + _not_before(not_before))


def _not_before(words: tuple[str, ...]) -> str:
    if not words:
        return ""
    return r"(?!\W+(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) \
        + r")(?!\w))"
