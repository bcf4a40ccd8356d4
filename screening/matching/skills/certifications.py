"""The certification catalogue (`data/certifications.toml`): widely held certifications and
professional licences, the ESCO skills each evidences (mapped from the issuer's published
exam objectives, cited per entry), and recognising them in a credential's words.

A certification is recognised by its official name (case-, accent- and punctuation-
insensitive, whole words), an abbreviation (whole token, case-sensitive: "CISSP", "CKA") or
an exam code (whole token: "SY0-701", "AZ-500"). In long texts (descriptions, criteria) a
mention that the text negates or calls a prerequisite, or that sits in a sentence about
preparing for the exam, is not recognised: a prep course is not the certification.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from screening.matching.skills import lexicon
from screening.matching.skills.taxonomy import Taxonomy, normalise_id, onet_code

_DATA_FILE = "certifications.toml"
KINDS = ("certification", "licence")
# A sentence that prepares for an exam does not evidence passing it (en, de, fr, es, it,
# pt, nl, pl).
_PREPARING = re.compile(
    r"\b(prepar\w*|prep|towards|vorbereit\w*|preparacao|preparazione|voorbereid\w*|"
    r"przygotow\w*|study guide|practice (?:test|exam)s?|exam dumps?)\b")
_SENTENCE = re.compile(r"[^.;!?\n]+")
_MIN_NAME_WORDS = 2
_ONET_SOC_ID = re.compile(r"^onet:\d{2}-\d{4}\.\d{2}$")


@dataclass(frozen=True)
class Certification:
    id: str
    name: str
    abbreviations: tuple[str, ...]
    exam_codes: tuple[str, ...]
    issuer: str
    level: str
    kind: str
    skills: tuple[str, ...]  # normalised ESCO URIs
    source: str  # where the mapping was taken from (published exam objectives)
    # skills the exam covers as one objective inside a broader domain: suggested, never
    # decided (an entry-level exam with one IAM objective is no proof of IAM)
    suggests: tuple[str, ...] = ()
    # O*NET-SOC occupations a licence qualifies for (`onet:29-1141.00`): NCLEX-RN is the
    # registered nurse's licensure examination
    occupations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Recognised:
    certification: Certification
    by: str  # name | abbreviation | exam code
    matched: str  # the words that were recognised


def load(text: str) -> tuple[Certification, ...]:
    """Certifications from the catalogue's TOML text (shape errors raise ValueError)."""
    data = tomllib.loads(text)
    entries = data.get("certification")
    if not isinstance(entries, list):
        raise ValueError("the catalogue has no [[certification]] entries")
    return tuple(_entry(entry) for entry in entries)


def _entry(entry: Any) -> Certification:
    if not isinstance(entry, dict):
        raise ValueError("a certification entry is not a table")
    strings = {k: entry.get(k) for k in ("id", "name", "issuer", "level", "kind", "source")}
    for key, value in strings.items():
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"certification {entry.get('id')!r}: {key} is missing")
    if strings["kind"] not in KINDS:
        raise ValueError(f"certification {strings['id']!r}: kind must be one of {KINDS}")
    lists = {k: entry.get(k, []) for k in ("abbreviations", "exam_codes", "skills",
                                           "suggests", "occupations")}
    for key, value in lists.items():
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise ValueError(f"certification {strings['id']!r}: {key} must list strings")
    skills = tuple(normalise_id(s) or s for s in lists["skills"])
    if not skills:
        raise ValueError(f"certification {strings['id']!r} evidences no skill")
    return Certification(
        id=str(strings["id"]), name=str(strings["name"]),
        abbreviations=tuple(lists["abbreviations"]), exam_codes=tuple(lists["exam_codes"]),
        issuer=str(strings["issuer"]), level=str(strings["level"]), kind=str(strings["kind"]),
        skills=skills, source=str(strings["source"]),
        suggests=tuple(normalise_id(s) or s for s in lists["suggests"]),
        occupations=tuple(onet_code(c) or c for c in lists["occupations"]))


@lru_cache(maxsize=1)
def catalogue() -> tuple[Certification, ...]:
    """The bundled catalogue (read once)."""
    files = resources.files("screening.matching.skills") / "data" / _DATA_FILE
    return load(files.read_text(encoding="utf-8"))


