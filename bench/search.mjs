#!/usr/bin/env node
// Benchmark of faqgen's site search (src/search/, static/search.js): not a test, nothing is
// asserted; it prints Markdown tables of medians against the targets.
//
// Run from anywhere, once tests/browser has its packages (`npm ci --ignore-scripts` there, or
// any `cargo test --test browser`) for playwright-core, which drives Debian's Chromium at
// /usr/bin/chromium (or $CHROMIUM_PATH); takes about 6 minutes for the default sizes:
//
//   node bench/search.mjs [--runs N] [--key-delay MS] [--breakdown] [--bin PATH] [SIZES...]
//
//   SIZES        generated corpus sizes, in entries (default: 1000 10000)
//   --runs       builds timed per size and configuration (default 3)
//   --key-delay  milliseconds between keystrokes when typing queries (default 100, a fast typist;
//                slower than the results' pause, so full results also show while typing;
//                the browser tests type at 30)
//   --breakdown  also lists the requests of each first query, grouped by kind
//   --bin        another faqgen binary to measure (an older build, say) instead of building
//                this repository's release binary
//
// For each size it
//   1. builds the corpus (target/bench/corpus-N, generated with ../shared/bench/gen_corpus.py
//      beside this repository, or $GEN_CORPUS, when missing) with the release binary, search on
//      (the corpus as it is) and off (a copy, target/bench/corpus-N-nosearch, whose faqgen.toml
//      says `search = false`), timing each build and reading its peak RSS from
//      `/usr/bin/time -f %M`; the index costs the difference;
//   2. sums the search index on disk (search/);
//   3. serves the site on 127.0.0.1 under its base path, gzipping text types the way GitHub Pages
//      does,
//      and types several real queries key by key in headless Chromium: each query once as the
//      first of a fresh page and then as a later query of a page that searched already. A
//      query's bytes are those of the search files (search/) requested from the click
//      in the box until the results are shown and nothing more comes; the page's own load is not
//      counted. Times run from the last keystroke to the suggestions and to the full-text results
//      on screen (their list holds that query).
//
// Targets (issue 15): first query ≤ 150 KB transferred at every size; suggestions ≤ 50 ms and
// full results ≤ 150 ms after the last key at 10,000 entries (the results' 60 ms pause
// included).

import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

import { readEntries, requireChromium } from '../tests/browser/common.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BROWSER_TESTS = path.join(ROOT, 'tests', 'browser');
const WORK = path.join(ROOT, 'target', 'bench');
const DEFAULT_BIN = path.join(ROOT, 'target', 'release', 'faqgen');
const GENERATOR = process.env.GEN_CORPUS ?? path.join(ROOT, '..', 'shared', 'bench', 'gen_corpus.py');
const BASE_URL = 'https://example.org/my-faq/';
const TARGETS = { firstQueryKb: 150, suggestionsMs: 50, fullTextMs: 150 };

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '3' },
    'key-delay': { type: 'string', default: '100' },
    breakdown: { type: 'boolean', default: false },
    chromium: { type: 'string', default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
    bin: { type: 'string' },
  },
});
const BIN = options.bin ? path.resolve(options.bin) : DEFAULT_BIN;
// Sites built by another binary go beside, not over, this one's.
const OUT_SUFFIX = options.bin ? '-other' : '';
const RUNS = Math.max(1, Number(options.runs));
const KEY_DELAY_MS = Math.max(0, Number(options['key-delay']));
const SIZES = (positionals.length ? positionals : ['1000', '10000']).map(Number);

const require = createRequire(path.join(BROWSER_TESTS, 'package.json'));
let chromium;
try {
  ({ chromium } = require('playwright-core'));
} catch {
  console.error('playwright-core is missing: run `npm ci --ignore-scripts` in tests/browser first');
  process.exit(2);
}
requireChromium(options.chromium);

// ---------------------------------------------------------------------------------------------
// Building

function run(command, args, what) {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.status !== 0) {
    console.error(`${what} failed (${result.error ?? `status ${result.status}`}):\n${result.stdout ?? ''}${result.stderr ?? ''}`);
    process.exit(1);
  }
  return result.stdout;
}

/** target/bench/corpus-N, generated once; and its copy with `search = false`. */
function corpora(size) {
  const corpus = path.join(WORK, `corpus-${size}`);
  if (!existsSync(path.join(corpus, 'faqgen.toml'))) {
    if (!existsSync(GENERATOR)) {
      console.error(`the corpus generator ${GENERATOR} is missing (set GEN_CORPUS)`);
      process.exit(2);
    }
    rmSync(corpus, { recursive: true, force: true });
    run('python3', [GENERATOR, String(size), corpus], `generating ${size} entries`);
  }
  const noSearch = path.join(WORK, `corpus-${size}-nosearch`);
  rmSync(noSearch, { recursive: true, force: true });
  cpSync(path.join(corpus, 'content'), path.join(noSearch, 'content'), { recursive: true });
  const config = readFileSync(path.join(corpus, 'faqgen.toml'), 'utf8').replace(/^search\s*=.*\n?/m, '');
  // Top-level keys must come before any [table]: put the key first.
  writeFileSync(path.join(noSearch, 'faqgen.toml'), `search = false\n${config}`);
  return { corpus, noSearch };
}

