"""How long each hostile input takes to be refused or stopped, and with which code.

    python benchmarks/hostile_inputs.py [--repeat 3] [--only png ...]

The probes are the inputs of tests/test_hostile_inputs.py (issue 17), the blank-node
poisoning of tests/test_fuzz.py and the stuck resolver of tests/fetch/test_net_guard.py,
and issue 28's probes (N1 near-limit blank-node graphs, B5 gzip members, V1 slow status
lists and links on a local server, N2 SD-JWTs sharing one token status list, B6 10,000
empty objects saved to SQLite).
The tests assert what happens (the code, the work done); this script measures the time,
which on a shared machine says as much about the hour as about the code. Each probe runs
--repeat times; printed: its name, the median wall-clock seconds (every run in brackets)
and the code it ended with. Everything is built here, deterministically, from the signing
helpers; nothing is fetched.
"""

from __future__ import annotations

import argparse
import copy
import gzip
import json
import statistics
import sys
import threading
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ISSUER, NOW, credential, peak_rss_mib, timed

from screening.batch.parallel import verify_items
from screening.batch.runner import RunSettings as Settings
from screening.batch.runner import Screening
from screening.errors import FetchError
from screening.fetch.http import GuardedFetcher
from screening.ingest import IngestedItem, IntakeError, ingest_bytes
from screening.ingest.baked import extract_png
from screening.ingest.limits import MAX_ITEMS_PER_UPLOAD, MIB
from screening.testing.baking import plain_png, png_chunk
from screening.testing.bundles import zip_of
from screening.testing.signing import sign
from screening.text import scrub_emails
from screening.verify import budget, verify
from screening.verify.jsonld.processing import CanonicalizationError, ContextStore
from screening.verify.trust import KnownIssuer, TrustList

TRUST = TrustList([KnownIssuer(ISSUER.did_key, "Benchmark University")])
SIGNED = sign(credential(0), ISSUER)
GOOD = json.dumps(SIGNED).encode()
HOSTILE_NAMES = {"a×200k": "a" * 200_000, "(a×50 @)×4k": ("a" * 50 + "@") * 4_000,
                 "x@×100k": "x@" * 100_000, ".×100k @": "." * 100_000 + "@",
                 "a.×50k @b": ("a." * 50_000) + "@b"}


def budget_code(report: Any) -> str:
    if report.check(budget.UPLOAD) is not None:
        return budget.UPLOAD
    check = report.check(budget.CHECK_CODE)
    return "-" if check is None else str(check.details["budget_code"])



def items(*files: tuple[str, bytes]) -> list[IngestedItem]:
    return [item for name, data in files for item in ingest_bytes(data, name)[0]]


def many_values(subjects: int) -> dict[str, Any]:
    """Several subjects, each with a property at the values cap: quadratic node maps."""
    found = []
    for k in range(subjects):
        subject = copy.deepcopy(SIGNED["credentialSubject"])
        subject["achievement"]["id"] += str(k)
        subject["achievement"]["tag"] = [f"t{k}-{i}"
                                         for i in range(budget.MAX_VALUES_PER_PROPERTY)]
        found.append(subject)
    return {**SIGNED, "credentialSubject": found}


def with_status(count: int) -> dict[str, Any]:
    entries = [{"id": f"https://status{n}.example/list#1", "type": "BitstringStatusListEntry",
                "statusPurpose": "revocation", "statusListIndex": "1",
                "statusListCredential": f"https://status{n}.example/list"}
               for n in range(count)]
    return sign({**credential(1), "credentialStatus": entries}, ISSUER)


def slow_fetcher(url: str) -> Any:
    threading.Event().wait(0.5)  # a host that answers nothing for half a second
    raise FetchError(url, "too slow", code="timeout")


def intake_code(call: Callable[[], Any]) -> str:
    try:
        call()
    except IntakeError as exc:
        return exc.code
    return "-"


# ------------------------------------------------------------------------------ probes


def scrub(text: str) -> Callable[[], str]:
    return lambda: "unchanged" if scrub_emails(text) == text else "scrubbed"


def too_many_proofs() -> str:
    proofs = [SIGNED["proof"]] * (budget.MAX_PROOFS_PER_DOCUMENT + 22)
    return budget_code(verify({**SIGNED, "proof": proofs}, now=NOW))


def too_many_values() -> str:
    doc = copy.deepcopy(SIGNED)
    doc["credentialSubject"]["achievement"]["tag"] = [f"t{i}" for i in range(10_000)]
    return budget_code(verify(doc, now=NOW))


