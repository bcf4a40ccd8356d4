// Digital Bazaar's JavaScript verifier, timed on a directory of credentials.
//
//   node verify.mjs <suite> <dir> [passes=3] [now=2026-06-01T12:00:00Z]
//
// Loads every file of <dir>, warms up on the first 20 (with --step: on all of <dir>, the
// driver's warm-up set), then verifies all of them
// <passes> times in this one process and prints one JSON line:
//   {"suite", "count", "verified", "passes_per_second": [...], ...}
// (count, verified: the last pass's; the CPU rate counts all of this process's threads.)
// With --step it prints {"ready": n} before each pass and waits for a line on stdin, so
// a driver can interleave its own passes with these (benchmarks/side_by_side.py); a
// non-empty line names a directory whose credentials that pass verifies instead.
// Exits 1 (after printing the line, with "first_error") if any credential did not verify:
// a comparison in which the reference rejects the credentials is void.
//
// Contexts come only from the project's bundled files (screening/contexts), checked
// against their pinned SHA-256; did:key is resolved locally by @digitalbazaar/did-method-key.
// Nothing touches the network.
import {createHash} from 'node:crypto';
import {readFileSync, readdirSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {performance} from 'node:perf_hooks';
import {createInterface} from 'node:readline';

import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {driver as didKeyDriver} from '@digitalbazaar/did-method-key';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {createVerifyCryptosuite as eddsaJcs2022} from
  '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import {cryptosuite as ecdsaRdfc2019} from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import {createVerifyCryptosuite as ecdsaSd2023} from
  '@digitalbazaar/ecdsa-sd-2023-cryptosuite';
import {Ed25519Signature2020} from '@digitalbazaar/ed25519-signature-2020';
import * as jose from 'jose';

const HERE = dirname(fileURLToPath(import.meta.url));
const CONTEXTS = join(HERE, '..', '..', 'screening', 'contexts');
const WARMUP = 20;

// --- offline document loader: bundled contexts + did:key ----------------------------
function bundledContexts() {
  const manifest = JSON.parse(readFileSync(join(CONTEXTS, 'manifest.json'), 'utf8'));
  const byUrl = new Map();
  for(const entry of manifest.contexts) {
    // one URL may have several revisions: serve the preferred one, as the project does
    if(byUrl.has(entry.url) && !entry.preferred) {
      continue;
    }
    const bytes = readFileSync(join(CONTEXTS, 'files', entry.file));
    const digest = createHash('sha256').update(bytes).digest('hex');
    if(digest !== entry.sha256) {
      throw new Error(`context ${entry.url}: sha256 ${digest} != ${entry.sha256}`);
    }
    byUrl.set(entry.url, JSON.parse(bytes.toString('utf8')));
  }
  return byUrl;
}

const contexts = bundledContexts();
const didKey = didKeyDriver();
didKey.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});
didKey.use({multibaseMultikeyHeader: 'zDna', fromMultibase: EcdsaMultikey.from});

async function documentLoader(url) {
  const context = contexts.get(url);
  if(context !== undefined) {
    return {contextUrl: null, documentUrl: url, document: context};
  }
  if(url.startsWith('did:key:')) {
    return {contextUrl: null, documentUrl: url, document: await didKey.get({url})};
  }
  throw new Error(`document loader: ${url} is not bundled (offline)`);
}

// --- the verifiers ---------------------------------------------------------------------
function dataIntegrity(suite) {
  return async (text, now) => vc.verifyCredential({
    credential: JSON.parse(text), suite, documentLoader, now
  });
}

// vc-jwt: Digital Bazaar publishes no VC-JOSE verifier. This checks the EdDSA JWS with
// jose against the did:key of the `kid`, plus exp/nbf and validFrom/validUntil; no
// JSON-LD expansion or VC data-model checks, so it does less work than ours.
async function verifyJwt(text, now) {
  const {kid, alg} = jose.decodeProtectedHeader(text);
  if(alg !== 'EdDSA' || !kid?.startsWith('did:key:')) {
    throw new Error(`unsupported JWT header alg=${alg} kid=${kid}`);
  }
  const method = await didKey.get({url: kid});
  const keyPair = await Ed25519Multikey.from(method);
  const jwk = await Ed25519Multikey.toJwk({keyPair});
  const key = await jose.importJWK({...jwk, alg: 'EdDSA'}, 'EdDSA');
  const {payload} = await jose.jwtVerify(text, key, {
    algorithms: ['EdDSA'], currentDate: now
  });
  const issuer = typeof payload.issuer === 'string' ? payload.issuer : payload.issuer?.id;
  if(issuer !== kid.split('#')[0]) {
    throw new Error('issuer does not match the kid');
  }
  if(payload.validFrom && new Date(payload.validFrom) > now) {
    throw new Error('not yet valid');
  }
  if(payload.validUntil && new Date(payload.validUntil) < now) {
    throw new Error('expired');
  }
  return {verified: true};
}

