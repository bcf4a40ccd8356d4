"""The guarded HTTP client: the only code in the project that opens outbound connections.

`GuardedFetcher` refuses loopback, private, link-local, CGNAT and metadata addresses (after
DNS and again at connect time, so DNS rebinding cannot slip through), allows https only,
follows redirects by hand and re-checks each, caps the decoded body and the whole fetch's
time, and ignores proxies. The policy is described in docs/security.md; the `FetchError`
codes are listed in `screening.fetch.seeds`.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import ipaddress
import re
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar, TypeVar, cast
from urllib.parse import SplitResult, urljoin, urlsplit

import idna
import requests
import urllib3.exceptions
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.util.connection import create_connection

from screening.errors import FetchError
from screening.fetch.seeds import CachingFetcher, Fetched, Fetcher, seeded
from screening.ingest.limits import MAX_DOCUMENT_BYTES
from screening.settings import VERSION

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Sequence[str]]
"""(host, port) -> the IP addresses (as strings) a connection to that name may reach."""

ACCEPT = "application/ld+json, application/json;q=0.9, application/jwt;q=0.8, */*;q=0.1"
USER_AGENT = f"credential-screening/{VERSION}"

_T = TypeVar("_T")
_TOO_SLOW = "the server took too long to answer, so the document was not fetched"
_CHUNK_BYTES = 64 * 1024
_DEFAULT_PORTS = {"http": 80, "https": 443}
_HOST_NAME = re.compile(r"[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?")
# inet_aton spellings of IPv4 ("2130706433", "0x7f.1", "127.1"): normalised, never resolved.
_NUMERIC_HOST = re.compile(r"[0-9a-fx.]*[0-9][0-9a-fx.]*", re.IGNORECASE)
# Blocked even where `is_global` disagrees between Python versions.
_ALWAYS_BLOCKED = tuple(ipaddress.ip_network(net) for net in (
    "100.64.0.0/10",       # carrier-grade NAT (shared address space)
    "fd00:ec2::254/128",   # AWS instance metadata over IPv6
))
_NAT64 = tuple(ipaddress.ip_network(net) for net in ("64:ff9b::/96", "64:ff9b:1::/48"))
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


def system_resolver(host: str, port: int) -> list[str]:
    """The operating system's resolver (DNS, /etc/hosts): every address of `host`."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def _embedded_ipv4(ip: IPAddress) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address carries (mapped, compatible, 6to4, NAT64, Teredo)."""
    if isinstance(ip, ipaddress.IPv4Address):
        return []
    found = [addr for addr in (ip.ipv4_mapped, ip.sixtofour) if addr is not None]
    if ip.teredo is not None:
        found.extend(ip.teredo)
    if ip in _IPV4_COMPATIBLE or any(ip in net for net in _NAT64):
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return found


def _is_public(ip: IPAddress) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.sixtofour is not None:
        # A 6to4 address is as public as the IPv4 address it carries, which
        # `is_blocked_address` checks; Python before 3.11.10 / 3.12.4 calls all of
        # 2002::/16 private, so `is_global` would block a public one on older Pythons.
        return not any(ip in net for net in _ALWAYS_BLOCKED)
    if ip.is_multicast or not ip.is_global:
        return False
    return not any(ip in net for net in _ALWAYS_BLOCKED)


def is_blocked_address(ip: IPAddress) -> bool:
    """True unless `ip` (and any IPv4 address embedded in it) is globally routable unicast."""
    return not all(_is_public(addr) for addr in (ip, *_embedded_ipv4(ip)))


def _literal_address(host: str) -> IPAddress | None:
    """The IP address a host literally spells, in any form a resolver would accept."""
    bare = host.strip("[]").rstrip(".")
    try:
        return ipaddress.ip_address(bare)
    except ValueError:
        pass
    if _NUMERIC_HOST.fullmatch(bare):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(bare))
        except OSError:
            return None
    return None


def _call_within(seconds: float, work: Callable[[], _T]) -> _T:
    """Run `work` in a helper thread; TimeoutError if it takes longer than `seconds`.

    Why: getaddrinfo has no timeout of its own and must not outlive the fetch deadline.
    """
    outcome: list[tuple[bool, _T | BaseException]] = []

    def run() -> None:
        try:
            outcome.append((True, work()))
        except Exception as exc:
            outcome.append((False, exc))

    worker = threading.Thread(target=run, name="screening-resolve", daemon=True)
    worker.start()
    worker.join(seconds)
    if not outcome:
        raise TimeoutError("resolver did not answer in time")
    ok, value = outcome[0]
    if isinstance(value, BaseException) and not ok:
        raise value
    return cast(_T, value)  # ok is True: the work's own result


