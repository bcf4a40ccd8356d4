"""Every skill of the bundled roles has its names in seven languages (issue 26, h-26g).

The multilingual vocabulary was first grown by fixing misses; it is now written skill by
skill from the roles. This walks every requirement of sample_data/roles/*.toml, every
skill it accepts and every language of data/multilingual.toml, and requires at least
MIN_NAMES distinct names (distinct after the language's stemmer, so "relationale" and
"relationalen Datenbanken" count once). O*NET members (occupations, descriptors) are left
out: they match by their code, and have no English names either.

Then a few credentials per language that must match and must not match. Every example is
made up for this test (not taken from any evaluation set).
"""

from __future__ import annotations

from typing import Any

import pytest
from test_matching_rules import ANALYST, BACKEND, NURSE, ROLES, SECURITY, deciding, found, ob3

from screening.matching.skills import lexicon, stems
from screening.matching.skills.lexicon import OTHER_LANGUAGES, SYNONYM
from screening.matching.skills.match import skill_names

MIN_NAMES = 4


def _table_keys() -> dict[str, frozenset[str]]:
    """Each language's names in the multilingual table, by comparison key."""
    keys: dict[str, set[str]] = {lang: set() for lang in OTHER_LANGUAGES}
    for group in lexicon.synonym_groups():
        for variant, lang in group.variants:
            if lang in keys:
                keys[lang].add(lexicon.key(variant))
    return {lang: frozenset(k) for lang, k in keys.items()}


TABLE = _table_keys()
MEMBERS = [(role.id, req, member) for role in ROLES.values() for req in role.requirements
           for member in req.skills if not (member.id or "").startswith("onet:")]


def names_in(req: Any, member: Any, language: str) -> set[str]:
    """The distinct (stemmed) names of `language` that reach one skill of a requirement."""
    synonyms = {k for k, n in skill_names(req, member).items() if n.source == SYNONYM}
    return {stems.stem_key(k, language) for k in synonyms & TABLE[language]}


def test_every_bundled_role_is_walked():
    assert {role for role, _req, _m in MEMBERS} == set(ROLES) and len(ROLES) >= 4
    # every requirement but the O*NET occupation ones has a skill with names
    walked = {(role, req.id) for role, req, _m in MEMBERS}
    occupations = {(role.id, req.id) for role in ROLES.values() for req in role.requirements
                   if all((m.id or "").startswith("onet:") for m in req.skills)}
    assert walked | occupations == {(role.id, req.id) for role in ROLES.values()
                                    for req in role.requirements}


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
@pytest.mark.parametrize(("role", "req", "member"), MEMBERS,
                         ids=[f"{r}/{q.id}/{m.label}" for r, q, m in MEMBERS])
def test_every_role_skill_has_names_in_every_language(role, req, member, language):
    got = names_in(req, member, language)
    assert len(got) >= MIN_NAMES, (role, req.id, member.label, language, sorted(got))


# -- made-up credentials, per language --------------------------------------------------------