def problems(certifications: Iterable[Certification], taxonomy: Taxonomy) -> list[str]:
    """What is wrong with a catalogue: skills not in the bundled taxonomy, entries without
    an http(s) source, ids, names, abbreviations or exam codes that name two entries."""
    found: list[str] = []
    owners: dict[tuple[str, str], str] = {}
    for cert in certifications:
        found += [f"{cert.id}: {uri} is not in the bundled ESCO taxonomy"
                  for uri in (*cert.skills, *cert.suggests) if uri not in taxonomy]
        found += [f"{cert.id}: {uri} is both evidenced and suggested"
                  for uri in set(cert.skills) & set(cert.suggests)]
        found += [f"{cert.id}: {code} is not an O*NET-SOC occupation code"
                  for code in cert.occupations if not _ONET_SOC_ID.match(code)]
        if not cert.source.startswith(("https://", "http://")):
            found.append(f"{cert.id}: no source URL")
        keys = [("id", cert.id), *(("name", n) for n in name_forms(cert)),
                *(("abbreviation", a) for a in cert.abbreviations),
                *(("exam code", c.casefold()) for c in cert.exam_codes)]
        for key in dict.fromkeys(keys):
            owner = owners.setdefault(key, cert.id)
            if owner != cert.id:
                found.append(f"{key[0]} {key[1]!r} names both {owner} and {cert.id}")
    return found


def _plain(text: str) -> str:
    """Accent- and case-folded words (letters, digits, + and #), single-spaced."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w+#]+", " ", folded).split())


def name_forms(cert: Certification) -> tuple[str, ...]:
    """The plain forms of a certification's name that recognise it: the official name,
    without a parenthesised part, the part after a "Vendor Certified:" prefix (after another
    prefix only when it is three words or more: "SnowPro Advanced: Data Analyst" is not
    named by "data analyst"), and the name
    without the word "certified" when it keeps its vendor first ("AWS Solutions Architect
    Associate")."""
    forms = [cert.name, re.sub(r"\([^)]*\)", " ", cert.name)]
    if ":" in cert.name:
        prefix, rest = cert.name.split(":", 1)
        # after "Vendor Certified:" the rest is the vendor's own title; after another
        # prefix ("SnowPro Advanced: Data Analyst") a short rest is a job title, not a name
        if _plain(prefix).endswith("certified") or len(_plain(rest).split()) >= 3:
            forms.append(rest)
    plain = [_plain(f) for f in forms]
    words = plain[1].split()
    if len(words) >= 4 and words[0] != "certified" and "certified" in words:
        plain.append(" ".join(w for w in words if w != "certified"))
    return tuple(dict.fromkeys(p for p in plain if len(p.split()) >= _MIN_NAME_WORDS))


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], dict[str, Certification],
                         re.Pattern[str] | None, dict[str, tuple[str, Certification]]]:
    names: dict[str, Certification] = {}
    tokens: dict[str, tuple[str, Certification]] = {}
    for cert in catalogue():
        for form in name_forms(cert):
            names.setdefault(form, cert)
        for abbreviation in cert.abbreviations:
            tokens.setdefault(abbreviation, ("abbreviation", cert))
        for code in cert.exam_codes:
            tokens.setdefault(code.casefold(), ("exam code", cert))
    ordered = sorted(names, key=lambda n: (-len(n), n))
    name_re = re.compile(r"(?<![\w+#])(" + "|".join(map(re.escape, ordered)) + r")(?![\w+#])")
    token_list = sorted(tokens, key=lambda t: (-len(t), t))
    token_re = re.compile(r"(?<![\w+#/-])(" + "|".join(map(re.escape, token_list))
                          + r")(?![\w+#]|-\w)", re.IGNORECASE) if token_list else None
    return name_re, names, token_re, tokens


@lru_cache(maxsize=65536)  # a pool repeats the same titles and descriptions
def recognise(text: str, *, long: bool = False) -> tuple[Recognised, ...]:
    """The catalogue's certifications a text names (each once, in order of appearance).
    `long`: a description or criteria text, where negated, prerequisite and exam-preparation
    mentions are left out."""
    if not text:
        return ()
    found: dict[str, Recognised] = {}
    for sentence in _sentences(text, long):
        for hit in _in_sentence(sentence):
            found.setdefault(hit.certification.id, hit)
    return tuple(found.values())


def _sentences(text: str, long: bool) -> Iterator[str]:
    if not long:
        yield text
        return
    kept = lexicon.affirmed(text)  # accent- and case-folded, negations/prerequisites removed
    for part in _SENTENCE.findall(text):
        plain = _plain(part)
        if plain and plain in _plain(kept) and not _PREPARING.search(plain):
            yield part


def _in_sentence(sentence: str) -> Iterator[Recognised]:
    name_re, names, token_re, tokens = _patterns()
    for match in name_re.finditer(_plain(sentence)):
        yield Recognised(names[match.group(1)], "name", match.group(1))
    if token_re is None:
        return
    for match in token_re.finditer(sentence):
        word = match.group(1)
        hit = tokens.get(word) or tokens.get(word.casefold())
        if hit is None or (hit[0] == "abbreviation" and word not in tokens):
            continue  # abbreviations are case-sensitive
        yield Recognised(hit[1], hit[0], word)