/** One timed build: wall milliseconds and peak RSS in KB. */
function timedBuild(root, out) {
  const timeFile = path.join(WORK, 'search-time.txt');
  const started = process.hrtime.bigint();
  run('/usr/bin/time', ['-f', '%M', '-o', timeFile, BIN, '--root', root, 'build', '--output-dir', out, '--base-url', BASE_URL], `faqgen build of ${root}`);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const peakKb = Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop());
  return { ms, peakKb };
}

function builds(size) {
  const { corpus, noSearch } = corpora(size);
  const on = [];
  const off = [];
  const out = path.join(WORK, `search-out-${size}${OUT_SUFFIX}`);
  const outOff = path.join(WORK, `search-out-${size}-nosearch${OUT_SUFFIX}`);
  for (let i = 0; i < RUNS; i++) {
    // From nothing each time: a build over its own last output has nothing to do.
    rmSync(out, { recursive: true, force: true });
    rmSync(outOff, { recursive: true, force: true });
    on.push(timedBuild(corpus, out));
    off.push(timedBuild(noSearch, outOff));
  }
  const med = (list, key) => median(list.map((r) => r[key]));
  return {
    corpus,
    out,
    on: { ms: med(on, 'ms'), peakKb: med(on, 'peakKb') },
    off: { ms: med(off, 'ms'), peakKb: med(off, 'peakKb') },
    disk: diskSize([path.join(out, 'search')]),
  };
}

function diskSize(dirs) {
  let bytes = 0;
  let files = 0;
  const walk = (dir) => {
    for (const item of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, item.name);
      if (item.isDirectory()) walk(file);
      else {
        bytes += statSync(file).size;
        files += 1;
      }
    }
  };
  dirs.filter(existsSync).forEach(walk);
  return { bytes, files };
}

// ---------------------------------------------------------------------------------------------
// Serving: like GitHub Pages, text types gzipped, everything else as it is.

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.mjs': 'application/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = /^(text\/|application\/(javascript|json|xml)|image\/svg\+xml)/;