MATCH = [
    # German
    (ob3("Lehrgang IT-Grundschutz-Praktiker", description="Vorgehen nach IT-Grundschutz "
         "und die Rolle des Informationssicherheitsbeauftragten.", inLanguage="de"),
     SECURITY, {"standards"}, "standards", "de"),
    (ob3("Ausbildung zum betrieblichen Ersthelfer", description="Lebensrettende "
         "Sofortmaßnahmen und Erste-Hilfe-Maßnahmen am Unfallort.", inLanguage="de"),
     NURSE, {"life-support"}, "life-support", "de"),
    (ob3("Modul Softwaretechnik", description="Quellcodeverwaltung im Team und "
         "kontinuierliche Bereitstellung von Webanwendungen.", inLanguage="de"),
     BACKEND, {"version-control", "devops"}, "version-control", "de"),
    # French
    (ob3("Certificat de spécialisation", description="Sécurité des systèmes d'information "
         ": gestion des habilitations et mise en place d'un SMSI.", inLanguage="fr"),
     SECURITY, {"cyber-security", "iam", "standards"}, "iam", "fr"),
    (ob3("Formation analyste", description="Informatique décisionnelle et tableaux croisés "
         "dynamiques pour le suivi des ventes.", inLanguage="fr"),
     ANALYST, {"business-intelligence", "spreadsheets"}, "spreadsheets", "fr"),
    (ob3("Module de soins", description="La démarche de soins et la prise des constantes "
         "chez le patient hospitalisé.", inLanguage="fr"),
     NURSE, {"nursing-care", "vital-signs"}, "vital-signs", "fr"),
    # Spanish
    (ob3("Curso de socorrismo", description="Técnicas de primeros auxilios en el entorno "
         "laboral.", inLanguage="es"), NURSE, {"life-support"}, "life-support", "es"),
    (ob3("Implantación del Esquema Nacional de Seguridad", description="Diseño de un SGSI "
         "para la administración local.", inLanguage="es"),
     SECURITY, {"standards"}, "standards", "es"),
    (ob3("Analista de datos junior", description="Limpiar datos, tablas dinámicas y "
         "análisis estadístico de encuestas.", inLanguage="es"),
     ANALYST, {"data-preparation", "spreadsheets", "statistics"}, "data-preparation", "es"),
    # Italian
    (ob3("Corso per addetto al primo soccorso", description="Nozioni di base per i "
         "luoghi di lavoro.", inLanguage="it"), NURSE, {"life-support"}, "life-support",
     "it"),
    (ob3("Tirocinio clinico", description="Rilevazione dei parametri vitali e "
         "somministrazione della terapia in reparto.", inLanguage="it"),
     NURSE, {"vital-signs", "medication"}, "medication", "it"),
    (ob3("Corso sistemista di rete", description="Configurazione del firewall e analisi "
         "dei log per la sicurezza informatica.", inLanguage="it"),
     SECURITY, {"network-security", "logging"}, "logging", "it"),
    # Portuguese
    (ob3("Curso de desenvolvimento", description="Versionamento de código e integração e "
         "entrega contínuas em equipa.", inLanguage="pt"),
     BACKEND, {"version-control", "devops"}, "version-control", "pt"),
    (ob3("Enfermagem clínica", description="Processo de enfermagem e aferição de sinais "
         "vitais no adulto.", inLanguage="pt"),
     NURSE, {"nursing-care", "vital-signs"}, "nursing-care", "pt"),
    (ob3("Segurança de TI", description="Gestão de identidades em ambientes corporativos.",
         inLanguage="pt"), SECURITY, {"cyber-security", "iam"}, "iam", "pt"),
    # Dutch
    (ob3("EHBO-cursus", description="Eerste hulp bij ongelukken voor medewerkers van "
         "kantoren.", inLanguage="nl"), NURSE, {"life-support"}, "life-support", "nl"),
    (ob3("Verpleegkunde jaar 2", description="Het verpleegkundig proces en werken met het "
         "EPD in het ziekenhuis.", inLanguage="nl"),
     NURSE, {"nursing-care", "health-records"}, "health-records", "nl"),
    (ob3("Data-analist", description="Gegevens opschonen, draaitabellen maken en "
         "statistische analyse.", inLanguage="nl"),
     ANALYST, {"data-preparation", "spreadsheets", "statistics"}, "spreadsheets", "nl"),
    # Polish
    (ob3("Kurs kwalifikowanej pierwszej pomocy", description="Udzielanie pierwszej pomocy "
         "poszkodowanym w wypadkach.", inLanguage="pl"),
     NURSE, {"life-support"}, "life-support", "pl"),
    (ob3("Audytor wewnętrzny SZBI", description="Audyt systemu zarządzania "
         "bezpieczeństwem informacji w organizacji.", inLanguage="pl"),
     SECURITY, {"standards"}, "standards", "pl"),
    (ob3("Analityk danych", description="Oczyszczanie danych, tabele przestawne i "
         "analiza statystyczna.", inLanguage="pl"),
     ANALYST, {"data-preparation", "spreadsheets", "statistics"}, "data-preparation", "pl"),
]


@pytest.mark.parametrize(("document", "role", "expected", "cited", "language"), MATCH,
                         ids=[f"{m[4]}-{i}" for i, m in enumerate(MATCH)])
def test_made_up_credentials_match_in_their_language(document, role, expected, cited,
                                                     language):
    assert expected <= deciding(document, role)
    match = found(document, role)[cited]
    assert match.name_language == language


NO_MATCH = [
    # German: fire-safety records are not security logging
    (ob3("Brandschutzhelfer", description="Protokollierung der Begehungen und "
         "Kennzeichnung der Fluchtwege.", inLanguage="de"), SECURITY, "logging"),
    # French: the SSI of a fire-safety officer is a fire alarm system
    (ob3("Agent de sécurité incendie", description="Le SSI (système de sécurité incendie) "
         "et l'évacuation du public.", inLanguage="fr"), SECURITY, "cyber-security"),
    # French: the helping relationship of social work is not patient communication
    (ob3("Travail social", description="La relation d'aide dans l'accompagnement des "
         "familles.", inLanguage="fr"), NURSE, "communication"),
    # Spanish: a forest firebreak is not a firewall
    (ob3("Brigada forestal", description="Construcción de cortafuegos y prevención de "
         "incendios forestales.", inLanguage="es"), SECURITY, "network-security"),
    # Italian: application logs in operations are not security monitoring
    (ob3("Corso DevOps", description="Analisi dei log delle applicazioni in produzione.",
         inLanguage="it"), SECURITY, "logging"),
    # Portuguese: site safety rules are not information-security standards
    (ob3("Gestão de obra", description="Normas de segurança no estaleiro e prevenção de "
         "acidentes.", inLanguage="pt"), SECURITY, "standards"),
    # Dutch: communicating with social-work clients is not patient communication
    (ob3("Sociaal werk", description="Communicatie met cliënten en hun netwerk in de wijk.",
         inLanguage="nl"), NURSE, "communication"),
    # Polish: occupational safety monitoring is not security monitoring
    (ob3("Szkolenie BHP", description="Monitoring bezpieczeństwa na budowie i ocena "
         "ryzyka zawodowego.", inLanguage="pl"), SECURITY, "logging"),
    # Spanish: a physical access-control course for guards names no identity management
    (ob3("Vigilante de seguridad", description="Control de accesos y rondas de vigilancia "
         "en edificios.", inLanguage="es"), SECURITY, "iam"),
]


@pytest.mark.parametrize(("document", "role", "requirement"), NO_MATCH,
                         ids=[f"{i}-{m[2]}" for i, m in enumerate(NO_MATCH)])
def test_made_up_credentials_outside_the_field_do_not_match(document, role, requirement):
    assert requirement not in deciding(document, role)
