#!/usr/bin/env node
// Benchmark of the pages faqgen writes: the weight of every page (gzipped bytes, DOM elements)
// against the budgets of issue 16, and Lighthouse's scores for one page of each kind. Prints a
// Markdown report for bench/RESULTS.md and writes it to target/bench/pages.md.
//
//   node bench/pages.mjs [--runs N] [--sizes 16,1000,10000] [--only-sizes]
//
//   --sizes       16 is the example site at the repository root; other sizes are generated
//                 corpora, target/bench/corpus-N (made by ../shared/bench/gen_corpus.py beside
//                 this repository, or $GEN_CORPUS, when missing)
//   --runs        Lighthouse runs per page (default 3); scores and metrics are medians
//   --only-sizes  the weights only, no Lighthouse
//
// Uses the release binary as it is (target/release/faqgen; build it first), Debian's Chromium
// at /usr/bin/chromium (or $CHROMIUM_PATH), and Lighthouse from bench/node_modules (`npm ci` in
// bench/). Exits with status 1 when a page breaks a budget, after printing the whole report.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

import { requireChromium, stopAfter } from '../tests/browser/common.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WORK = path.join(ROOT, 'target', 'bench');
const BIN = path.join(ROOT, 'target', 'release', 'faqgen');
const GENERATOR = process.env.GEN_CORPUS ?? path.join(ROOT, '..', 'shared', 'bench', 'gen_corpus.py');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Since Chromium 132 plain --headless is the new headless mode (the whole browser, as Lighthouse
// expects): --headless=new is not needed. Chromium's sandbox needs privileges a container lacks.
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const METRICS = { FCP: 'first-contentful-paint', LCP: 'largest-contentful-paint', TBT: 'total-blocking-time', CLS: 'cumulative-layout-shift' };
// Issue 16: gzipped bytes per kind of page; every page at most 1,500 elements.
const BUDGET_KB = { home: 50, category: 100, tag: 100, entry: 15 };
const BUDGET_ELEMENTS = 1500;

const { values: options } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    sizes: { type: 'string', default: '16,1000,10000' },
    'only-sizes': { type: 'boolean', default: false },
  },
});
const RUNS = Math.max(1, Number(options.runs));
const SIZES = options.sizes.split(',').map(Number);
const LIGHTHOUSE = !options['only-sizes'];

let lighthouse, chromeLauncher, puppeteer;
if (LIGHTHOUSE) {
  requireChromium(CHROMIUM);
  try {
    // Resolved from bench/node_modules: chrome-launcher and puppeteer-core come with lighthouse.
    ({ default: lighthouse } = await import('lighthouse'));
    chromeLauncher = await import('chrome-launcher');
    ({ default: puppeteer } = await import('puppeteer-core'));
  } catch {
    console.error('Lighthouse is missing: run `npm ci` in bench/ first');
    process.exit(2);
  }
}

// A hung build, server or browser fails the run instead of holding the machine: generous
// allowances per size and per Lighthouse run.
let chrome;
const profile = mkdtempSync(path.join(os.tmpdir(), 'faqgen-pages-'));
const cleanup = () => {
  chrome?.kill();
  rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
};
stopAfter(60_000 + SIZES.length * (120_000 + (LIGHTHOUSE ? 5 * (RUNS * 60_000 + 30_000) : 0)), 'the page benchmark', cleanup);

function run(command, args, what) {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.status !== 0) throw new Error(`${what} failed (${result.error ?? `status ${result.status}`}):\n${result.stdout ?? ''}${result.stderr ?? ''}`);
  return result.stdout;
}

function sourceOf(size) {
  if (size === 16) return ROOT;
  const corpus = path.join(WORK, `corpus-${size}`);
  if (!existsSync(path.join(corpus, 'faqgen.toml'))) {
    rmSync(corpus, { recursive: true, force: true });
    run('python3', [GENERATOR, String(size), corpus], `generating ${size} entries with ${GENERATOR}`);
  }
  return corpus;
}

// ---------------------------------------------------------------------------------------------
// Serving like GitHub Pages: index.html for folders, 404.html with status 404, text gzipped
// when the client accepts it, ten minutes of cache.

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'application/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon',
};
const COMPRESSIBLE = /^(text\/|application\/(javascript|json|xml)|image\/(svg|x-icon))/;
const decode = (text) => { try { return decodeURIComponent(text); } catch { return text; } }; // a stray %: a 404

