#!/usr/bin/env node
// Relevance benchmark: how often a search puts the entry a reader wants first, for faqgen's
// search and, on the same sites and queries, for Pagefind's own default UI. Not a test: it
// prints a Markdown report (and writes it with --out).
//
//   node bench/relevance.mjs [--queries bench/relevance/queries.json] [--out FILE] [--bin PATH]
//                            [--pagefind PATH] [--key-delay MS] [--failures]
//
// Needs tests/browser's packages (playwright-core), Chromium at /usr/bin/chromium (or
// $CHROMIUM_PATH), a release build of faqgen (built when missing) and Pagefind's indexer
// (target/bench/tools/bin/pagefind, which bench/compare.sh installs, or --pagefind).
//
// The sites: "example" is this repository's own (content/), "library" the FAQ in
// bench/relevance/library-faq/. Each is built twice into target/bench/relevance/:
//   - faqgen: `faqgen build`, search on, as a reader gets it;
//   - Pagefind: the same site built with `search = false`, each entry page's <main> marked
//     data-pagefind-body (so that Pagefind indexes the entries, not the home and category pages
//     that repeat them), indexed by the `pagefind` CLI with its defaults, and searched through
//     its default UI (PagefindUI) on a page of its own.
// Each query is typed key by key into the box, as a reader types, and the options listed once
// the box has answered are read in order. Top-1: the wanted entry is the first; MRR@5: the mean
// of 1/rank when it is in the first five, 0 otherwise.

import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, cpSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { readEntries, requireChromium } from '../tests/browser/common.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WORK = path.join(ROOT, 'target', 'bench', 'relevance');
const BASE = '/faq/';
const SITES = {
  example: ROOT,
  library: path.join(ROOT, 'bench', 'relevance', 'library-faq'),
};

const { values: options } = parseArgs({
  options: {
    queries: { type: 'string', default: path.join(ROOT, 'bench', 'relevance', 'queries.json') },
    out: { type: 'string' },
    bin: { type: 'string', default: path.join(ROOT, 'target', 'release', 'faqgen') },
    pagefind: { type: 'string', default: path.join(ROOT, 'target', 'bench', 'tools', 'bin', 'pagefind') },
    'key-delay': { type: 'string', default: '40' },
    failures: { type: 'boolean', default: true },
    // For tuning: `--only faqgen` skips Pagefind (its columns are then empty).
    only: { type: 'string' },
    // For tuning: a search.js to try instead of the binary's, without building again.
    script: { type: 'string' },
    chromium: { type: 'string', default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
  },
});
const KEY_DELAY_MS = Number(options['key-delay']);

const require = createRequire(path.join(ROOT, 'tests', 'browser', 'package.json'));
const { chromium } = require('playwright-core');
requireChromium(options.chromium);

function run(command, args, what, cwd = ROOT) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.status !== 0) {
    console.error(`${what} failed (${result.error ?? `status ${result.status}`}):\n${result.stdout ?? ''}${result.stderr ?? ''}`);
    process.exit(1);
  }
  return result.stdout;
}

/** The site's faqgen.toml and content/ copied to `dir`, with `extra` lines added to the config. */
function copySite(source, dir, extra) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(path.join(source, 'content'), path.join(dir, 'content'), { recursive: true });
  const config = readFileSync(path.join(source, 'faqgen.toml'), 'utf8').replace(/^base_url\s*=.*$/m, `base_url = "https://example.org${BASE}"`);
  writeFileSync(path.join(dir, 'faqgen.toml'), config + '\n' + extra);
}

function buildFaqgen(name) {
  const site = path.join(WORK, `${name}-faqgen`);
  copySite(SITES[name], site, '');
  run(options.bin, ['--root', site, 'build'], `faqgen build of ${name}`);
  if (options.script) cpSync(options.script, path.join(site, 'public', 'search.js'));
  return path.join(site, 'public');
}