def slow_document() -> str:
    """The time budget at 0.5 s (as the test set it before it used a fake clock)."""
    saved = budget.VERIFY_SECONDS
    budget.VERIFY_SECONDS = 0.5
    try:
        return budget_code(verify(many_values(4), now=NOW, loader=ContextStore.bundled()))
    finally:
        budget.VERIFY_SECONDS = saved


def png_chunk_bomb() -> str:
    bomb = zlib.compress(b" " * (6 * MIB), 9)
    body = b"openbadgecredential\0" + b"\1\0" + b"\0\0" + bomb
    png = plain_png()
    iend = png.rindex(b"IEND") - 4
    return intake_code(lambda: extract_png(png[:iend] + png_chunk(b"iTXt", body) * 800
                                           + png[iend:]))


def png_chunks_share_one_limit() -> str:
    small = zlib.compress(b" " * MIB + json.dumps(credential(2)).encode(), 9)
    png = plain_png()
    iend = png.rindex(b"IEND") - 4
    chunks = b"".join(png_chunk(b"iTXt", b"openbadgecredential\0\1\0\0\0" + small)
                      for _ in range(6))
    return intake_code(lambda: extract_png(png[:iend] + chunks + png[iend:]))


def gzip_members_in_a_zip() -> str:
    member = gzip.compress(b"0" * (30 * MIB), 9)
    _, errors = ingest_bytes(zip_of({f"m{n}.json.gz": member for n in range(12)}), "gz.zip")
    return ",".join(sorted({e.code for e in errors}))


def json_array_over_the_item_cap() -> str:
    data = json.dumps([{"id": f"urn:{n}"} for n in range(MAX_ITEMS_PER_UPLOAD * 2)]).encode()
    return ",".join(e.code for e in ingest_bytes(data, "many.json")[1])


def status_entries_side_by_side() -> str:
    report = verify(with_status(budget.MAX_STATUS_ENTRIES), now=NOW, fetcher=slow_fetcher)
    return f"credential_status {report.check('credential_status').status}"


def too_many_status_entries() -> str:
    return budget_code(verify(with_status(28), now=NOW, fetcher=slow_fetcher))


def deep_manifest() -> str:
    deep = b"[" * 100_000 + b"]" * 100_000
    _, errors = ingest_bytes(zip_of({"manifest.json": deep, "ada/a.json": b"{}"}), "b.zip")
    return ",".join(e.code for e in errors)


def blank_node_poisoning() -> str:
    nodes = 10
    poisoned = {"@context": {"p": {"@id": "https://example.org/p", "@type": "@id"}},
                "@graph": [{"@id": f"_:b{i}", "p": [f"_:b{j}" for j in range(nodes) if j != i]}
                           for i in range(nodes)]}
    try:
        ContextStore.bundled().canonicalizer().canonize(poisoned)  # fresh: no memo hit
    except CanonicalizationError:
        return "CanonicalizationError"
    return "-"


def cpu_hog_in_the_pool() -> str:
    saved = budget.VERIFY_SECONDS
    budget.VERIFY_SECONDS = 120.0  # only the worker's CPU limit stops it (as in the test)
    try:
        hog = json.dumps(many_values(6)).encode()
        rows = verify_items(items(("a.json", GOOD), ("hog.json", hog), ("b.json", GOOD)),
                            Settings(NOW, TRUST, cpu_seconds=1), workers=2, isolate=True)
    finally:
        budget.VERIFY_SECONDS = saved
    return budget_code(rows[1].report)


def memory_hog_in_the_pool() -> str:
    block = "[" + ",".join(["[" + ",".join(["{}"] * 1000) + "]"] * 800) + "]"
    hog = ('{"a":' + block + ',"b":' + block + "}").encode()
    rows = verify_items(items(("a.json", GOOD), ("hog.json", hog), ("b.json", GOOD)),
                        Settings(NOW, TRUST, memory_headroom=32 * MIB), workers=2,
                        isolate=True)
    return budget_code(rows[1].report)


def stuck_resolver() -> str:
    release = threading.Event()

    def stuck(host: str, port: int) -> list[str]:
        release.wait(30)
        return ["93.184.216.34"]

    try:
        GuardedFetcher(resolver=stuck, timeout=0.5)("https://slow-dns.test/doc")
    except FetchError as exc:
        return exc.code or "-"
    finally:
        release.set()
    return "-"


