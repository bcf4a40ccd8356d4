"""The guarded HTTP client: SSRF refusals, caps and deadlines, against real loopback servers.

Everything here is offline: servers bind to 127.0.0.1 only, names are answered by injected
resolvers, and the autouse `no_internet` fixture fails any test that tries to connect
beyond loopback or to look a name up in DNS.
"""

from __future__ import annotations

import errno
import gzip
import ipaddress
import json
import socket
import ssl
import threading
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

import screening
from screening.fetch import http as http_module
from screening.fetch.http import GuardedFetcher, is_blocked_address, online_fetcher
from screening.fetch.seeds import FetchError, SeedFetcher

LOOPBACK = [ipaddress.ip_network("127.0.0.1/32")]
DOC = b'{"id": "https://issuer.test/doc"}'
Route = Callable[[BaseHTTPRequestHandler], None]


# --------------------------------------------------------------------------- offline guard


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Record (and refuse) any connect beyond loopback and any DNS lookup of a name."""
    attempts: list[object] = []
    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo

    def connect(sock: socket.socket, address: tuple) -> None:
        if not ipaddress.ip_address(address[0]).is_loopback:
            attempts.append(("connect", address))
            raise OSError(errno.ENETUNREACH, "tests never leave loopback")
        real_connect(sock, address)

    def getaddrinfo(host: str, *args: object, **kwargs: object) -> list:
        if host != "localhost":  # /etc/hosts only; any other name would be real DNS
            try:
                ipaddress.ip_address(host)
            except ValueError:
                attempts.append(("dns", host))
                raise socket.gaierror(socket.EAI_NONAME, "tests never use DNS") from None
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield attempts
    assert attempts == [], "a test tried to reach beyond loopback"


def no_dns(host: str, port: int) -> list[str]:
    raise AssertionError(f"resolver must not be asked about {host!r}")


def fake_dns(answers: dict[str, list[str]]) -> Callable[[str, int], list[str]]:
    def resolve(host: str, port: int) -> list[str]:
        if host not in answers:
            raise socket.gaierror(socket.EAI_NONAME, "unknown name")
        return answers[host]

    return resolve


# --------------------------------------------------------------------------- local servers


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        app = self.server.app
        app.requests.append(self.path)
        app.headers.append(dict(self.headers))
        route = app.routes.get(self.path) or app.routes.get("*") or respond(b"", 404)
        route(self)

    def log_message(self, *args: object) -> None:
        pass  # keep test output clean


class _Server(ThreadingHTTPServer):
    app: LocalServer

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients cut off on purpose (caps, deadlines) make broken pipes here


class LocalServer:
    """An HTTP(S) server on 127.0.0.1 with per-path routes; records every request."""

    def __init__(self, tls: ssl.SSLContext | None = None):
        self.routes: dict[str, Route] = {}
        self.requests: list[str] = []
        self.headers: list[dict[str, str]] = []
        self.stopping = threading.Event()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.app = self
        if tls is not None:
            self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True)
        self.port = self._httpd.server_address[1]
        threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True).start()

    def url(self, path: str, *, scheme: str = "http", host: str = "127.0.0.1") -> str:
        return f"{scheme}://{host}:{self.port}{path}"

    def stop(self) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()


@pytest.fixture
def start_server() -> Iterator[Callable[..., LocalServer]]:
    servers: list[LocalServer] = []

    def start(tls: ssl.SSLContext | None = None) -> LocalServer:
        servers.append(LocalServer(tls))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def server(start_server: Callable[..., LocalServer]) -> LocalServer:
    return start_server()


def respond(body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", "application/ld+json")
        handler.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)

    return route


def redirect(location: str, status: int = 302) -> Route:
    return respond(b"", status, {"Location": location})


def raw(*parts: bytes, then_wait: bool = False) -> Route:
    """Write bytes as they are (no framing added); optionally hold the connection open."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        for part in parts:
            handler.wfile.write(part)
        if then_wait:
            handler.server.app.stopping.wait(10)

    return route


