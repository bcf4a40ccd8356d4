"""The bundled ESCO v1.1.1 skill list and the identifier/text normalisation shared by roles,
extraction and matching.

Skill identifiers are normalised to one spelling so they can be compared exactly:
ESCO skills as `http://data.europa.eu/esco/skill/<uuid>` (http, lower case, no trailing
slash), O*NET codes as `onet:<code>`, other URLs as written (minus a trailing slash).
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

ESCO_SKILL = "http://data.europa.eu/esco/skill/"
ESCO_VERSION = "1.1.1"
_DATA_FILE = "esco-skills.tsv.gz"

_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_ESCO_URI = re.compile(rf"^https?://data\.europa\.eu/esco/skill/({_UUID})/*$", re.IGNORECASE)
_BARE_UUID = re.compile(rf"^({_UUID})$")
# O*NET-SOC occupation codes (15-2051.00) and content-model element ids (2.B.3.e).
_ONET_SOC = re.compile(r"^(\d{2}-\d{4})(\.\d{2})?$")
_ONET_ELEMENT = re.compile(r"^\d(\.[A-Za-z0-9]{1,3}){1,6}$")
# O*NET OnLine and O*NET Web Services URLs: occupations (…/link/summary/15-2051.00,
# …/ws/online/occupations/15-2051.00) and content-model descriptors
# (…/find/descriptor/result/2.A.1.e, …/ws/online/descriptors/2.A.1.e).
_ONET_URL = re.compile(r"^https?://(?:www\.|services\.)?onet(?:online|center)\.org/")
_ONET_URL_SOC = re.compile(r"/(\d{2}-\d{4}(?:\.\d{2})?)(?=[/?#]|$)")
_ONET_URL_ELEMENT = re.compile(r"/(\d(?:\.[A-Za-z0-9]{1,3}){1,6})(?=[/?#]|$)")
# Names of the O*NET content-model descriptors the product is most often shown (skills,
# knowledge); others are described by their id.
ONET_DESCRIPTORS = {
    "2.A.1.a": "Reading Comprehension", "2.A.1.b": "Active Listening", "2.A.1.c": "Writing",
    "2.A.1.d": "Speaking", "2.A.1.e": "Mathematics", "2.A.1.f": "Science",
    "2.A.2.a": "Critical Thinking", "2.A.2.b": "Active Learning",
    "2.A.2.c": "Learning Strategies", "2.A.2.d": "Monitoring",
    "2.B.1.a": "Social Perceptiveness", "2.B.1.b": "Coordination", "2.B.1.c": "Persuasion",
    "2.B.1.d": "Negotiation", "2.B.1.e": "Instructing", "2.B.1.f": "Service Orientation",
    "2.B.2.i": "Complex Problem Solving", "2.B.3.a": "Operations Analysis",
    "2.B.3.b": "Technology Design", "2.B.3.e": "Programming",
    "2.B.3.k": "Troubleshooting", "2.B.3.m": "Quality Control Analysis",
    "2.B.4.e": "Judgment and Decision Making", "2.B.4.g": "Systems Analysis",
    "2.B.4.h": "Systems Evaluation", "2.C.3.a": "Computers and Electronics",
    "2.C.4.a": "Mathematics (knowledge)", "2.C.5.a": "Medicine and Dentistry",
    "2.C.8.a": "Public Safety and Security",
}
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


@dataclass(frozen=True)
class EscoSkill:
    uri: str
    label: str
    alt_labels: tuple[str, ...]
    branches: str  # S skills, K knowledge, T transversal, L language, A attitudes

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.alt_labels)


class Taxonomy:
    """ESCO skills by URI, and an index of every (normalised) label to the skills using it."""

    def __init__(self, skills: Iterable[EscoSkill]):
        self._skills: dict[str, EscoSkill] = {s.uri: s for s in skills}
        self._by_label: dict[str, tuple[str, ...]] | None = None

    def __len__(self) -> int:
        return len(self._skills)

    def skills(self) -> Iterator[EscoSkill]:
        return iter(self._skills.values())

    def __contains__(self, uri: object) -> bool:
        return isinstance(uri, str) and esco_uri(uri) in self._skills

    def get(self, uri: str) -> EscoSkill | None:
        normal = esco_uri(uri)
        return self._skills.get(normal) if normal else None

    def uris_for_label(self, text: str) -> tuple[str, ...]:
        """ESCO skills whose preferred or alternative label equals `text` (normalised)."""
        if self._by_label is None:  # built on first use: most runs never need it
            index: dict[str, list[str]] = {}
            for skill in self._skills.values():
                for label in skill.labels:
                    uris = index.setdefault(normalise_text(label), [])
                    if skill.uri not in uris:
                        uris.append(skill.uri)
            self._by_label = {k: tuple(sorted(v)) for k, v in index.items()}
        return self._by_label.get(normalise_text(text), ())

    def is_ambiguous(self, label: str) -> bool:
        """True when a label names several ESCO skills (so it cannot identify one)."""
        return len(self.uris_for_label(label)) > 1


@lru_cache(maxsize=1)
def esco() -> Taxonomy:
    """The bundled ESCO v1.1.1 skills, read once per process (about 0.1 s)."""
    raw = resources.files("screening.matching.skills").joinpath("data", _DATA_FILE).read_bytes()
    return Taxonomy(parse_tsv(gzip.decompress(raw).decode("utf-8").splitlines()))


def parse_tsv(lines: Iterable[str]) -> list[EscoSkill]:
    skills = []
    for line in lines:
        parts = line.split("\t")
        if len(parts) != 4 or parts[0] == "uuid":
            continue
        uuid, label, alts, branches = parts
        skills.append(EscoSkill(ESCO_SKILL + uuid, label,
                                tuple(a for a in alts.split("|") if a), branches))
    return skills


def esco_uri(value: str) -> str | None:
    """The canonical ESCO skill URI for an http(s) ESCO skill URI, else None."""
    match = _ESCO_URI.match(value.strip()) if isinstance(value, str) else None
    return ESCO_SKILL + match.group(1).lower() if match else None


def onet_code(value: str) -> str | None:
    """`onet:<code>` for an O*NET-SOC code, O*NET element id, or O*NET URL; else None."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    lowered = text.lower()
    for prefix in ("onet:", "o*net:", "onet-soc:", "o*net-soc:"):
        if lowered.startswith(prefix):
            text = text[len(prefix):].strip()
            break
    soc = _ONET_SOC.match(text)
    if soc:
        return f"onet:{soc.group(1)}{soc.group(2) or '.00'}"
    if _ONET_ELEMENT.match(text):
        return f"onet:{text.upper()}"
    if _ONET_URL.match(text):
        path = text.split("://", 1)[1]
        if soc_in_url := _ONET_URL_SOC.search(path):
            return onet_code(soc_in_url.group(1))
        if element := _ONET_URL_ELEMENT.search(path):
            return f"onet:{element.group(1).upper()}"
    return None