# --------------------------------------------------------------- issue 28: one budget per upload


def upload_codes(rows: list[Any]) -> str:
    """How the rows of one upload ended: 'ok×n' for rows without a budget code, else each
    budget code with its count."""
    found: dict[str, int] = {}
    for row in rows:
        upload = row.report.check(budget.UPLOAD)
        code = budget.UPLOAD if upload is not None else budget_code(row.report)
        if code == "-":
            code = str(row.report.verdict)
        found[code] = found.get(code, 0) + 1
    return ",".join(f"{code}×{count}" for code, count in sorted(found.items()))


def knotted(serial: int, nodes: int = 8) -> bytes:
    """A signed credential whose subject holds `nodes` blank nodes each linked to all the
    others: canonicalisation works right up to its limits (~2 s) on every copy."""
    doc = credential(serial)
    doc["@context"] = [*doc["@context"],
                       {"linked": {"@id": "https://example.org/linked", "@type": "@id"},
                        "knots": {"@id": "https://example.org/knots"}}]
    doc["credentialSubject"]["knots"] = [
        {"id": f"_:k{i}", "linked": [f"_:k{j}" for j in range(nodes) if j != i]}
        for i in range(nodes)]
    return json.dumps({**doc, "proof": SIGNED["proof"]}).encode()


def n1_knotted_graphs(isolate: bool) -> Callable[[], str]:
    def probe() -> str:
        bundle = zip_of({f"{n:02}.json": knotted(n) for n in range(30)})
        rows = verify_items(items(("graphs.zip", bundle)), Settings(NOW, TRUST),
                            workers=2 if isolate else 1, isolate=isolate)
        return upload_codes(rows)
    return probe


def b5_gzip_members() -> str:
    member = gzip.compress(b"0" * (81 * MIB), 9)  # ~80 KiB, refused once 200 MiB are spent
    bundle = zip_of({f"m{n:03}.json.gz": member for n in range(200)})
    return upload_codes(Screening(now=NOW).verify_upload(bundle, "gz.zip"))


class _SlowServer:
    """A loopback HTTP server whose every answer takes `seconds` (then 503)."""

    def __init__(self, seconds: float):
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.stop = threading.Event()
        wait, stop = seconds, self.stop

        class Slow(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                stop.wait(wait)
                try:
                    self.send_response(503)
                    self.end_headers()
                except OSError:
                    pass

            def log_message(self, *args: object) -> None:
                pass

        class Quiet(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: object, client_address: object) -> None:
                pass

        self.httpd = Quiet(("127.0.0.1", 0), Slow)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def _local_fetcher() -> GuardedFetcher:
    return GuardedFetcher(allow_http=True, allowed_networks=["127.0.0.1/32"])


def v1_slow_status_lists() -> str:
    server = _SlowServer(10.0)  # each list answers only when the 10 s fetch limit is up
    try:
        docs = {}
        for n in range(10):
            entries = [{"id": server.url(f"/c{n}/l{k}#1"), "type": "BitstringStatusListEntry",
                        "statusPurpose": "revocation", "statusListIndex": "1",
                        "statusListCredential": server.url(f"/c{n}/l{k}")} for k in range(8)]
            docs[f"{n}.json"] = json.dumps(sign({**credential(n), "credentialStatus": entries},
                                                ISSUER)).encode()
        run = Screening(now=NOW, fetcher=_local_fetcher(), trust=TRUST)
        return upload_codes(run.verify_upload(zip_of(docs), "slow.zip"))
    finally:
        server.close()


def v1_slow_links() -> str:
    server = _SlowServer(1.0)
    try:
        text = "\n".join(server.url(f"/{n}.json") for n in range(500))
        run = Screening(now=NOW, fetcher=_local_fetcher(), trust=TRUST)
        return upload_codes(run.verify_text(text, "links.txt"))
    finally:
        server.close()


def n2_shared_token_status_list() -> str:
    import base64

    from common import EC_ISSUER

    from screening.fetch.seeds import SeedFetcher
    from screening.testing.signing import sign_sd_jwt, sign_status_list

    uri = "https://status.benchmark.example/lists/1"
    lst = base64.urlsafe_b64encode(zlib.compress(bytes(16 * MIB), 9)).rstrip(b"=").decode()
    token = sign_status_list([], EC_ISSUER, uri, kid=EC_ISSUER.did_key_method,
                             claims={"status_list": {"bits": 1, "lst": lst}})
    claims = {"iss": EC_ISSUER.did_key, "vct": "https://credentials.example/vct/degree",
              "iat": 1735689600, "exp": 1893456000, "name": "BSc"}
    tokens = [sign_sd_jwt({**claims, "sub": f"did:example:{n}",
                           "status": {"status_list": {"idx": n, "uri": uri}}},
                          EC_ISSUER, kid=EC_ISSUER.did_key_method) for n in range(400)]
    run = Screening(now=NOW, fetcher=SeedFetcher({uri: token.encode()}))
    rows = run.verify_upload(json.dumps(tokens).encode(), "tokens.json", candidate="Ada")
    statuses: dict[str, int] = {}
    for row in rows:
        status = str(row.report.check("credential_status").status)
        statuses[status] = statuses.get(status, 0) + 1
    return (",".join(f"credential_status {k}×{v}" for k, v in sorted(statuses.items()))
            + f"; decoded {run.decoded.decodes}×")


def b6_empty_objects() -> str:
    import tempfile

    from screening.matching.scoring import DEFAULT_CONFIG
    from screening.session.samples import sample_roles
    from screening.session.saved import save_current
    from screening.session.workspace import Pool, snapshot_of
    from screening.store import open_store

    data = b"[" + GOOD + b"," + b",".join([b"{}"] * 10_000) + b"]"
    with tempfile.TemporaryDirectory() as folder:
        pool = Pool()
        pool.extend(Screening(now=NOW).verify_upload(data, "blank.json", candidate="Ada"))
        role = sample_roles()["data-analyst"]
        with open_store(data_dir=Path(folder)):
            pass  # an empty store, closed: its size is the baseline
        before = sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())
        with open_store(data_dir=Path(folder)) as store:
            save_current(store, "blank", pool, snapshot_of(pool, role, DEFAULT_CONFIG, NOW),
                         role, DEFAULT_CONFIG, "benchmark", NOW)
        after = sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())
    return f"{len(pool.rows)} rows, store +{(after - before) / 1024:.0f} KiB"