def drip(head: bytes, byte: bytes = b" ") -> Route:
    """Send `head`, then one byte per second for as long as the client listens."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.wfile.write(head)
        for _ in range(30):
            if handler.server.app.stopping.wait(1.0):
                return
            try:
                handler.wfile.write(byte)
            except OSError:
                return

    return route


def local_fetcher(**options: object) -> GuardedFetcher:
    """A fetcher that may reach 127.0.0.1 only (test-only allow list)."""
    settings: dict = {"allow_http": True, "allowed_networks": LOOPBACK, "resolver": no_dns}
    return GuardedFetcher(**(settings | options))


def refusal(fetch: Callable[[str], object], url: str) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetch(url)
    return caught.value


# --------------------------------------------------------------------------- address policy


@pytest.mark.parametrize("address", [
    "127.0.0.1", "127.8.9.10", "::1", "10.0.0.1", "172.16.0.1", "192.168.1.1",
    "169.254.169.254", "fe80::1", "100.64.0.1", "0.0.0.0", "::", "224.0.0.1",
    "ff02::1", "240.0.0.1", "255.255.255.255", "fc00::1", "fd00:ec2::254",
    "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::127.0.0.1", "64:ff9b::7f00:1",
    "2002:7f00:1::", "2002:a9fe:a9fe::", "192.0.2.1", "198.18.0.1",
])
def test_non_public_addresses_are_blocked(address: str) -> None:
    assert is_blocked_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", [
    "93.184.216.34", "8.8.8.8", "2606:2800:220:1:248:1893:25c8:1946",
    "::ffff:93.184.216.34", "64:ff9b::808:808", "2002:5db8:d822::",
])
def test_public_addresses_are_not_blocked(address: str) -> None:
    assert not is_blocked_address(ipaddress.ip_address(address))


# --------------------------------------------------------------------------- refusals


def test_loopback_is_refused_even_with_http_allowed(server: LocalServer) -> None:
    server.routes["/doc"] = respond(DOC)
    fetch = GuardedFetcher(allow_http=True, resolver=no_dns)
    assert refusal(fetch, server.url("/doc")).code == "blocked_address"
    assert server.requests == []


@pytest.mark.parametrize("url", [
    "http://[::1]/",
    "http://10.0.0.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://100.64.0.1/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://2130706433/",
    "http://0x7f.1/",
    "http://0177.0.0.1/",
    "http://127.1/",
    "http://127.0.0.1./",
    "http://0.0.0.0/",
    "http://[fd00:ec2::254]/latest/meta-data/",
    "http://[64:ff9b::a9fe:a9fe]/",
    "https://192.168.0.1/",
])
def test_private_literal_addresses_are_refused_without_dns(url: str) -> None:
    fetch = GuardedFetcher(allow_http=True, resolver=no_dns)
    assert refusal(fetch, url).code == "blocked_address"


def test_name_resolving_to_loopback_is_refused(server: LocalServer) -> None:
    server.routes["/doc"] = respond(DOC)
    fetch = GuardedFetcher(allow_http=True, resolver=fake_dns({"evil.test": ["127.0.0.1"]}))
    assert refusal(fetch, server.url("/doc", host="evil.test")).code == "blocked_address"
    assert server.requests == []


@pytest.mark.parametrize("answers", [
    ["93.184.216.34", "10.0.0.5"],
    ["10.0.0.5", "93.184.216.34"],
    ["2606:2800:220:1::1", "::1"],
])
def test_name_with_any_private_address_is_refused(answers: list[str]) -> None:
    fetch = GuardedFetcher(resolver=fake_dns({"mixed.test": answers}))
    assert refusal(fetch, "https://mixed.test/doc").code == "blocked_address"


def test_default_resolver_is_used_and_checked() -> None:
    # "localhost" comes from /etc/hosts through the real getaddrinfo (no DNS involved).
    assert refusal(GuardedFetcher(), "https://localhost/doc").code == "blocked_address"


@pytest.mark.parametrize("allow_http", [False, True])
@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "gopher://example.test:70/_GET%20/",
    "ftp://example.test/doc.json",
    "data:application/json,{}",
    "dict://example.test:11211/stats",
    "javascript:alert(1)",
    "//example.test/doc",
])
def test_other_schemes_are_refused(url: str, allow_http: bool) -> None:
    fetch = GuardedFetcher(allow_http=allow_http, resolver=no_dns)
    assert refusal(fetch, url).code == "scheme_not_allowed"


def test_http_is_refused_unless_allowed() -> None:
    fetch = GuardedFetcher(resolver=fake_dns({"issuer.test": ["93.184.216.34"]}))
    assert refusal(fetch, "http://issuer.test/doc").code == "scheme_not_allowed"


@pytest.mark.parametrize("url", [
    "https://user:pw@issuer.test/doc",
    "https://user@issuer.test/doc",
    "https://:pw@issuer.test/doc",
    "https://issuer.test@127.0.0.1/doc",
])
def test_credentials_in_url_are_refused(url: str) -> None:
    assert refusal(GuardedFetcher(resolver=no_dns), url).code == "credentials_in_url"


@pytest.mark.parametrize("url", [
    "https://",
    "https:///doc",
    "https://exa mple.test/doc",
    "https://issuer.test:99999/doc",
    "https://issuer.test:port/doc",
    "https://[::1/doc",
])
def test_invalid_urls_are_refused(url: str) -> None:
    assert refusal(GuardedFetcher(resolver=no_dns), url).code == "invalid_url"


def test_unknown_name_is_a_dns_failure() -> None:
    fetch = GuardedFetcher(resolver=fake_dns({}))
    assert refusal(fetch, "https://nowhere.test/doc").code == "dns_failure"


def test_refused_connection_is_unreachable() -> None:
    with socket.socket() as probe:  # a loopback port with nobody listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert refusal(local_fetcher(), f"http://127.0.0.1:{port}/doc").code == "unreachable"


# --------------------------------------------------------------------------- DNS rebinding


def test_dns_rebinding_is_caught_at_connect_time(
    server: LocalServer, no_internet: list[object]
) -> None:
    """The name looks public when checked, then points at loopback when connected."""
    server.routes["/doc"] = respond(DOC)
    answers = iter([["93.184.216.34"], ["127.0.0.1"]])
    asked: list[str] = []

    def rebinding(host: str, port: int) -> list[str]:
        asked.append(host)
        return next(answers)  # a third question would raise StopIteration: fails the test

    fetch = GuardedFetcher(allow_http=True, resolver=rebinding)
    assert refusal(fetch, server.url("/doc", host="rebind.test")).code == "blocked_address"
    assert asked == ["rebind.test", "rebind.test"]  # checked, then re-resolved to connect
    assert server.requests == []
    assert no_internet == []  # and no connect to the first (public) answer either


# --------------------------------------------------------------------------- positive fetch


def test_allowed_fetch_returns_content_and_sends_headers(server: LocalServer) -> None:
    server.routes["/doc"] = respond(DOC)
    fetched = local_fetcher()(server.url("/doc"))
    assert fetched.content == DOC
    assert fetched.content_type == "application/ld+json"
    assert fetched.url == server.url("/doc")
    assert json.loads(fetched.content)["id"] == "https://issuer.test/doc"
    sent = server.headers[0]
    assert sent["Accept"] == (
        "application/ld+json, application/json;q=0.9, application/jwt;q=0.8, */*;q=0.1")
    assert sent["User-Agent"] == f"credential-screening/{screening.__version__}"
    assert "Cookie" not in sent and "Authorization" not in sent


def test_allowed_name_is_fetched_from_its_resolved_address(server: LocalServer) -> None:
    server.routes["/doc"] = respond(DOC)
    fetch = local_fetcher(resolver=fake_dns({"issuer.test": ["127.0.0.1"]}))
    assert fetch(server.url("/doc", host="issuer.test")).content == DOC
    assert server.headers[0]["Host"] == f"issuer.test:{server.port}"


# --------------------------------------------------------------------------- redirects


@pytest.mark.parametrize("target", ["http://10.0.0.1/doc", "http://127.0.0.2:{port}/doc",
                                    "http://[::1]:{port}/doc", "http://169.254.169.254/"])
def test_redirect_to_a_blocked_address_is_refused(server: LocalServer, target: str) -> None:
    server.routes["/start"] = redirect(target.format(port=server.port))
    server.routes["/doc"] = respond(DOC)
    assert refusal(local_fetcher(), server.url("/start")).code == "blocked_address"
    assert server.requests == ["/start"]


def test_redirect_to_a_name_on_a_private_address_is_refused(server: LocalServer) -> None:
    server.routes["/start"] = redirect("http://intranet.test/doc")
    fetch = local_fetcher(resolver=fake_dns({"intranet.test": ["192.168.0.10"]}))
    assert refusal(fetch, server.url("/start")).code == "blocked_address"


def test_redirect_to_another_scheme_is_refused(server: LocalServer) -> None:
    server.routes["/start"] = redirect("file:///etc/passwd")
    assert refusal(local_fetcher(), server.url("/start")).code == "scheme_not_allowed"


def _chain(server: LocalServer, hops: int) -> str:
    """/r<hops> -> ... -> /r1 -> /doc, with relative and absolute Locations and 30x codes."""
    server.routes["/doc"] = respond(DOC)
    statuses = [301, 302, 303, 307, 308]
    for hop in range(1, hops + 1):
        target = "/doc" if hop == 1 else f"/r{hop - 1}"
        location = target if hop % 2 else server.url(target)
        server.routes[f"/r{hop}"] = redirect(location, statuses[hop % len(statuses)])
    return server.url(f"/r{hops}")


def test_redirects_up_to_the_cap_are_followed(server: LocalServer) -> None:
    fetched = local_fetcher(max_redirects=3)(_chain(server, 3))
    assert fetched.content == DOC
    assert fetched.url == server.url("/doc")
    assert len(server.requests) == 4


def test_redirects_beyond_the_cap_are_refused(server: LocalServer) -> None:
    error = refusal(local_fetcher(max_redirects=3), _chain(server, 4))
    assert error.code == "too_many_redirects"
    assert "/doc" not in server.requests


def test_redirect_loop_is_refused(server: LocalServer) -> None:
    server.routes["/loop"] = redirect("/loop")
    assert refusal(local_fetcher(), server.url("/loop")).code == "too_many_redirects"
    assert len(server.requests) == 4  # the original request and three redirects


# --------------------------------------------------------------------------- HTTP status


@pytest.mark.parametrize("status", [404, 410, 500, 304, 204])
def test_non_success_status_is_an_http_error_with_status(
    server: LocalServer, status: int
) -> None:
    if status == 204:  # 2xx: accepted, with an empty body
        server.routes["/doc"] = respond(b"", status)
        assert local_fetcher()(server.url("/doc")).content == b""
        return
    server.routes["/doc"] = respond(b"gone", status)
    error = refusal(local_fetcher(), server.url("/doc"))
    assert (error.code, error.status) == ("http_error", status)


def test_redirect_without_location_is_an_http_error(server: LocalServer) -> None:
    server.routes["/doc"] = respond(b"", 302)
    error = refusal(local_fetcher(), server.url("/doc"))
    assert (error.code, error.status) == ("http_error", 302)


# --------------------------------------------------------------------------- size cap

LIMIT = 10_000


def test_body_of_exactly_the_cap_is_accepted(server: LocalServer) -> None:
    server.routes["/doc"] = respond(b"x" * LIMIT)
    assert len(local_fetcher(max_bytes=LIMIT)(server.url("/doc")).content) == LIMIT


def _chunked(body: bytes, size: int = 1000) -> bytes:
    pieces = [body[i:i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\n\r\n"


@pytest.mark.parametrize("route", [
    respond(b"x" * (LIMIT + 1)),
    raw(b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n", b"x" * (LIMIT + 1)),
    raw(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        _chunked(b"x" * (LIMIT + 1))),
], ids=["content-length", "no-length", "chunked"])
def test_body_over_the_cap_is_refused(server: LocalServer, route: Route) -> None:
    server.routes["/doc"] = route
    assert refusal(local_fetcher(max_bytes=LIMIT), server.url("/doc")).code == "too_large"


@dataclass
class Deadlines:
    """What the fetch deadlines did: fetches started (each with its one overall deadline)
    and the deadline watchdogs that fired."""

    attempts: int = 0
    expired: int = 0


@pytest.fixture
def deadlines(monkeypatch: pytest.MonkeyPatch) -> Deadlines:
    seen = Deadlines()
    start, expire = http_module._Attempt.__init__, http_module._Attempt._expire

    def counted_start(self: object, *args: object) -> None:
        seen.attempts += 1
        start(self, *args)

    def counted_expire(self: object) -> None:
        seen.expired += 1
        expire(self)

    monkeypatch.setattr(http_module._Attempt, "__init__", counted_start)
    monkeypatch.setattr(http_module._Attempt, "_expire", counted_expire)
    return seen


def test_oversized_content_length_is_refused_before_reading(server: LocalServer,
                                                            deadlines: Deadlines) -> None:
    # The server announces 1 TB, sends a little and stalls: reading would end at the
    # deadline ("timeout"); refused from the header, it ends before it ("too_large").
    server.routes["/doc"] = raw(b"HTTP/1.0 200 OK\r\nContent-Length: 1000000000000\r\n\r\nx",
                                then_wait=True)
    error = refusal(local_fetcher(max_bytes=LIMIT, timeout=1.5), server.url("/doc"))
    assert error.code == "too_large"
    assert deadlines.attempts == 1 and deadlines.expired == 0


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    """64 MiB of zeros, gzip-compressed to about 64 KiB."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(1024 * 1024)
    bomb = b"".join(packer.compress(zeros) for _ in range(64)) + packer.flush()
    assert len(bomb) < 200_000
    return bomb