/** Serves `dir` at `basePath`; logs each request to `log`, only the search's own when `mode.searchOnly`. */
function serve(dir, basePath, log, mode) {
  const gzipped = new Map(); // file -> its gzip, made once
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    let file = pathname.startsWith(basePath) ? path.join(dir, pathname.slice(basePath.length)) : null;
    if (file && existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    let status = 200;
    if (!file || !file.startsWith(dir) || !existsSync(file)) {
      status = 404;
      file = path.join(dir, '404.html');
    }
    const body = readFileSync(file);
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    const gzip = COMPRESSIBLE.test(type) && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
    if (gzip && !gzipped.has(file)) gzipped.set(file, gzipSync(body));
    const sent = gzip ? gzipped.get(file) : body;
    const headers = { 'content-type': type, 'content-length': sent.length, 'cache-control': 'max-age=600' };
    if (gzip) headers['content-encoding'] = 'gzip';
    response.writeHead(status, headers);
    response.end(request.method === 'HEAD' ? undefined : sent);
    const served = pathname.slice(basePath.length);
    // While typing, the search's own files only: a late request of the page (its icon) is not the query's.
    if (!mode.searchOnly || /^search\//.test(served)) log.push({ path: served, status, raw: body.length, sent: sent.length, at: Date.now() });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// ---------------------------------------------------------------------------------------------
// Queries

/** Several real queries, the same for every run on a corpus: each kind a reader types. */
function queriesOf(entries) {
  const at = (f) => entries[Math.floor(f * entries.length)];
  const words = (text) => text.toLowerCase().match(/[a-z]+/g) ?? [];
  const frequency = new Map();
  for (const entry of entries) for (const word of new Set(words(entry.body))) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  // The rarest long word of an answer (the corpus's made-up words are rare).
  const rare = words(at(0.5).body).filter((w) => w.length >= 6).sort((a, b) => frequency.get(a) - frequency.get(b))[0] ?? 'account';
  const keywords = words(at(0.66).question).sort((a, b) => b.length - a.length || a.localeCompare(b)).slice(0, 2).join(' ');
  return [
    { kind: 'a whole question', text: at(1 / 3).question },
    { kind: 'two keywords', text: keywords },
    { kind: 'typos', text: 'refnd my ordr' },
    { kind: 'a word of one answer', text: rare },
    { kind: 'a common word', text: 'account' },
  ];
}

// Installed in every page: the time from the last keystroke to each list holding the query.
function instrument() {
  const timing = (window.__bench = { query: null, lastKey: 0, suggestions: undefined, results: undefined });
  document.addEventListener('keydown', () => {
    timing.lastKey = performance.now();
    timing.suggestions = undefined;
    timing.results = undefined;
  }, { capture: true });
  document.addEventListener('DOMContentLoaded', () => {
    const panel = document.querySelector('#search-panel');
    if (!panel) return;
    new MutationObserver((records) => {
      const now = performance.now();
      for (const record of records) {
        const name = record.target.id === 'search-suggestions' ? 'suggestions' : record.target.id === 'search-results' ? 'results' : null;
        if (name && record.target.dataset.query === timing.query && timing[name] === undefined) timing[name] = now - timing.lastKey;
      }
    }).observe(panel, { attributes: true, subtree: true, attributeFilter: ['data-query'] });
  });
}

async function typeQuery(page, query) {
  await page.evaluate((q) => Object.assign(window.__bench, { query: q, suggestions: undefined, results: undefined }), query.trim());
  await page.keyboard.type(query, { delay: KEY_DELAY_MS });
  await page.waitForFunction(() => window.__bench.suggestions !== undefined && window.__bench.results !== undefined, null, { timeout: 30_000 });
  return page.evaluate(() => ({ suggestions: window.__bench.suggestions, results: window.__bench.results }));
}

async function clearQuery(page) {
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Backspace');
  await page.waitForFunction(() => document.querySelector('#search-panel').hidden, null, { timeout: 5_000 });
}

/** Waits until no request has come for `ms`. */
async function quiet(log, ms = 400) {
  for (;;) {
    const last = log.length ? log[log.length - 1].at : 0;
    const wait = last + ms - Date.now();
    if (wait <= 0) return;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/**
 * Types every query as the first of a fresh page (rotating the order), then the others after it:
 * per query, its requests and times.
 */
async function browse(browser, site, queries) {
  const log = [];
  const mode = { searchOnly: false };
  const server = await serve(site, '/my-faq/', log, mode);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const samples = [];
  const pageErrors = [];
  try {
    for (let r = 0; r < queries.length; r++) {
      const order = queries.slice(r).concat(queries.slice(0, r));
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await context.addInitScript(instrument);
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(error.message));
      mode.searchOnly = false;
      await page.goto(`${origin}/my-faq/`, { waitUntil: 'load' });
      await quiet(log);
      const pageLoad = log.splice(0);
      mode.searchOnly = true;
      await page.locator('#search-input').click();
      for (const [i, query] of order.entries()) {
        if (i > 0) log.length = 0; // the first query's requests start with the click in the box
        const times = await typeQuery(page, query.text);
        await quiet(log);
        samples.push({ query, first: i === 0, ...times, requests: log.splice(0) });
        await clearQuery(page);
      }
      if (r === 0) samples.pageLoad = pageLoad;
      await context.close();
    }
  } finally {
    server.close();
  }
  if (pageErrors.length) console.error(`script errors: ${[...new Set(pageErrors)].join('; ')}`);
  return samples;
}

// ---------------------------------------------------------------------------------------------
// Report

function median(values) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (value) => (Number.isFinite(value) ? `${Math.round(value)} ms` : '?');
const sum = (requests, key) => requests.reduce((total, r) => total + r[key], 0);
const mark = (ok) => (ok ? '✓' : '✗');

function kindOf(file) {
  if (file === 'search/index.json') return 'index.json';
  const shard = /^search\/(words|terms|entry)\//.exec(file);
  if (shard) return { words: 'words shards', terms: 'terms shards', entry: 'entry files' }[shard[1]];
  if (file === 'search/filters.json') return 'filters';
  return file;
}

function breakdown(requests) {
  const kinds = new Map();
  for (const r of requests) {
    const kind = kindOf(r.path);
    const k = kinds.get(kind) ?? { n: 0, raw: 0, sent: 0 };
    k.n += 1;
    k.raw += r.raw;
    k.sent += r.sent;
    kinds.set(kind, k);
  }
  return [...kinds].sort((a, b) => b[1].sent - a[1].sent);
}

async function main() {
  const date = new Date().toISOString().slice(0, 10);
  if (!options.bin) {
    console.error('building the release binary…');
    run('cargo', ['build', '--release', '--quiet'], 'cargo build --release');
  }
  mkdirSync(WORK, { recursive: true });
  const version = run(BIN, ['--version'], 'faqgen --version').trim();
  const browser = await chromium.launch({
    executablePath: options.chromium,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const rows = [];
  try {
    for (const size of SIZES) {
      console.error(`${size} entries: building ${RUNS}× with and without search…`);
      const built = builds(size);
      const queries = queriesOf(readEntries(path.join(built.corpus, 'content')));
      console.error(`${size} entries: typing ${queries.length} queries × ${queries.length} pages…`);
      const samples = await browse(browser, built.out, queries);
      rows.push({ size, built, queries, samples });
    }
  } finally {
    await browser.close();
  }

  console.log(`## faqgen search benchmark\n`);
  console.log(`${version}${options.bin ? ` (${BIN})` : ''}; ${os.cpus()[0]?.model ?? 'unknown CPU'}, nproc ${os.availableParallelism?.() ?? os.cpus().length}; ${date}; ` +
    `${RUNS} builds per configuration; queries typed ${KEY_DELAY_MS} ms per key in headless Chromium ${browser.version()}; medians.\n`);

  console.log('### Index build\n');
  console.log('| entries | build, search on | build, search off | index time | peak RSS, on | peak RSS, off | index on disk (search/) |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  for (const { size, built } of rows) {
    console.log(`| ${size} | ${ms(built.on.ms)} | ${ms(built.off.ms)} | ${ms(built.on.ms - built.off.ms)} | ${mb(built.on.peakKb * 1024)} | ${mb(built.off.peakKb * 1024)} | ${mb(built.disk.bytes)} in ${built.disk.files} files |`);
  }

  console.log('\n### Queries\n');
  console.log('Transferred = bytes sent by a server that gzips text (GitHub Pages); raw = the files\' sizes. ' +
    'Times run from the last keystroke to the list on screen.\n');
  console.log('| entries | first query: requests, raw → transferred (median; max) | later query: requests, raw → transferred (median; max) | suggestions (first; later) | full text (first; later) | targets |');
  console.log('|---:|---|---|---|---|---|');
  for (const { size, samples } of rows) {
    const first = samples.filter((s) => s.first);
    const later = samples.filter((s) => !s.first);
    const bytes = (list) => {
      const sent = list.map((s) => sum(s.requests, 'sent'));
      return `${median(list.map((s) => s.requests.length))}, ${kb(median(list.map((s) => sum(s.requests, 'raw'))))} → **${kb(median(sent))}**; ${kb(Math.max(...sent))}`;
    };
    const all = (key) => median(samples.map((s) => s[key]));
    const firstMax = Math.max(...first.map((s) => sum(s.requests, 'sent')));
    const targets = [
      `first ≤ ${TARGETS.firstQueryKb} KB ${mark(firstMax <= TARGETS.firstQueryKb * 1024)}`,
      `suggestions ≤ ${TARGETS.suggestionsMs} ms ${mark(all('suggestions') <= TARGETS.suggestionsMs)}`,
      `full text ≤ ${TARGETS.fullTextMs} ms ${mark(all('results') <= TARGETS.fullTextMs)}`,
    ].filter(Boolean).join(', ');
    console.log(`| ${size} | ${bytes(first)} | ${bytes(later)} | **${ms(all('suggestions'))}** (${ms(median(first.map((s) => s.suggestions)))}; ${ms(median(later.map((s) => s.suggestions)))}) | **${ms(all('results'))}** (${ms(median(first.map((s) => s.results)))}; ${ms(median(later.map((s) => s.results)))}) | ${targets} |`);
  }

  console.log('\n### Each query as the first of a page\n');
  console.log('| entries | query | requests | raw | transferred | suggestions | full text |');
  console.log('|---:|---|---:|---:|---:|---:|---:|');
  for (const { size, samples } of rows) {
    for (const s of samples.filter((x) => x.first)) {
      console.log(`| ${size} | ${s.query.kind}: “${s.query.text}” | ${s.requests.length} | ${kb(sum(s.requests, 'raw'))} | ${kb(sum(s.requests, 'sent'))} | ${ms(s.suggestions)} | ${ms(s.results)} |`);
    }
  }

  if (options.breakdown) {
    for (const { size, samples } of rows) {
      console.log(`\n### Requests of each first query, ${size} entries\n`);
      if (samples.pageLoad) console.log(`(The page itself, before the search box is used: ${samples.pageLoad.length} requests, ${kb(sum(samples.pageLoad, 'sent'))} transferred.)\n`);
      for (const s of samples.filter((x) => x.first)) {
        console.log(`- ${s.query.kind}: ${breakdown(s.requests).map(([kind, k]) => `${kind} ${k.n > 1 ? `×${k.n} ` : ''}${kb(k.sent)}${k.raw !== k.sent ? ` (${kb(k.raw)} raw)` : ''}`).join(', ')}`);
      }
    }
  }
}

await main();
