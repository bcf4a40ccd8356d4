"""Reaching documents that live elsewhere: the fetcher seam (`seeds`), the one choice of
fetcher for a run (`choice`) and the one guarded HTTP client (`http`)."""

from screening.errors import FetchError
from screening.fetch.choice import fetcher_for
from screening.fetch.seeds import CachingFetcher, Fetched, Fetcher, SeedFetcher, no_network

__all__ = ["CachingFetcher", "FetchError", "Fetched", "Fetcher", "SeedFetcher", "fetcher_for",
           "no_network"]