def test_gzip_bomb_is_refused_without_inflating_it(server: LocalServer, gzip_bomb: bytes) -> None:
    server.routes["/doc"] = respond(gzip_bomb, headers={"Content-Encoding": "gzip"})
    tracemalloc.start()
    try:
        error = refusal(local_fetcher(max_bytes=1024 * 1024), server.url("/doc"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.code == "too_large"
    assert peak < 16 * 1024 * 1024  # inflating it all would need 64 MiB


def test_small_gzip_body_is_decoded(server: LocalServer) -> None:
    server.routes["/doc"] = respond(gzip.compress(DOC), headers={"Content-Encoding": "gzip"})
    assert local_fetcher()(server.url("/doc")).content == DOC


# --------------------------------------------------------------------------- deadline


@pytest.mark.parametrize("route", [
    drip(b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n", b"x"),
    drip(b"HTTP/1.0 200 OK\r\nX-Slow: ", b"y"),
], ids=["body", "headers"])
def test_slow_drip_is_cut_off_by_the_overall_deadline(server: LocalServer, route: Route,
                                                       deadlines: Deadlines) -> None:
    server.routes["/doc"] = route
    fetch = local_fetcher(timeout=1.5, read_timeout=5.0)  # per-read timeouts never fire
    assert refusal(fetch, server.url("/doc")).code == "timeout"
    assert deadlines.attempts == 1 and deadlines.expired == 1  # the deadline ended it


def test_deadline_covers_redirect_hops(server: LocalServer, deadlines: Deadlines) -> None:
    server.routes["/start"] = redirect("/slow")
    server.routes["/slow"] = drip(b"HTTP/1.0 200 OK\r\n\r\n")
    assert refusal(local_fetcher(timeout=1.5), server.url("/start")).code == "timeout"
    assert server.requests == ["/start", "/slow"]
    # one deadline for both hops (a hop does not start a fresh one), and it ended the fetch
    assert deadlines.attempts == 1 and deadlines.expired == 1


def test_silent_server_hits_the_read_timeout(server: LocalServer, deadlines: Deadlines) -> None:
    server.routes["/doc"] = raw(then_wait=True)
    fetch = local_fetcher(timeout=5.0, read_timeout=0.5)
    assert refusal(fetch, server.url("/doc")).code == "timeout"
    assert deadlines.attempts == 1 and deadlines.expired == 0  # the read timeout ended it


def test_slow_resolver_is_cut_off_by_the_deadline() -> None:
    release = threading.Event()
    answered = threading.Event()

    def stuck(host: str, port: int) -> list[str]:
        release.wait(30)  # answers only once the test is over
        answered.set()
        return ["93.184.216.34"]

    fetch = GuardedFetcher(resolver=stuck, timeout=0.5)
    try:
        assert refusal(fetch, "https://slow-dns.test/doc").code == "timeout"
        assert not answered.is_set()  # the fetch gave up without waiting for the resolver
    finally:
        release.set()


# --------------------------------------------------------------------------- proxies


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"])
def test_environment_proxies_are_ignored(
    start_server: Callable[..., LocalServer], monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    origin, proxy = start_server(), start_server()
    origin.routes["/doc"] = respond(DOC)
    proxy.routes["*"] = respond(b'{"from": "proxy"}')
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(variable, proxy.url(""))
    assert local_fetcher()(origin.url("/doc")).content == DOC
    assert proxy.requests == []


# --------------------------------------------------------------------------- TLS


@dataclass
class TLSFiles:
    ca_file: Path
    context: ssl.SSLContext
    sni: list[str | None]


def _certificate(subject: str, key: ec.EllipticCurvePrivateKey, issuer: str,
                 signer: ec.EllipticCurvePrivateKey, *, ca: bool) -> x509.Certificate:
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(signer.public_key()), False)
    )
    if ca:
        builder = builder.add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=False, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
            encipher_only=False, decipher_only=False), critical=True)
    else:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(subject)]), False,
        ).add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False)
    return builder.sign(signer, hashes.SHA256())


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