def normalise_id(value: object, framework: object = None) -> str | None:
    """A comparable skill id for an alignment target (URL or code), or None.

    `framework` (an alignment's targetFramework) lets bare codes be read: a UUID in the ESCO
    framework is an ESCO skill; a code in the O*NET framework is an O*NET code.
    """
    if not isinstance(value, str) or not value.strip() or len(value) > 500:
        return None
    text = value.strip()
    if uri := esco_uri(text):
        return uri
    frame = framework.casefold() if isinstance(framework, str) else ""
    if "esco" in frame and (bare := _BARE_UUID.match(text)):
        return ESCO_SKILL + bare.group(1).lower()
    if ("o*net" in frame or "onet" in frame or text.lower().startswith(("onet", "o*net"))
            or _ONET_URL.match(text)) and (code := onet_code(text)):
        return code
    if _URL.match(text):
        return text.rstrip("/")
    return None


_SEPARATORS = re.compile(r"[\s\-_/]+")
_EDGE_PUNCTUATION = " .,;:!?\"'()[]{}"


def normalise_text(text: str) -> str:
    """Case-folded, Unicode-normalised text with hyphens/slashes/underscores as spaces."""
    folded = (text if text.isascii() else unicodedata.normalize("NFKC", text)).casefold()
    return _SEPARATORS.sub(" ", folded).strip(_EDGE_PUNCTUATION)


def labels_for(skill_id: str | None, taxonomy: Taxonomy | None = None) -> tuple[str, ...]:
    """ESCO labels usable as aliases for a skill id: the preferred label and the alternative
    labels that name no other ESCO skill (an ambiguous label cannot identify a skill)."""
    if not skill_id or not skill_id.startswith(ESCO_SKILL):
        return ()
    tax = taxonomy or esco()
    skill = tax.get(skill_id)
    if skill is None:
        return ()
    return (skill.label, *(a for a in skill.alt_labels if not tax.is_ambiguous(a)))


def describe(skill_id: str, taxonomy: Taxonomy | None = None) -> str:
    """A short human name for a skill id: the ESCO preferred label, else the id itself."""
    if skill_id.startswith(ESCO_SKILL):
        skill = (taxonomy or esco()).get(skill_id)
        if skill:
            return f"ESCO '{skill.label}'"
    if skill_id.startswith("onet:"):
        name = {k.upper(): v for k, v in ONET_DESCRIPTORS.items()}.get(skill_id[5:])
        return f"O*NET {skill_id[5:]}" + (f" '{name}'" if name else "")
    return skill_id
