"""Learned suggestions (issue 26): what the wording of a whole credential suggests.

The curated matcher finds a skill only where a name it knows is written. Credentials often
teach a skill in words no table lists ("rilevamento dei parametri vitali", "hardening
servers against intrusions"). A linear classifier per skill concept, trained on the
labelled evaluation sets (benchmarks/train_learned_matcher.py), reads the credential's
words — every claim's text, each word lemmatised (English) or stemmed in the credential's
language, as single words and pairs of words — and gives the probability that a recruiter
would say the credential evidences the concept.

Above the model's threshold, the concept's skills are *suggested* at LEARNED_CONFIDENCE,
below the scoring model's met threshold: a learned match adds points but never meets a
requirement alone, and the explanation names the words that weighed most for it. Everything
the credential's kind of proof does to other evidence (an attended course only suggests)
applies to it too. The model is data (`data/learned.json`, its training sets named in it);
this module only reads it, so the product needs no machine-learning library.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from screening.matching.skills import lexicon, stems
from screening.matching.skills.extract import SkillClaim
from screening.matching.skills.match import MatchSettings, MatchType, SkillMatch
from screening.matching.skills.taxonomy import normalise_text

if TYPE_CHECKING:
    from screening.matching.roles import Role

LEARNED = "learned"  # the name source of these matches
LEARNED_CONFIDENCE = 0.4  # documented in docs/scoring.md: below the met threshold (0.5)
SHOWN_WORDS = 3  # words named in the explanation
_DATA_FILE = "learned.json"
_TOKEN = re.compile(r"[\w#+]+(?:\.[\w#+]+)*")
_BIGRAM = " "  # joins the two words of a pair feature


@dataclass(frozen=True)
class Concept:
    """One classifier: the skills it suggests (requirement members' ids or labels)."""

    name: str
    label: str  # said in the explanation ("reads like credentials that teach <label>")
    skills: frozenset[str]
    intercept: float
    weights: dict[str, float]


@dataclass(frozen=True)
class Model:
    threshold: float  # probability above which a concept is suggested
    idf: dict[str, float]  # every feature of the vocabulary
    concepts: tuple[Concept, ...]
    trained_on: tuple[str, ...]  # the labelled sets (benchmarks/data/README.md)
    digest: str = ""  # SHA-256 of the data file it was read from


@dataclass(frozen=True)
class Suggestion:
    concept: Concept
    probability: float
    words: tuple[str, ...]  # as written in the credential, heaviest first


def load(text: str) -> Model:
    data = json.loads(text)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    concepts = tuple(Concept(
        name=str(c["name"]), label=str(c["label"]),
        skills=frozenset(str(s).lower() for s in c["skills"]),
        intercept=float(c["intercept"]),
        weights={str(k): float(v) for k, v in c["weights"].items()})
        for c in data["concepts"])
    return Model(threshold=float(data["threshold"]),
                 idf={str(k): float(v) for k, v in data["idf"].items()},
                 concepts=concepts, trained_on=tuple(data["trained_on"]), digest=digest)


@lru_cache(maxsize=1)
def model() -> Model:
    files = resources.files("screening.matching.skills") / "data" / _DATA_FILE
    return load(files.read_text(encoding="utf-8"))


# -- features ---------------------------------------------------------------------------

def words(text: str, language: str | None) -> list[tuple[str, str]]:
    """(feature word, word as written) for each word of `text`: English words lemmatised,
    other languages' words stemmed (their articles and prepositions dropped)."""
    out = []
    for match in _TOKEN.finditer(normalise_text(text)):
        written = match.group()
        word = lexicon.fold(written)
        if language in stems.STEMMERS:
            word = stems.stem_word(word, language)
        else:
            word = lexicon.lemma(word)
        if word:
            out.append((word, written))
    return out


def features(texts: Iterable[str], language: str | None) -> Counter[str]:
    """Counts of the single words and adjacent pairs of words of every text."""
    return _read(texts, language)[0]


def _read(texts: Iterable[str], language: str | None) -> tuple[Counter[str], dict[str, str]]:
    """Each text's words read once: the features' counts, and each feature as the credential
    first writes it (for the explanation)."""
    counts: Counter[str] = Counter()
    written: dict[str, str] = {}
    for text in texts:
        pairs = words(text, language)
        for word, original in pairs:
            counts[word] += 1
            written.setdefault(word, original)
        for (a, wa), (b, wb) in pairwise(pairs):
            counts[a + _BIGRAM + b] += 1
            written.setdefault(a + _BIGRAM + b, f"{wa} {wb}")
    return counts, written


def vector(counts: Counter[str], idf: dict[str, float]) -> dict[str, float]:
    """Sublinear tf × idf over the model's vocabulary, L2-normalised (as trained)."""
    raw = {f: (1.0 + math.log(n)) * idf[f] for f, n in counts.items() if f in idf}
    norm = math.sqrt(sum(v * v for v in raw.values()))
    return {f: v / norm for f, v in raw.items()} if norm else {}


def claim_texts(claims: Sequence[SkillClaim]) -> tuple[list[str], str | None]:
    """The texts a credential's claims hold (each once) and the credential's language."""
    texts = list(dict.fromkeys(c.text for c in claims if c.text))
    declared = next((c.language for c in claims if c.language), None)
    language = (declared or "").split("-")[0].lower() or lexicon.detect_language(texts)
    return texts, language


# -- predictions ------------------------------------------------------------------------

_MEMO: dict[tuple[int, tuple[SkillClaim, ...]], tuple[Model, list[Suggestion]]] = {}
_MEMO_SIZE = 20_000  # credentials; a re-rank against another role reads them all again


def suggestions(claims: Sequence[SkillClaim], learned: Model | None = None) -> list[Suggestion]:
    """The concepts whose probability is above the model's threshold, most likely first
    (remembered per credential and model: they do not depend on the role)."""
    learned = learned or model()
    key = (id(learned), tuple(claims))
    remembered = _MEMO.get(key)
    if remembered is not None and remembered[0] is learned:
        return list(remembered[1])
    found = _suggestions(claims, learned)
    if len(_MEMO) >= _MEMO_SIZE:
        _MEMO.clear()
    _MEMO[key] = (learned, found)
    return list(found)


def _suggestions(claims: Sequence[SkillClaim], learned: Model) -> list[Suggestion]:
    counts, written = _read(*claim_texts(claims))
    x = vector(counts, learned.idf)
    if not x:
        return []
    out = []
    for concept in learned.concepts:
        parts = {f: v * concept.weights[f] for f, v in x.items() if f in concept.weights}
        probability = _sigmoid(concept.intercept + sum(parts.values()))
        if probability > learned.threshold:
            out.append(Suggestion(concept, probability, _shown(parts, written)))
    return sorted(out, key=lambda s: (-s.probability, s.concept.name))


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0


def _shown(parts: dict[str, float], written: dict[str, str]) -> tuple[str, ...]:
    """The features that weighed most for a concept, as the credential writes them."""
    heaviest = sorted((f for f, v in parts.items() if v > 0), key=lambda f: (-parts[f], f))
    shown: list[str] = []
    for feature in heaviest:
        text = written.get(feature, feature)
        if not any(text in s or s in text for s in shown):
            shown.append(text)
        if len(shown) == SHOWN_WORDS:
            break
    return tuple(shown)


def learned_matches(claims: Sequence[SkillClaim], role: Role,
                    settings: MatchSettings | None = None,
                    learned: Model | None = None) -> list[SkillMatch]:
    """Suggested matches for the requirements one of whose acceptable skills a concept the
    credential's wording suggests stands for (one per concept and requirement)."""
    del settings  # fixed on purpose: a suggestion, whatever the settings
    found = suggestions(claims, learned)
    if not found:
        return []
    claim = _cited(claims)
    out: list[SkillMatch] = []
    for suggestion in found:
        concept = suggestion.concept
        words_ = ", ".join(f"“{w}”" for w in suggestion.words)
        for requirement in role.requirements:
            member = next((m for m in requirement.skills
                           if (m.id or "").lower() in concept.skills
                           or m.label.lower() in concept.skills), None)
            if member is not None:
                out.append(SkillMatch(
                    requirement.id, claim, MatchType.PHRASE, LEARNED_CONFIDENCE, member.label,
                    f"its wording reads like credentials that teach {concept.label} "
                    f"({suggestion.probability:.0%}; words: {words_})",
                    name_source=LEARNED, language=claim.language))
    return out


def _cited(claims: Sequence[SkillClaim]) -> SkillClaim:
    """The claim a learned match cites: the description when there is one (the words are
    read across the whole credential)."""
    for source in ("description", "name", "credential_name"):
        claim = next((c for c in claims if c.source == source), None)
        if claim is not None:
            return claim
    return claims[0]


def as_dict(model_: Model) -> dict[str, Any]:
    """A model as its data file holds it."""
    return {"threshold": model_.threshold, "trained_on": list(model_.trained_on),
            "idf": model_.idf,
            "concepts": [{"name": c.name, "label": c.label, "skills": sorted(c.skills),
                          "intercept": c.intercept, "weights": c.weights}
                         for c in model_.concepts]}