function buildPagefind(name, entries) {
  const site = path.join(WORK, `${name}-pagefind`);
  copySite(SITES[name], site, 'search = false\n');
  run(options.bin, ['--root', site, 'build'], `faqgen build of ${name} without search`);
  const out = path.join(site, 'public');
  for (const entry of entries) {
    const file = path.join(out, entry.path.slice(BASE.length), 'index.html');
    const html = readFileSync(file, 'utf8');
    if (!/<main[\s>]/.test(html)) throw new Error(`no <main> in ${file}`);
    writeFileSync(file, html.replace(/<main(?=[\s>])/, '<main data-pagefind-body'));
  }
  run(options.pagefind, ['--site', out, '--silent'], `pagefind on ${name}`);
  writeFileSync(
    path.join(out, 'pagefind-ui.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pagefind UI</title>
<link href="${BASE}pagefind/pagefind-ui.css" rel="stylesheet"><script src="${BASE}pagefind/pagefind-ui.js"></script></head>
<body><div id="search"></div><script>new PagefindUI({ element: "#search", showSubResults: false });</script></body></html>`,
  );
  return out;
}

function serve(dir) {
  const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.json': 'application/json', '.svg': 'image/svg+xml' };
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    let file = pathname.startsWith(BASE) ? path.join(dir, pathname.slice(BASE.length)) : null;
    if (file && existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!file || !file.startsWith(dir) || !existsSync(file)) {
      response.writeHead(404);
      return response.end();
    }
    response.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The entry paths faqgen's box lists for `query`, in order (suggestions, then results). */
async function faqgenOptions(page, query) {
  const input = page.locator('#search-input');
  await input.focus();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(query, { delay: KEY_DELAY_MS });
  await page.waitForFunction(
    (q) => document.querySelector('#search-suggestions')?.dataset.query === q && document.querySelector('#search-results')?.dataset.query === q,
    query.trim(),
    { timeout: 15_000 },
  );
  return page.$$eval('#search-suggestions a[role=option], #search-results a[role=option]', (all) =>
    all.filter((o) => !o.closest('[hidden]')).map((o) => new URL(o.href).pathname),
  );
}

/** The entry paths Pagefind's default UI lists for `query`, in order. */
async function pagefindOptions(page, query) {
  await page.fill('.pagefind-ui__search-input', '');
  await page.locator('.pagefind-ui__search-input').pressSequentially(query, { delay: KEY_DELAY_MS });
  // The UI says "N results for <query>" (or "No results for <query>") once it has searched it,
  // then loads each result shown: the order is read once none is still loading.
  await page.waitForFunction(
    (q) => {
      const message = document.querySelector('.pagefind-ui__message');
      const results = document.querySelectorAll('.pagefind-ui__result').length;
      const links = document.querySelectorAll('.pagefind-ui__result-link').length;
      return message && message.textContent.includes(q) && !document.querySelector('.pagefind-ui__results .pagefind-ui__loading') && links >= Math.min(results, 5);
    },
    query.trim(),
    { timeout: 15_000 },
  ).catch(() => console.error(`Pagefind UI: "${query}" did not settle in 15 s`));
  return page.$$eval('.pagefind-ui__result-link', (all) => all.map((a) => new URL(a.href).pathname));
}

function score(ranked, expected) {
  const rank = ranked.slice(0, 5).indexOf(expected) + 1;
  return { top1: rank === 1 ? 1 : 0, rr: rank > 0 ? 1 / rank : 0, rank };
}

async function main() {
  if (!existsSync(options.bin)) run('cargo', ['build', '--release', '--quiet'], 'cargo build --release');
  if (options.only !== 'faqgen' && !existsSync(options.pagefind)) {
    console.error(`Pagefind's indexer is missing at ${options.pagefind}: run bench/compare.sh once, or pass --pagefind PATH`);
    process.exit(2);
  }
  const queries = JSON.parse(readFileSync(options.queries, 'utf8'));
  const browser = await chromium.launch({
    executablePath: options.chromium,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const rows = [];
  const totals = {};
  for (const name of Object.keys(SITES)) {
    const list = queries.filter((q) => q.site === name);
    if (list.length === 0) continue;
    const entries = readEntries(path.join(SITES[name], 'content'), BASE);
    const pathOf = (file) => {
      const entry = entries.find((e) => e.file === path.join(SITES[name], 'content', file));
      if (!entry) throw new Error(`${name}: no entry ${file}`);
      return entry.path;
    };
    const engines = [
      ['faqgen', () => buildFaqgen(name), faqgenOptions, ''],
      ['Pagefind UI', () => buildPagefind(name, entries), pagefindOptions, 'pagefind-ui.html'],
    ].filter(([engine]) => !options.only || engine === options.only);
    for (const [engine, build, ask, url] of engines) {
      const dir = build();
      const server = await serve(dir);
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${server.address().port}${BASE}${url}`);
      const key = `${name}|${engine}`;
      totals[key] = { top1: 0, rr: 0, n: 0 };
      for (const q of list) {
        const ranked = await ask(page, q.query);
        const result = score(ranked, pathOf(q.expect));
        totals[key].top1 += result.top1;
        totals[key].rr += result.rr;
        totals[key].n++;
        rows.push({ site: name, engine, ...q, rank: result.rank, first: ranked[0] ?? '', top: ranked.slice(0, 3) });
      }
      await context.close();
      server.close();
    }
  }
  await browser.close();

  const lines = ['| site | queries | faqgen top-1 | faqgen MRR@5 | Pagefind UI top-1 | Pagefind UI MRR@5 |', '|---|---:|---:|---:|---:|---:|'];
  const all = { faqgen: { top1: 0, rr: 0, n: 0 }, 'Pagefind UI': { top1: 0, rr: 0, n: 0 } };
  for (const name of Object.keys(SITES)) {
    const f = totals[`${name}|faqgen`];
    const p = totals[`${name}|Pagefind UI`] ?? { top1: 0, rr: 0, n: 0 };
    if (!f) continue;
    for (const [engine, t] of [['faqgen', f], ['Pagefind UI', p]]) for (const k of ['top1', 'rr', 'n']) all[engine][k] += t[k];
    lines.push(`| ${name} | ${f.n} | ${pct(f.top1 / f.n)} | ${(f.rr / f.n).toFixed(3)} | ${pct(p.top1 / p.n)} | ${(p.rr / p.n).toFixed(3)} |`);
  }
  const f = all.faqgen;
  const p = all['Pagefind UI'];
  lines.push(`| **all** | ${f.n} | **${pct(f.top1 / f.n)}** | **${(f.rr / f.n).toFixed(3)}** | ${pct(p.top1 / p.n)} | ${(p.rr / p.n).toFixed(3)} |`);
  const kinds = [...new Set(rows.map((r) => r.kind))];
  lines.push('', '| kind | queries | faqgen top-1 | Pagefind UI top-1 |', '|---|---:|---:|---:|');
  for (const kind of kinds) {
    const of = (engine) => rows.filter((r) => r.kind === kind && r.engine === engine);
    const n = of('faqgen').length;
    lines.push(`| ${kind} | ${n} | ${pct(of('faqgen').filter((r) => r.rank === 1).length / n)} | ${pct(of('Pagefind UI').filter((r) => r.rank === 1).length / n)} |`);
  }
  if (options.failures) {
    lines.push('', 'Queries where faqgen does not put the wanted entry first (rank in the first five, or —; what came first):', '');
    for (const r of rows.filter((r) => r.engine === 'faqgen' && r.rank !== 1)) {
      const other = rows.find((o) => o.engine === 'Pagefind UI' && o.site === r.site && o.query === r.query);
      lines.push(`- ${r.site}, ${r.kind}: \`${r.query}\` → wanted ${r.expect}, rank ${r.rank || '—'}, first ${r.first.replace(BASE, '') || 'nothing'} (Pagefind UI: rank ${other?.rank || '—'})`);
    }
  }
  const report = lines.join('\n');
  console.log(report);
  if (options.out) writeFileSync(options.out, report + '\n');
}

const pct = (x) => `${(100 * x).toFixed(0)} %`;

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