const VERIFIERS = {
  'eddsa-rdfc-2022': dataIntegrity(new DataIntegrityProof({cryptosuite: eddsaRdfc2022})),
  'eddsa-jcs-2022': dataIntegrity(new DataIntegrityProof({cryptosuite: eddsaJcs2022()})),
  'ecdsa-rdfc-2019': dataIntegrity(new DataIntegrityProof({cryptosuite: ecdsaRdfc2019})),
  'ecdsa-sd-2023': dataIntegrity(new DataIntegrityProof({cryptosuite: ecdsaSd2023()})),
  Ed25519Signature2020: dataIntegrity(new Ed25519Signature2020()),
  'vc-jwt': verifyJwt
};

function firstError(result) {
  const error = result.error ?? result.results?.find(r => r.error)?.error;
  const errors = error?.errors ?? [error];
  return errors.map(e => String(e?.message ?? e)).join('; ');
}

async function verifyAll(verify, documents, now) {
  let verified = 0;
  let error;
  for(const text of documents) {
    let result;
    try {
      result = await verify(text, now);
    } catch(e) {
      result = {verified: false, error: e};
    }
    if(result.verified) {
      verified++;
    } else {
      error ??= firstError(result);
    }
  }
  return {verified, error};
}

function packageVersions() {
  const {dependencies} = JSON.parse(readFileSync(join(HERE, 'package.json'), 'utf8'));
  return Object.fromEntries(Object.keys(dependencies).map(name => [name, JSON.parse(
    readFileSync(join(HERE, 'node_modules', name, 'package.json'), 'utf8')).version]));
}

function load(dir) {
  return readdirSync(dir).sort().map(name => readFileSync(join(dir, name), 'utf8').trim());
}

async function main() {
  const args = process.argv.slice(2);
  const step = args.includes('--step');
  const [suite, dir, passesArg = '3', nowArg = '2026-06-01T12:00:00Z'] =
    args.filter(arg => arg !== '--step');
  const verify = VERIFIERS[suite];
  if(!verify || !dir) {
    console.error(`usage: node verify.mjs <${Object.keys(VERIFIERS).join('|')}> <dir> ` +
      '[passes] [now] [--step]');
    process.exit(2);
  }
  const now = new Date(nowArg);
  let documents = load(dir);
  const out = {suite, count: documents.length, verified: 0, passes_per_second: [],
    cpu_passes_per_second: []};
  // warm up (JIT, parsed contexts); a failure here shows again in the first pass. Driven
  // step by step, the folder given is the driver's warm-up set: all of it.
  await verifyAll(verify, step ? documents : documents.slice(0, WARMUP), now);
  const lines = createInterface({input: process.stdin})[Symbol.asyncIterator]();
  let error;
  for(let pass = 0; pass < Number(passesArg) && !error; pass++) {
    if(step) { // driven pass by pass, interleaved with another verifier
      console.log(JSON.stringify({ready: pass}));
      const line = await lines.next();
      if(line.done) {
        break;
      }
      if(line.value.trim()) { // this pass's own credentials
        documents = load(line.value.trim());
        out.count = documents.length;
      }
    }
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const result = await verifyAll(verify, documents, now);
    const seconds = (performance.now() - start) / 1000;
    const {user, system} = process.cpuUsage(cpuStart);
    out.verified = result.verified;
    out.passes_per_second.push(documents.length / seconds);
    out.cpu_passes_per_second.push(documents.length / ((user + system) / 1e6));
    error = result.error;
  }
  if(error) {
    out.first_error = error;
  }
  out.node = process.version;
  out.packages = packageVersions();
  console.log(JSON.stringify(out));
  process.exit(error ? 1 : 0);
}

await main();