class _Attempt:
    """One fetch: the URL asked for, its deadline, and the sockets to cut at the deadline."""

    def __init__(self, url: str, policy: _AddressPolicy, budget: float):
        self.url = url
        self.policy = policy
        self._deadline = time.monotonic() + budget
        self._expired = threading.Event()
        self._lock = threading.Lock()
        self._watched: list[socket.socket] = []
        # Why a watchdog: per-recv socket timeouts never fire against a server that drips
        # one byte a second; shutting the socket down wakes any blocked read at once.
        self._watchdog = threading.Timer(budget, self._expire)
        self._watchdog.daemon = True

    def __enter__(self) -> _Attempt:
        self._watchdog.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._watchdog.cancel()
        with self._lock:
            for sock in self._watched:
                sock.close()
            self._watched.clear()

    def fail(self, code: str, reason: str, status: int | None = None) -> FetchError:
        return FetchError(self.url, reason, status, code=code)

    def remaining(self) -> float:
        return max(0.0, self._deadline - time.monotonic())

    @property
    def expired(self) -> bool:
        return self._expired.is_set() or self.remaining() <= 0

    def check(self) -> None:
        if self.expired:
            raise self.fail("timeout", _TOO_SLOW)

    def watch(self, sock: socket.socket) -> None:
        """Register a connected socket so the watchdog can shut it down."""
        # A dup shares the connection, so shutting it down also stops reads on the original
        # (and on the TLS socket that later wraps it).
        duplicate = sock.dup()
        with self._lock:
            if self._expired.is_set():
                duplicate.close()
                sock.close()
                self.check()
            self._watched.append(duplicate)

    def _expire(self) -> None:
        self._expired.set()
        with self._lock:
            for sock in self._watched:
                with contextlib.suppress(OSError):  # already closed by the peer
                    sock.shutdown(socket.SHUT_RDWR)


class _AddressPolicy:
    """Which addresses may be connected to: globally routable ones, plus a test allow list."""

    def __init__(self, resolver: Resolver, allowed_networks: Iterable[IPNetwork | str]):
        self._resolver = resolver
        self._allowed = tuple(ipaddress.ip_network(net) for net in allowed_networks)

    def permits(self, ip: IPAddress) -> bool:
        if any(ip in net for net in self._allowed):
            return True
        return not is_blocked_address(ip)

    def vet(self, host: str, port: int, attempt: _Attempt) -> list[IPAddress]:
        """Resolve `host`; refuse if ANY of its addresses is blocked (not just the first)."""
        addresses = self._resolve(host.strip("[]"), port, attempt)
        if not all(self.permits(ip) for ip in addresses):
            raise attempt.fail(
                "blocked_address",
                "the link points to a private or local network address, which is never fetched",
            )
        return addresses

    def _resolve(self, host: str, port: int, attempt: _Attempt) -> list[IPAddress]:
        literal = _literal_address(host)
        if literal is not None:
            return [literal]
        attempt.check()
        try:
            answers = _call_within(attempt.remaining(), lambda: self._resolver(host, port))
            addresses = [ipaddress.ip_address(answer) for answer in answers]
        except TimeoutError:
            raise attempt.fail("timeout", _TOO_SLOW) from None
        except (OSError, UnicodeError, ValueError) as exc:
            raise self._dns_failure(attempt) from exc
        if not addresses:
            raise self._dns_failure(attempt)
        return addresses

    @staticmethod
    def _dns_failure(attempt: _Attempt) -> FetchError:
        return attempt.fail("dns_failure", "the web address's server name could not be found")


def _guarded_connect(conn: HTTPConnection, attempt: _Attempt) -> socket.socket:
    """Resolve and vet the host now, then connect to a vetted IP.

    Why here: the address that is checked is the address that is used, on every hop, so
    DNS rebinding between an earlier check and this connect cannot slip through. TLS keeps
    using `conn.host` for SNI and certificate checks, because only the socket target changes.
    """
    addresses = attempt.policy.vet(conn.host, conn.port, attempt)
    error: OSError | None = None
    for ip in addresses:
        attempt.check()
        try:
            sock = create_connection((str(ip), conn.port), conn.timeout,
                                     source_address=conn.source_address,
                                     socket_options=conn.socket_options)
        except TimeoutError as exc:
            raise urllib3.exceptions.ConnectTimeoutError(
                conn, f"Connection to {conn.host} timed out") from exc
        except OSError as exc:
            error = exc
            continue
        attempt.watch(sock)
        sys.audit("http.client.connect", conn, conn.host, conn.port)
        return sock
    raise urllib3.exceptions.NewConnectionError(
        conn, f"Failed to establish a new connection: {error}")