@pytest.fixture(scope="module")
def tls_material(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """A throwaway CA and a server certificate for the name docs.test (no IP address)."""
    folder = tmp_path_factory.mktemp("tls")
    ca_key, leaf_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(
        ec.SECP256R1())
    ca = _certificate("screening test CA", ca_key, "screening test CA", ca_key, ca=True)
    leaf = _certificate("docs.test", leaf_key, "screening test CA", ca_key, ca=False)
    (folder / "ca.pem").write_bytes(_pem(ca))
    (folder / "leaf.pem").write_bytes(_pem(leaf) + _pem(ca))
    (folder / "leaf.key").write_bytes(leaf_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    return folder / "ca.pem", folder / "leaf.pem", folder / "leaf.key"


@pytest.fixture
def tls(tls_material: tuple[Path, Path, Path]) -> TLSFiles:
    ca_file, chain, key = tls_material
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(chain, key)
    sni: list[str | None] = []
    context.sni_callback = lambda _sock, name, _ctx: sni.append(name)
    return TLSFiles(ca_file, context, sni)


def test_https_by_name_verifies_the_certificate_for_that_name(
    start_server: Callable[..., LocalServer], tls: TLSFiles
) -> None:
    server = start_server(tls.context)
    server.routes["/doc"] = respond(DOC)
    fetch = local_fetcher(allow_http=False, ca_bundle=tls.ca_file,
                          resolver=fake_dns({"docs.test": ["127.0.0.1"]}))
    fetched = fetch(server.url("/doc", scheme="https", host="docs.test"))
    assert fetched.content == DOC
    assert tls.sni == ["docs.test"]  # SNI is the name, although the socket went to the IP


def test_https_certificate_for_another_name_is_refused(
    start_server: Callable[..., LocalServer], tls: TLSFiles
) -> None:
    server = start_server(tls.context)
    server.routes["/doc"] = respond(DOC)
    fetch = local_fetcher(ca_bundle=tls.ca_file, resolver=fake_dns({"other.test": ["127.0.0.1"]}))
    error = refusal(fetch, server.url("/doc", scheme="https", host="other.test"))
    assert error.code == "tls_error"
    assert server.requests == []


def test_https_with_an_untrusted_certificate_is_refused(
    start_server: Callable[..., LocalServer], tls: TLSFiles
) -> None:
    server = start_server(tls.context)
    server.routes["/doc"] = respond(DOC)
    fetch = local_fetcher(resolver=fake_dns({"docs.test": ["127.0.0.1"]}))  # default CAs
    error = refusal(fetch, server.url("/doc", scheme="https", host="docs.test"))
    assert error.code == "tls_error"


def test_https_to_http_redirect_is_refused_even_with_http_allowed(
    start_server: Callable[..., LocalServer], tls: TLSFiles
) -> None:
    secure, plain = start_server(tls.context), start_server()
    secure.routes["/start"] = redirect(plain.url("/doc"))
    plain.routes["/doc"] = respond(DOC)
    fetch = local_fetcher(allow_http=True, ca_bundle=tls.ca_file,
                          resolver=fake_dns({"docs.test": ["127.0.0.1"]}))
    error = refusal(fetch, secure.url("/start", scheme="https", host="docs.test"))
    assert error.code == "scheme_not_allowed"
    assert secure.requests == ["/start"]
    assert plain.requests == []


# --------------------------------------------------------------------------- API


def test_fetch_error_is_backward_compatible() -> None:
    plain, gone = FetchError("https://a.test/", "why"), FetchError("https://a.test/", "why", 410)
    assert (plain.status, plain.code, plain.reason) == (None, "fetch_failed", "why")
    assert (gone.status, gone.code) == (410, "fetch_failed")
    assert FetchError("u", "r", code="blocked_address").code == "blocked_address"


def test_online_fetcher_checks_seeds_first_then_the_guard(
    server: LocalServer, tmp_path: Path
) -> None:
    (tmp_path / "doc.json").write_bytes(DOC)
    (tmp_path / "index.json").write_text(json.dumps({"https://seed.test/doc": "doc.json"}))
    server.routes["/doc"] = respond(b'{"live": true}')
    fetch = online_fetcher([tmp_path / "index.json"], allow_http=True,
                           allowed_networks=LOOPBACK, resolver=no_dns)
    assert isinstance(fetch, SeedFetcher)
    assert fetch("https://seed.test/doc").content == DOC  # never touches the network
    assert fetch(server.url("/doc")).content == b'{"live": true}'
    assert fetch(server.url("/doc")).content == b'{"live": true}'
    assert server.requests == ["/doc"]  # the second answer came from the run cache
    assert refusal(fetch, "https://10.0.0.1/doc").code == "blocked_address"


def test_online_fetcher_without_seeds_is_guarded() -> None:
    fetch = online_fetcher(resolver=no_dns)
    assert refusal(fetch, "http://169.254.169.254/latest/meta-data/").code == "scheme_not_allowed"
    assert refusal(fetch, "https://169.254.169.254/latest/").code == "blocked_address"


def test_hosted_open_badge_redirected_to_another_server_is_not_verified(
        start_server: Callable[..., LocalServer]) -> None:
    """Issue 28 V2 end to end: the issuer's host redirects the assertion's id
    (`/redirect?url=...`) to another server serving an identical copy. The guarded client
    reports the final URL and the hosted check is undecided, never a pass."""
    from screening.verify import verify
    from screening.verify.report import Status, Verdict

    issuer_host, attacker = start_server(), start_server()
    assertion_id = issuer_host.url("/assertions/1")
    assertion = {"@context": "https://w3id.org/openbadges/v2", "type": "Assertion",
                 "id": assertion_id, "recipient": {"type": "email", "hashed": False,
                                                   "identity": "ada@example.com"},
                 "badge": {"type": "BadgeClass", "id": issuer_host.url("/badges/1"),
                           "name": "First aid",
                           "issuer": {"type": "Issuer", "id": issuer_host.url("/issuer"),
                                      "name": "Badge Issuer"}},
                 "verification": {"type": "hosted"}, "issuedOn": "2025-01-01T00:00:00Z"}
    text = json.dumps(assertion).encode()
    attacker.routes["/copy"] = respond(text)
    issuer_host.routes["/assertions/1"] = redirect(attacker.url("/copy"))
    fetcher = local_fetcher()
    assert fetcher(assertion_id).url == attacker.url("/copy")  # the final URL
    report = verify(text, now=datetime(2026, 6, 1, tzinfo=UTC), fetcher=fetcher)
    assert report.check("ob2_hosted").status is Status.INDETERMINATE
    assert report.check("ob2_hosted").details["fetch_code"] == "redirected_off_origin"
    assert report.verdict is not Verdict.VERIFIED
    # served from its own address, the same badge passes the hosted check
    issuer_host.routes["/assertions/1"] = respond(text)
    honest = verify(text, now=datetime(2026, 6, 1, tzinfo=UTC), fetcher=local_fetcher())
    assert honest.check("ob2_hosted").status is Status.PASS