/** Serves `dir` (which may be built only after) on a free port of 127.0.0.1. */
function serve(dir) {
  const server = createServer((request, response) => {
    const { pathname } = new URL(request.url, 'http://localhost'); // resolves any `..`
    let file = path.join(dir, decode(pathname));
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!pathname.endsWith('/')) return void response.writeHead(301, { location: `${pathname}/` }).end();
      file = path.join(file, 'index.html');
    }
    let status = 200;
    if (!file.startsWith(dir + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
      status = 404;
      file = path.join(dir, '404.html');
    }
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    const gzip = COMPRESSIBLE.test(type) && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
    const body = gzip ? gzipSync(readFileSync(file), { level: 6 }) : readFileSync(file);
    const headers = { 'content-type': type, 'content-length': body.length, 'cache-control': 'max-age=600', vary: 'Accept-Encoding' };
    if (gzip) headers['content-encoding'] = 'gzip';
    response.writeHead(status, headers).end(request.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// ---------------------------------------------------------------------------------------------
// Weight

// Elements whose content is not in the document: text rather than markup (noscript's too, in a
// browser that runs scripts, as Lighthouse's does), or a template's separate fragment.
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'noscript', 'template']);
const TAG = /<!--[\s\S]*?-->|<![^>]*>|<\/[^>]*>|<([a-zA-Z][^\s/>]*)(?:[^>"']|"[^"]*"|'[^']*')*>/g;

/** Elements of the page as parsed, void ones included (what getElementsByTagName('*') counts). */
function countElements(html) {
  const lower = html.toLowerCase();
  let count = 0;
  TAG.lastIndex = 0;
  for (let match; (match = TAG.exec(html));) {
    if (!match[1]) continue; // a comment, doctype or end tag
    count += 1;
    const name = match[1].toLowerCase();
    if (RAW_TEXT.has(name)) {
      const end = lower.indexOf(`</${name}`, TAG.lastIndex);
      TAG.lastIndex = end < 0 ? html.length : end;
    }
  }
  return count;
}

/** Every page of `out`: its path, kind (from the body's class), gzipped bytes and elements. */
function weigh(out) {
  return readdirSync(out, { recursive: true }).filter((rel) => rel.endsWith('.html')).map((rel) => {
    const html = readFileSync(path.join(out, rel), 'utf8');
    const base = /<body\b[^>]*\bclass="[^"]*\bkind-([\w-]+)/.exec(html)?.[1] ?? 'other';
    const later = /(^|\/)page\/\d+\/index\.html$/.test(rel); // page 2, 3… of a list
    return { rel, base, kind: later ? `${base}, page 2+` : base, gzip: gzipSync(html, { level: 6 }).length, elements: countElements(html) };
  });
}

// ---------------------------------------------------------------------------------------------
// Lighthouse

const urlOf = (origin, rel) => `${origin}/${rel.replace(/(^|\/)index\.html$/, '$1')}`;
const largest = (pages, kind) => pages.filter((p) => p.kind === kind).sort((a, b) => b.gzip - a.gzip)[0];

/** The pages Lighthouse runs on: home and the largest first page of each other kind; the 404
 * page both as a reader meets it (a missing address, status 404, which Lighthouse's SEO and
 * best-practice audits mark down as such) and at its own address (status 200). */
function targetsOf(pages) {
  const notFound = pages.find((p) => p.rel === '404.html');
  return [
    { name: 'home', page: pages.find((p) => p.rel === 'index.html') },
    { name: 'category', page: largest(pages, 'category') },
    { name: 'entry', page: largest(pages, 'entry') },
    { name: 'tag', page: largest(pages, 'tag') },
    { name: '404', page: notFound && { ...notFound, rel: 'no-such-page/' } },
    { name: '404.html', page: notFound },
  ].filter((t) => t.page);
}

/** One audit's evidence, short: the value it shows and its first few items, URLs from the root. */
function evidence(audit, origin) {
  const items = (audit.details?.items ?? []).slice(0, 4).map((item) => {
    const node = item.node ?? item.element;
    const what = node?.snippet ?? node?.selector ?? item.url ?? item.sourceLocation?.url;
    const why = node?.explanation?.split('\n').slice(1).join(' ').trim() || item.description || item.reason;
    const value = item.value?.value ?? item.value; // a statistic's, as of dom-size
    return [item.statistic ?? item.label, what && `\`${String(what).slice(0, 120)}\``, typeof value === 'number' && value.toLocaleString('en'),
      why && `(${String(why).slice(0, 200)})`].filter(Boolean).join(' ');
  });
  const more = (audit.details?.items?.length ?? 0) - items.length;
  const text = [audit.displayValue, items.join('; ') + (more > 0 ? `; and ${more} more` : '')].filter(Boolean).join(': ');
  return text.replaceAll(origin, '');
}

let lighthouseVersion;
const warnings = new Set();

/** Lighthouse's runs on one page, into `target`: scores, metrics and failed audits. */
async function audit(target, origin, browser) {
  const url = urlOf(origin, target.page.rel);
  const tab = await browser.newPage();
  try {
    await tab.goto(url, { waitUntil: 'load' });
    target.liveElements = await tab.evaluate(() => document.getElementsByTagName('*').length);
  } finally {
    await tab.close();
  }
  target.url = url.slice(origin.length);
  target.runs = [];
  target.failed = new Map(); // audit id → its worst run: { title, score, evidence, fails }
  for (let i = 0; i < RUNS; i++) {
    // The 404 page answers 404 on purpose: have Lighthouse audit it rather than give up.
    const { lhr } = await lighthouse(url, { port: chrome.port, hostname: '127.0.0.1', logLevel: 'error', onlyCategories: CATEGORIES, ignoreStatusCode: target.name === '404' });
    if (lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${lhr.runtimeError.message}`);
    lighthouseVersion = lhr.lighthouseVersion;
    // Lighthouse's own doubts about a run, such as a host CPU too slow or too busy to trust.
    for (const warning of lhr.runWarnings) warnings.add(`${target.name} page: ${warning.replaceAll(origin, '')}`);
    target.runs.push({
      scores: Object.fromEntries(CATEGORIES.map((c) => [c, (lhr.categories[c].score ?? NaN) * 100])), // null: an audit errored
      metrics: Object.fromEntries(Object.entries(METRICS).map(([k, id]) => [k, lhr.audits[id].numericValue])),
    });
    for (const id of new Set(CATEGORIES.flatMap((c) => lhr.categories[c].auditRefs.map((ref) => ref.id)))) {
      const a = lhr.audits[id];
      if (['informative', 'notApplicable', 'manual'].includes(a.scoreDisplayMode) || a.score === null || a.score >= 1) continue;
      const seen = target.failed.get(a.id);
      if (seen && seen.score <= a.score) seen.fails += 1;
      else target.failed.set(a.id, { title: a.title, score: a.score, evidence: evidence(a, origin), fails: (seen?.fails ?? 0) + 1 });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Report

function median(values) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
const whole = (value) => (Number.isFinite(value) ? Math.round(value) : '?');
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const mark = (ok) => (ok ? '✓' : '✗');
const KIND_ORDER = ['home', 'home, page 2+', 'category', 'category, page 2+', 'tags', 'tag', 'tag, page 2+', 'entry', '404', 'other'];

function weightTable(size, build, pages, lines) {
  lines.push(`### ${size} entries: weight\n`, `${pages.length} pages, built in ${(build / 1000).toFixed(2)} s. Gzipped at level 6, as GitHub Pages sends them.\n`,
    '| kind | pages | gzipped, median | gzipped, max | largest | elements, max | most elements | budget |', '|---|---:|---:|---:|---|---:|---|---|');
  let ok = true;
  const kinds = [...new Set(pages.map((p) => p.kind))].sort((a, b) => (KIND_ORDER.indexOf(a) + 1 || 99) - (KIND_ORDER.indexOf(b) + 1 || 99));
  for (const kind of kinds) {
    const list = pages.filter((p) => p.kind === kind);
    const big = list.reduce((a, b) => (b.gzip > a.gzip ? b : a));
    const crowded = list.reduce((a, b) => (b.elements > a.elements ? b : a));
    const budgetKb = BUDGET_KB[list[0].base];
    const light = !budgetKb || big.gzip <= budgetKb * 1024;
    const small = crowded.elements <= BUDGET_ELEMENTS;
    ok &&= light && small;
    const checks = `${budgetKb ? `≤ ${budgetKb} KB ${mark(light)}, ` : ''}≤ ${BUDGET_ELEMENTS.toLocaleString('en')} elements ${mark(small)}`;
    lines.push(`| ${kind} | ${list.length} | ${kb(median(list.map((p) => p.gzip)))} | ${kb(big.gzip)} | ${big.rel} | ${crowded.elements} | ${crowded.rel} | ${checks} |`);
  }
  lines.push('');
  return ok;
}

function lighthouseTables(size, targets, lines) {
  const runs = RUNS > 1 ? `medians of ${RUNS} runs` : '1 run';
  lines.push(`### ${size} entries: Lighthouse (mobile, simulated throttling; ${runs})\n`,
    '| page | URL | elements (parsed; live in Chromium) | performance | accessibility | best practices | SEO | FCP | LCP | TBT | CLS |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const t of targets) {
    if (t.error) {
      lines.push(`| ${t.name} | ${t.page.rel} | Lighthouse failed: ${t.error.replaceAll('\n', ' ')} | | | | | | | | |`);
      continue;
    }
    const score = (c) => whole(median(t.runs.map((r) => r.scores[c])));
    const metric = (k) => median(t.runs.map((r) => r.metrics[k]));
    lines.push(`| ${t.name} | ${t.url} | ${t.page.elements}; ${t.liveElements} | ${CATEGORIES.map(score).join(' | ')} | ` +
      `${whole(metric('FCP'))} ms | ${whole(metric('LCP'))} ms | ${whole(metric('TBT'))} ms | ${metric('CLS').toFixed(3)} |`);
  }
  // Grouped by audit, as most fail alike on every page; the evidence is that of the worst run.
  const failed = new Map();
  for (const t of targets) {
    for (const [id, f] of t.failed ?? []) failed.set(id, [...(failed.get(id) ?? []), { name: t.name, ...f }]);
  }
  lines.push('', failed.size ? `Audits scoring below 1: page, worst score (runs below 1 of ${RUNS}), evidence.\n` : 'No audit scored below 1.');
  for (const [id, on] of failed) {
    const same = on.every((o) => o.evidence === on[0].evidence);
    const pages = on.map((o) => `${o.name} ${o.score} (${o.fails})${same || !o.evidence ? '' : `: ${o.evidence}`}`).join('; ');
    lines.push(`- \`${id}\` ${on[0].title} — ${pages}${same && on[0].evidence ? ` — ${on[0].evidence}` : ''}`);
  }
  lines.push('');
}

async function main() {
  const started = Date.now();
  mkdirSync(WORK, { recursive: true });
  const body = [];
  let version = 'faqgen ?';
  let ok = true;
  let browser;
  let chromiumVersion;
  try {
    version = run(BIN, ['--version'], 'faqgen --version').trim();
    if (LIGHTHOUSE) {
      chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROMIUM_FLAGS, userDataDir: profile, logLevel: 'error' });
      // A second client of the same browser, to count the live DOM of the pages audited.
      browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}`, defaultViewport: null });
      chromiumVersion = await browser.version();
    }
    for (const size of SIZES) {
      const source = sourceOf(size);
      const out = path.join(WORK, `pages-out-${size}`);
      // The server comes first: the site is built for the address it listens on.
      const server = await serve(out);
      try {
        const origin = `http://127.0.0.1:${server.address().port}`;
        console.error(`${size} entries: building and weighing…`);
        rmSync(out, { recursive: true, force: true });
        const t0 = Date.now();
        run(BIN, ['build', '--root', source, '--output-dir', out, '--base-url', `${origin}/`], `faqgen build of ${source}`);
        const build = Date.now() - t0;
        const pages = weigh(out);
        ok = weightTable(size, build, pages, body) && ok;
        if (!LIGHTHOUSE) continue;
        const targets = targetsOf(pages);
        for (const target of targets) {
          console.error(`${size} entries: Lighthouse on the ${target.name} page, ${RUNS}×…`);
          // One page failing to load or to audit is reported; the others still run.
          await audit(target, origin, browser).catch((error) => (target.error = error.message));
        }
        lighthouseTables(size, targets, body);
      } finally {
        server.close();
        server.closeAllConnections();
      }
    }
  } finally {
    await browser?.disconnect();
    cleanup();
    const date = new Date().toISOString().slice(0, 10);
    const tools = LIGHTHOUSE ? `; Lighthouse ${lighthouseVersion ?? '?'}, ${chromiumVersion} (${CHROMIUM})` : '';
    const report = ['## Page weight and Lighthouse (issue 16)\n',
      `${version}${tools}; Node ${process.version}; ${os.cpus()[0]?.model ?? 'unknown CPU'}, nproc ${os.availableParallelism()}; ${date}; ` +
      `\`node bench/pages.mjs --runs ${RUNS} --sizes ${SIZES.join(',')}${LIGHTHOUSE ? '' : ' --only-sizes'}\` took ${Math.round((Date.now() - started) / 1000)} s.\n`,
      ...body, ...[...warnings].map((warning) => `Lighthouse warned, ${warning}\n`)].join('\n');
    console.log(report);
    writeFileSync(path.join(WORK, 'pages.md'), report);
  }
  if (!ok) {
    console.error('a page breaks its budget');
    process.exitCode = 1;
  }
}

await main();