class _GuardedHTTPConnection(HTTPConnection):
    attempt: ClassVar[_Attempt]

    def _new_conn(self) -> socket.socket:
        return _guarded_connect(self, self.attempt)


class _GuardedHTTPSConnection(HTTPSConnection):
    attempt: ClassVar[_Attempt]

    def _new_conn(self) -> socket.socket:
        return _guarded_connect(self, self.attempt)


def _pool_classes(attempt: _Attempt) -> dict[str, type[HTTPConnectionPool]]:
    """urllib3 pool classes whose connections are bound to this attempt."""
    http_conn = type("BoundHTTPConnection", (_GuardedHTTPConnection,), {"attempt": attempt})
    https_conn = type("BoundHTTPSConnection", (_GuardedHTTPSConnection,), {"attempt": attempt})
    return {
        "http": type("BoundHTTPPool", (HTTPConnectionPool,), {"ConnectionCls": http_conn}),
        "https": type("BoundHTTPSPool", (HTTPSConnectionPool,), {"ConnectionCls": https_conn}),
    }


class _GuardedAdapter(HTTPAdapter):
    def __init__(self, attempt: _Attempt):
        self._attempt = attempt  # read by init_poolmanager, which HTTPAdapter calls
        super().__init__(pool_connections=4, pool_maxsize=1, max_retries=0)

    def init_poolmanager(self, connections: int, maxsize: int, block: bool = False,
                         **pool_kwargs: Any) -> None:
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        self.poolmanager.pool_classes_by_scheme = _pool_classes(self._attempt)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        # Why: a proxy would connect to addresses the guard never sees.
        raise self._attempt.fail("fetch_failed", "fetching through a proxy is not allowed")


class GuardedFetcher:
    """The project's HTTP client for documents on the open internet (a `Fetcher`).

    Refuses anything but https (and http if `allow_http`), credentials in URLs, and any
    host with a non-public address, checked again at connect time on every redirect hop.
    Caps redirects, decoded body size and total time. See docs/security.md.

    `allowed_networks` is for tests only: it lets a test reach a server on 127.0.0.1.
    `ca_bundle` replaces the default CA certificates (verification cannot be turned off).
    """

    def __init__(self, *, allow_http: bool = False, max_redirects: int = 3,
                 max_bytes: int = MAX_DOCUMENT_BYTES, timeout: float = 10.0,
                 connect_timeout: float = 5.0, read_timeout: float = 5.0,
                 resolver: Resolver = system_resolver,
                 allowed_networks: Iterable[IPNetwork | str] = (),
                 ca_bundle: str | Path | None = None):
        if max_redirects < 0 or max_bytes < 0 or min(timeout, connect_timeout, read_timeout) <= 0:
            raise ValueError("limits must be positive")
        self.allow_http = allow_http
        self.max_redirects = max_redirects
        self.max_bytes = max_bytes
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self._policy = _AddressPolicy(resolver, allowed_networks)
        self._verify: bool | str = str(ca_bundle) if ca_bundle is not None else True

    def __call__(self, url: str) -> Fetched:
        attempt = _Attempt(url, self._policy, self.timeout)
        with attempt, _translated_errors(attempt), self._new_session(attempt) as session:
            return self._follow(session, attempt)

    def _new_session(self, attempt: _Attempt) -> requests.Session:
        session = requests.Session()
        # Why: HTTP(S)_PROXY from the environment would bypass the guard; .netrc would leak.
        session.trust_env = False
        # Why: a document fetch needs no state; cookies must not follow redirects.
        session.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
        session.headers.update({"Accept": ACCEPT, "User-Agent": USER_AGENT})
        adapter = _GuardedAdapter(attempt)
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        return session

    def _follow(self, session: requests.Session, attempt: _Attempt) -> Fetched:
        url, previous = attempt.url, None
        for _ in range(self.max_redirects + 1):
            self._check_url(url, previous, attempt)
            with self._get(session, url, attempt) as response:
                target = session.get_redirect_target(response)
                if target is None:
                    return self._accept(response, attempt)
            previous, url = url, urljoin(response.url, target)
        raise attempt.fail("too_many_redirects",
                           f"the link redirected more than {self.max_redirects} times, "
                           "so it was not followed")

    def _check_url(self, url: str, previous: str | None, attempt: _Attempt) -> None:
        """Early refusal of a hop (the connect-time check still runs on what is connected)."""
        parts = _split(url, attempt)
        allowed = {"https", "http"} if self.allow_http else {"https"}
        downgrade = previous is not None and previous.lower().startswith("https:")
        if parts.scheme not in allowed or (downgrade and parts.scheme != "https"):
            raise attempt.fail("scheme_not_allowed",
                               "only secure web links (https) are fetched, and this is not one")
        if "@" in parts.netloc:
            raise attempt.fail("credentials_in_url",
                               "the link contains a user name or password, so it is not fetched")
        host = _ascii_host(parts, attempt)
        self._policy.vet(host, parts.port or _DEFAULT_PORTS[parts.scheme], attempt)

    def _get(self, session: requests.Session, url: str, attempt: _Attempt) -> requests.Response:
        attempt.check()
        remaining = attempt.remaining()
        timeouts = (min(self.connect_timeout, remaining), min(self.read_timeout, remaining))
        return session.get(url, allow_redirects=False, stream=True, timeout=timeouts,
                           verify=self._verify, proxies={})

    def _accept(self, response: requests.Response, attempt: _Attempt) -> Fetched:
        status = response.status_code
        if not 200 <= status < 300:
            raise attempt.fail("http_error", _status_reason(status), status)
        content = self._read_capped(response, attempt)
        return Fetched(response.url, content, response.headers.get("Content-Type"))

    def _read_capped(self, response: requests.Response, attempt: _Attempt) -> bytes:
        """The decoded body, never holding more than `max_bytes` (+ one chunk) of it."""
        too_large = attempt.fail(
            "too_large", f"the document is larger than the {self.max_bytes:,} bytes allowed")
        if _declared_length(response) > self.max_bytes:
            raise too_large
        body = bytearray()
        for chunk in response.iter_content(chunk_size=_CHUNK_BYTES):
            body += chunk
            if len(body) > self.max_bytes:
                raise too_large
            attempt.check()
        attempt.check()  # the watchdog ends a stalled read with EOF: not a complete body
        return bytes(body)


