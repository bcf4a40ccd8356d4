"""Train the learned suggestions (screening/matching/skills/learned.py) on the labelled sets
that are already tuned on, and measure them on sets they were not trained on.

    pip install -e '.[train]'
    python benchmarks/train_learned_matcher.py            # writes skills/data/learned.json
    python benchmarks/train_learned_matcher.py --loso     # leave one set out, prints figures

Each labelled text is minted and verified as matching_quality.py does, and its claims are
read into features by the product's own code (`learned.features`), so training and use see
the same words. One L2-regularised logistic regression per concept of
`learned_concepts.toml` (scikit-learn, balanced class weights); a text whose label for a
concept is `unsure` is left out of that concept's training. Only each concept's heaviest
weights are kept (`--keep`), which makes the model small and its explanation short.

`--loso` trains on all tuned sets but one and scores the one left out, for each in turn:
precision and recall of the curated matcher alone and with the learned suggestions added,
per set and over all. The untuned sets (`UNTUNED`) are never read here.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tomllib
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import matching_quality as mq  # noqa: E402

from screening.matching.roles import list_roles  # noqa: E402
from screening.matching.scoring import ScoringConfig  # noqa: E402
from screening.matching.skills import learned  # noqa: E402
from screening.matching.skills.extract import extract_claims  # noqa: E402
from screening.verify.report import VerificationReport  # noqa: E402

DATA = ROOT / "screening" / "matching" / "skills" / "data"
CONCEPTS = DATA / "learned_concepts.toml"
# sets whose misses nobody improving the matcher has read: never trained on
UNTUNED = frozenset({"thirteenth"})
C = 16.0  # inverse regularisation strength (chosen by --loso on the tuned sets)
KEEP = 400  # weights kept per concept
THRESHOLD = 0.8  # probability above which a concept is suggested
MIN_DF = 2  # a feature must occur in this many training texts
CURATED_ONLY = ScoringConfig(learned_suggestions=False)


@dataclass(frozen=True)
class Text:
    set: str
    counts: Counter[str]
    truth: frozenset[str]  # concepts
    unsure: frozenset[str]
    found: frozenset[str]  # role/requirement pairs the curated matcher earns points for
    pairs: frozenset[str]  # the true pairs
    unsure_pairs: frozenset[str]
    report: VerificationReport


def tuned_sets() -> list[str]:
    return ["first", *(name for name in mq.SOURCED_SETS if name not in UNTUNED)]


def read_texts(names: list[str]) -> list[Text]:
    credentials, _ = mq.load()
    concepts = credentials["concepts"]
    roles = list_roles(ROOT / "sample_data" / "roles")
    out = []
    for name in names:
        if name == "first":
            specs = list(enumerate(credentials["credential"], start=1))
            holder = "did:example:eval-holder"
        else:
            specs = list(enumerate(mq.load_set(name), start=mq.SOURCED_SETS[name].first_serial))
            holder = f"did:example:{name}-holder"
        for serial, spec in specs:
            report = mq.minted(spec, holder, serial)
            texts, language = learned.claim_texts(extract_claims(report))
            truth = mq.truth_pairs(spec, concepts)
            unsure = mq.truth_pairs({"truth": spec.get("unsure", [])}, concepts) - truth
            out.append(Text(name, learned.features(texts, language),
                            frozenset(spec.get("truth", [])),
                            frozenset(spec.get("unsure", [])) - set(spec.get("truth", [])),
                            frozenset(mq.extracted(report, roles, CURATED_ONLY)),
                            frozenset(truth),
                            frozenset(unsure), report))
    return out


def idf_of(texts: list[Text]) -> dict[str, float]:
    """Smoothed idf (as scikit-learn's TfidfVectorizer) of the features in MIN_DF texts."""
    df: Counter[str] = Counter()
    for text in texts:
        df.update(text.counts.keys())
    n = len(texts)
    return {f: math.log((1 + n) / (1 + d)) + 1.0 for f, d in sorted(df.items()) if d >= MIN_DF}


def train(texts: list[Text], names: list[str], *, c: float = C, keep: int = KEEP,
          threshold: float = THRESHOLD) -> learned.Model:
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    table = tomllib.loads(CONCEPTS.read_text(encoding="utf-8"))["concept"]
    idf = idf_of(texts)
    index = {f: i for i, f in enumerate(idf)}
    rows, cols, values = [], [], []
    for row, text in enumerate(texts):
        for feature, value in learned.vector(text.counts, idf).items():
            rows.append(row)
            cols.append(index[feature])
            values.append(value)
    x = csr_matrix((values, (rows, cols)), shape=(len(texts), len(index)))
    features = list(index)
    concepts = []
    for name, entry in table.items():
        use = [i for i, t in enumerate(texts) if name not in t.unsure]
        y = np.array([name in texts[i].truth for i in use])
        if y.sum() < 2:
            continue  # too few examples to learn from
        model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced")
        model.fit(x[use], y)
        weights = model.coef_[0]
        heaviest = sorted(np.flatnonzero(weights), key=lambda i: -abs(weights[i]))[:keep]
        concepts.append(learned.Concept(
            name=name, label=str(entry["label"]), skills=frozenset(entry["skills"]),
            intercept=round(float(model.intercept_[0]), 6),
            weights={features[i]: round(float(weights[i]), 6) for i in sorted(heaviest)}))
    return learned.Model(threshold=threshold, idf={f: round(v, 6) for f, v in idf.items()},
                         concepts=tuple(concepts), trained_on=tuple(names))


def leave_one_set_out(texts: list[Text], names: list[str], *, c: float, keep: int,
                      thresholds: list[float]) -> None:
    """Train on every tuned set but one, score the one left out with the product's own
    scoring (the learned model swapped in), for each set in turn."""
    roles = list_roles(ROOT / "sample_data" / "roles")
    scored: dict[float, dict[str, list[int]]] = {t: {} for t in thresholds}
    alone: dict[str, list[int]] = {}
    original = learned.model
    try:
        for held in names:
            trained = train([t for t in texts if t.set != held],
                            [n for n in names if n != held], c=c, keep=keep)
            for threshold in thresholds:  # one model, read at each threshold
                model = replace(trained, threshold=threshold)
                learned.model = lambda model=model: model  # type: ignore[assignment]
                for text in (t for t in texts if t.set == held):
                    found = frozenset(mq.extracted(text.report, roles))
                    _count(scored[threshold], held, text, found)
            for text in (t for t in texts if t.set == held):
                _count(alone, held, text, text.found)
    finally:
        learned.model = original  # type: ignore[assignment]
    _report("curated matcher alone", alone, names)
    for threshold in thresholds:
        _report(f"with learned suggestions above {threshold:g}", scored[threshold], names)


def _count(table: dict[str, list[int]], name: str, text: Text, found: frozenset[str]) -> None:
    found = found - text.unsure_pairs
    counts = table.setdefault(name, [0, 0, 0])
    counts[0] += len(found & text.pairs)
    counts[1] += len(found - text.pairs)
    counts[2] += len(text.pairs - found)


def _report(title: str, table: dict[str, list[int]], names: list[str]) -> None:
    def pr(tp: int, fp: int, fn: int) -> str:
        p, r = tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0
        return f"P {p:.3f} R {r:.3f}"
    total = [sum(table[n][i] for n in names) for i in range(3)]
    print(f"{title}: {pr(*total)}")
    print("   " + "   ".join(f"{n} {pr(*table[n])}" for n in names))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loso", action="store_true", help="leave one set out; write nothing")
    parser.add_argument("--c", type=float, default=C)
    parser.add_argument("--keep", type=int, default=KEEP)
    parser.add_argument("--thresholds", type=float, nargs="*", default=[THRESHOLD])
    args = parser.parse_args(argv)
    names = tuned_sets()
    texts = read_texts(names)
    if args.loso:
        leave_one_set_out(texts, names, c=args.c, keep=args.keep, thresholds=args.thresholds)
        return 0
    model = train(texts, names, c=args.c, keep=args.keep)
    path = DATA / "learned.json"
    path.write_text(json.dumps(learned.as_dict(model), ensure_ascii=False, sort_keys=True,
                               separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{path.relative_to(ROOT)}: {len(model.concepts)} concepts, "
          f"{len(model.idf)} features, trained on {', '.join(names)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
