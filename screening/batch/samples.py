"""The bundled sample data: candidates' credential files, the seed cache and the trust list."""

from __future__ import annotations

from pathlib import Path

from screening.fetch.seeds import Fetcher, SeedFetcher, no_network
from screening.settings import SAMPLE_DIR
from screening.verify.trust import TrustList


def sample_fetcher(root: Path = SAMPLE_DIR) -> Fetcher:
    index = root / "seeds" / "index.json"
    return SeedFetcher.from_index(index) if index.exists() else no_network


def sample_trust(root: Path = SAMPLE_DIR) -> TrustList:
    path = root / "trust.toml"
    return TrustList.load(path) if path.exists() else TrustList()