def _split(url: str, attempt: _Attempt) -> SplitResult:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for an invalid port
    except ValueError as exc:
        raise _invalid_url(attempt) from exc
    return parts


def _ascii_host(parts: SplitResult, attempt: _Attempt) -> str:
    host = parts.hostname or ""
    if _literal_address(host) is not None:
        return host
    try:
        host = idna.encode(host, uts46=True).decode("ascii") if not host.isascii() else host
    except idna.IDNAError as exc:
        raise _invalid_url(attempt) from exc
    if not _HOST_NAME.fullmatch(host):
        raise _invalid_url(attempt)
    return host


def _invalid_url(attempt: _Attempt) -> FetchError:
    return attempt.fail("invalid_url", "the link is not a valid web address")


def _declared_length(response: requests.Response) -> int:
    declared = response.headers.get("Content-Length", "").strip()
    return int(declared) if declared.isdigit() else 0


def _status_reason(status: int) -> str:
    if status == 404:
        return "the server has no document at this address (HTTP 404)"
    if status == 410:
        return "the server says this document was permanently removed (HTTP 410)"
    return f"the server did not return the document (HTTP status {status})"


@contextlib.contextmanager
def _translated_errors(attempt: _Attempt) -> Iterator[None]:
    """Turn requests/urllib3/socket errors into FetchError with a code."""
    try:
        yield
    except FetchError:
        raise
    except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
        # Deadline first: a read cut by the watchdog surfaces as a broken connection.
        code, reason = ("timeout", _TOO_SLOW) if attempt.expired else _classify(exc)
        raise attempt.fail(code, reason) from exc


def _classify(exc: BaseException) -> tuple[str, str]:
    if isinstance(exc, requests.Timeout | TimeoutError):
        return "timeout", _TOO_SLOW
    if isinstance(exc, requests.exceptions.SSLError):
        return "tls_error", "the server's security certificate could not be verified"
    if isinstance(exc, requests.exceptions.InvalidURL | requests.exceptions.InvalidSchema
                  | requests.exceptions.MissingSchema):
        return "invalid_url", "the link is not a valid web address"
    if isinstance(exc, requests.exceptions.ContentDecodingError):
        return "bad_response", "the server sent a damaged or unreadable response"
    return "unreachable", "the server could not be reached or stopped answering"


def online_fetcher(seed_indexes: Sequence[Path] = (), **guard_options: Any) -> Fetcher:
    """Seed indexes first (offline copies, in the given order), then the guarded network.

    `guard_options` are passed to `GuardedFetcher`; network answers are cached per run.
    """
    return seeded(seed_indexes, CachingFetcher(GuardedFetcher(**guard_options)))
