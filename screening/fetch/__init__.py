"""Reaching documents that live elsewhere: the fetcher seam (`seeds`) and the one guarded
HTTP client (`http`)."""

from screening.errors import FetchError
from screening.fetch.seeds import CachingFetcher, Fetched, Fetcher, SeedFetcher, no_network

__all__ = ["CachingFetcher", "FetchError", "Fetched", "Fetcher", "SeedFetcher", "no_network"]