PROBES: dict[str, Callable[[], str]] = {
    **{f"e-mail scrub {name}": scrub(text) for name, text in HOSTILE_NAMES.items()},
    "too many proofs": too_many_proofs,
    "too many values of one property": too_many_values,
    "slow document, 0.5 s time budget": slow_document,
    "PNG: 800 compressed chunks": png_chunk_bomb,
    "PNG: chunks share one inflate limit": png_chunks_share_one_limit,
    "ZIP of gzip members (360 MiB inflated)": gzip_members_in_a_zip,
    "JSON array over the item cap": json_array_over_the_item_cap,
    "8 status lists, 0.5 s each, side by side": status_entries_side_by_side,
    "28 status entries": too_many_status_entries,
    "100,000-deep manifest": deep_manifest,
    "blank-node poisoning (10 symmetric nodes)": blank_node_poisoning,
    "CPU hog in the pool (1 s CPU limit)": cpu_hog_in_the_pool,
    "memory hog in the pool": memory_hog_in_the_pool,
    "stuck resolver, 0.5 s fetch deadline": stuck_resolver,
    "N1 ZIP of 30 near-limit graphs, CLI": n1_knotted_graphs(isolate=False),
    "N1 ZIP of 30 near-limit graphs, workers": n1_knotted_graphs(isolate=True),
    "B5 ZIP of 200 gzip members (81 MiB each)": b5_gzip_members,
    "V1 10 credentials x 8 lists, 10 s each": v1_slow_status_lists,
    "V1 500 links, 1 s each": v1_slow_links,
    "N2 400 SD-JWTs, one 16 MiB token list": n2_shared_token_status_list,
    "B6 10,000 {} beside a credential, saved": b6_empty_objects,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="runs per probe")
    parser.add_argument("--only", action="append", default=[],
                        help="only probes whose name contains this (repeatable)")
    args = parser.parse_args()
    print(f"{'probe':<44} {'seconds':>8}  code  (every run)")
    for name, probe in PROBES.items():
        if args.only and not any(part in name for part in args.only):
            continue
        runs, codes = [], set()
        for _ in range(args.repeat):
            with timed() as elapsed:
                codes.add(probe())
            runs.append(elapsed())
        print(f"{name:<44} {statistics.median(runs):>8.3f}  {'/'.join(sorted(codes))}  "
              f"({', '.join(f'{r:.3f}' for r in runs)})")
    print(f"peak memory (this process): {peak_rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
