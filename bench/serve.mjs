#!/usr/bin/env node
// Live-preview latency of `faqgen serve`: from saving a file to the open page showing it.
//
// Usage (from anywhere; needs tests/browser/node_modules, which `cargo test` installs):
//   node bench/serve.mjs [--runs 10] [--sizes 1000,10000] [--edit answer|question|tags] [--gap MS] [--no-build] [--chromium PATH]
//
// Sites: the example site (this repository's faqgen.toml and content/) and generated corpora
// of each size (target/bench/corpus-N, made by ../shared/bench/gen_corpus.py when missing, as
// bench/build.sh does). Each is copied to a temporary folder, and only the copy is edited. The
// release binary serves it (`cargo build --release` first, unless --no-build), and headless
// Chromium (/usr/bin/chromium, through playwright-core) keeps one entry page open.
//
// Method, per edit:
//   t0       Date.now() in node just before the save: a temporary file written, then renamed
//            over the entry (as editors save), its answer starting with a new unique marker.
//   t_event  when node's own /__faqgen/events stream receives the new generation.
//   t_shown  when the page shows the marker in #answer: the `faqgen:updated` event of the
//            reload client, which swaps the page's <main> in place when only its content
//            changed (an answer's edit), or DOMContentLoaded of the reloaded document when the
//            client reloads instead. Both are reported with how the page was updated.
// The page's clock is aligned with node's first (offset measured by round trips; the smallest
// round trip wins), so that t_shown − t0 is one clock's difference. The test never navigates:
// the page updates by itself. Reported: save → shown (median, min, max), and the split
//   save → event (watcher debounce + rebuild), of which "Built … in X ms" is the rebuild,
//   event → shown (event delivered to the page, the page fetched again and swapped in).
// Between edits the server is left to settle (search index rebuilt, no CPU used for 300 ms),
// or, with --gap MS, the next edit is saved MS ms after the page showed the last one (as when
// editing quickly: the search index of the last edit may still be being built). The first edit
// of each site is a warm-up and not counted.

import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(REPO, 'tests', 'browser', 'package.json'));
const { chromium } = require('playwright-core');

const { values: options } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    // Save the next edit this many ms after the page showed the last one, instead of waiting
    // for the server to go idle: edits saved while the search index is still being rebuilt.
    gap: { type: 'string' },
    sizes: { type: 'string', default: '1000,10000' },
    // What each save changes: the entry's answer, its question (front matter, shown on
    // every page that lists or links the entry), or its tags (a new tag each time).
    edit: { type: 'string', default: 'answer' },
    'no-build': { type: 'boolean', default: false },
    chromium: { type: 'string', default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
    generator: { type: 'string', default: process.env.GEN_CORPUS ?? path.join(REPO, '..', 'shared', 'bench', 'gen_corpus.py') },
  },
});
const RUNS = Number(options.runs);
const EDIT = options.edit;
if (!['answer', 'question', 'tags'].includes(EDIT)) throw new Error('--edit is answer, question or tags');
const SIZES = options.sizes.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
const BIN = path.join(REPO, 'target', 'release', 'faqgen');
const EDIT_TIMEOUT_MS = 120_000;

// ---------------------------------------------------------------------------------------------
// Processes and folders, always cleaned up.

const children = new Set();
const tempDirs = new Set();
function cleanUp() {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
}
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => process.exit(1));

function copySite(source) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'faqgen-bench-serve-'));
  tempDirs.add(dir);
  cpSync(path.join(source, 'faqgen.toml'), path.join(dir, 'faqgen.toml'));
  cpSync(path.join(source, 'content'), path.join(dir, 'content'), { recursive: true });
  return dir;
}

/** `faqgen serve` on `root`: its URL, its output lines (with arrival times), and a kill. */
async function startServer(root) {
  const child = spawn(BIN, ['--root', root, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const server = { child, lines: [], stderr: '' };
  let pending = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    const parts = (pending + chunk).split('\n');
    pending = parts.pop();
    for (const line of parts) server.lines.push({ at: Date.now(), line });
  });
  child.stderr.setEncoding('utf8').on('data', (chunk) => (server.stderr += chunk));
  server.url = await until('the "Serving … at URL" line', 120_000, () => {
    if (child.exitCode !== null) throw new Error(`faqgen serve exited: ${server.stderr}`);
    for (const { line } of server.lines) {
      const url = line.match(/^Serving .* at (http:\/\/\S+) \(Ctrl\+C to stop\)$/)?.[1];
      if (url) return url;
    }
  });
  server.origin = new URL(server.url).origin;
  server.built = () => server.lines.map(({ at, line }) => ({ at, line, ms: Number(line.match(/^Built \d+ entries in (\d+) ms$/)?.[1]) })).filter((b) => !Number.isNaN(b.ms));
  server.kill = () => {
    child.kill('SIGKILL');
    children.delete(child);
  };
  return server;
}

/** Node's own reload channel: every `site` event, with its arrival time. */
async function listen(origin) {
  const events = [];
  const controller = new AbortController();
  const response = await fetch(origin + '/__faqgen/events', { signal: controller.signal });
  (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').find((l) => l.startsWith('data:'));
          if (data) events.push({ at: Date.now(), ...JSON.parse(data.slice(5)) });
        }
      }
    } catch {
      // aborted at the end
    }
  })();
  return { events, close: () => controller.abort() };
}

/** CPU time (user + system, in clock ticks) used so far by process `pid`. */
function cpuTicks(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** Waits until the server has used no CPU for `quietMs` (its search index is rebuilt after the pages). */
async function settle(server, quietMs = 300) {
  let last = cpuTicks(server.child.pid);
  let quietSince = Date.now();
  const deadline = Date.now() + EDIT_TIMEOUT_MS;
  while (Date.now() - quietSince < quietMs) {
    if (Date.now() > deadline) throw new Error('the server never went idle');
    await sleep(50);
    const now = cpuTicks(server.child.pid);
    if (now !== last) {
      last = now;
      quietSince = Date.now();
    }
  }
}

async function until(what, timeoutMs, test) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = test();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// The sites.

/** The entry edited: a file of the first category, and its page's path under the base path. */
function pickEntry(root, preferred) {
  if (preferred && existsSync(path.join(root, preferred.file))) return preferred;
  const content = path.join(root, 'content');
  const category = readdirSync(content, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()[0];
  const name = readdirSync(path.join(content, category)).filter((f) => f.endsWith('.md') && f !== '_index.md').sort()[0];
  const text = readFileSync(path.join(content, category, name), 'utf8');
  const slug = text.match(/^slug:\s*"?([^"\n]+)"?\s*$/m)?.[1] ?? name.slice(0, -3);
  return { file: `content/${category}/${name}`, page: `${category}/${slug}/` };
}

/** The entry's text with `marker` as the first words of its answer. */
function withMarker(original, marker) {
  const end = original.indexOf('\n---\n', 4);
  if (!original.startsWith('---\n') || end < 0) throw new Error('the entry has no front matter');
  if (EDIT === 'question') {
    const edited = original.replace(/^question:[ \t]*("?)/m, (_, quote) => `question: ${quote}${marker} `);
    if (edited === original) throw new Error('the entry has no question: line');
    return edited;
  }
  if (EDIT === 'tags') {
    // A new tag, named by the marker: a new tag page, and the entry listed on it.
    const edited = original.replace(/^tags:[ \t]*\[/m, `tags: [${marker}, `);
    if (edited === original) throw new Error('the entry has no tags: [...] line');
    return edited;
  }
  return `${original.slice(0, end + 5)}${marker}. ${original.slice(end + 5)}`;
}

function corpus(size) {
  const dir = path.join(REPO, 'target', 'bench', `corpus-${size}`);
  if (!existsSync(path.join(dir, 'faqgen.toml'))) {
    console.error(`generating ${dir} …`);
    execFileSync('python3', [options.generator, String(size), dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return dir;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// ---------------------------------------------------------------------------------------------
// One site: RUNS timed edits (after a warm-up one).

async function measure(browser, name, source, preferred) {
  const root = copySite(source);
  const entry = pickEntry(root, preferred);
  const original = readFileSync(path.join(root, entry.file), 'utf8');
  const entries = execFileSync('find', [path.join(root, 'content'), '-name', '*.md', '!', '-name', '_index.md']).toString().trim().split('\n').length;
  console.error(`${name}: ${entries} entries, editing ${entry.file}`);
  const server = await startServer(root);
  const channel = await listen(server.origin);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    let waiting = null; // { marker, resolve }
    await page.exposeFunction('__benchShown', (report) => {
      if (waiting && report.marker === waiting.marker) waiting.resolve(report);
    });
    await page.addInitScript(() => {
      const report = (how) => {
        const shown = performance.timeOrigin + performance.now();
        const marker = document.querySelector('main')?.textContent.match(/bench-edit-[0-9]+-[0-9a-z]{6}/)?.[0] ?? null;
        window.__benchShown({ marker, shown, how });
      };
      document.addEventListener('DOMContentLoaded', () => report('reload'));
      document.addEventListener('faqgen:updated', () => report('in place'));
    });
    await page.goto(server.url + entry.page);
    if (!(await page.locator('#answer').count())) throw new Error(`${server.url + entry.page} has no #answer`);
    const offset = await clockOffset(page);
    await settle(server);

    const samples = [];
    for (let run = 0; run <= RUNS; run++) {
      // Exactly six characters after the run: the page finds the marker by its shape, even where
      // other text follows it without a space (a tag's name in a list).
      const marker = `bench-edit-${run}-${Math.random().toString(36).slice(2, 8).padEnd(6, '0')}`;
      const shown = new Promise((resolve, reject) => {
        waiting = { marker, resolve };
        setTimeout(() => reject(new Error(`${name}: edit ${run} not shown after ${EDIT_TIMEOUT_MS / 1000} s`)), EDIT_TIMEOUT_MS).unref();
      });
      const builtBefore = server.built().length;
      const eventsBefore = channel.events.length;
      const generation = channel.events.at(-1)?.generation ?? 0;
      const text = withMarker(original, marker);
      const target = path.join(root, entry.file);
      const t0 = Date.now();
      writeFileSync(`${target}.tmp`, text);
      renameSync(`${target}.tmp`, target);
      const report = await shown;
      waiting = null;
      const built = server.built().slice(builtBefore);
      const event = channel.events.slice(eventsBefore).find((e) => e.generation > generation);
      const sample = {
        total: report.shown - offset - t0,
        toEvent: event ? event.at - t0 : NaN,
        how: report.how,
        built: built.length ? built.at(-1).ms : NaN,
        rebuilds: built.length,
      };
      if (run > 0) samples.push(sample);
      console.error(
        `  ${run === 0 ? 'warm-up' : `edit ${run}`}: shown ${sample.how} after ${sample.total.toFixed(0)} ms (event ${sample.toEvent} ms; Built in ${sample.built} ms${sample.rebuilds === 1 ? '' : `, ${sample.rebuilds} rebuilds`})`,
      );
      if (options.gap === undefined) {
        await settle(server);
        await sleep(100);
      } else {
        await sleep(Number(options.gap));
      }
    }
    return { name, entries, samples, builtLines: server.built().map((b) => b.line), offset };
  } finally {
    await context.close();
    channel.close();
    server.kill();
    rmSync(root, { recursive: true, force: true });
    tempDirs.delete(root);
  }
}

/** The page's clock minus node's (ms), from the round trip with the smallest delay. */
async function clockOffset(page) {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < 20; i++) {
    const before = Date.now();
    const pageNow = await page.evaluate(() => performance.timeOrigin + performance.now());
    const after = Date.now();
    if (after - before < best.rtt) best = { rtt: after - before, offset: pageNow - (before + after) / 2 };
  }
  return best.offset;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  if (!options['no-build']) execFileSync('cargo', ['build', '--release', '--quiet'], { cwd: REPO, stdio: 'inherit' });
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run cargo build --release`);
  if (!existsSync(options.chromium)) throw new Error(`Chromium not found at ${options.chromium}`);
  const version = execFileSync(BIN, ['--version']).toString().trim();
  const sites = [['example', REPO, { file: 'content/causes/why-back-spasms.md', page: 'causes/why-back-spasms/' }]];
  for (const size of SIZES) sites.push([`corpus-${size}`, corpus(size), null]);

  const browser = await chromium.launch({
    executablePath: options.chromium,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const results = [];
  try {
    for (const [name, source, preferred] of sites) results.push(await measure(browser, name, source, preferred));
  } finally {
    await browser.close();
  }

  const ms = (x) => (Number.isNaN(x) ? '?' : `${Math.round(x)} ms`);
  const stat = (samples, key) => samples.map((s) => s[key]).filter((x) => !Number.isNaN(x));
  const pace = options.gap === undefined ? 'each saved once the server was idle' : `each saved ${options.gap} ms after the page showed the previous one`;
  console.log(`${version}, ${os.cpus().length} cores (nproc ${execFileSync('nproc').toString().trim()}), ${new Date().toISOString().slice(0, 10)}, ${RUNS} edits per site after a warm-up, ${pace}; release build, headless Chromium`);
  console.log();
  console.log(`Save (an edit of the ${EDIT}) → the open page shows the change:`);
  console.log();
  console.log('| site | entries | median | min | max | server "Built … in X ms" (median, min–max) | updated |');
  console.log('|---|---:|---:|---:|---:|---:|---|');
  for (const { name, entries, samples } of results) {
    const total = stat(samples, 'total');
    const built = stat(samples, 'built');
    const inPlace = samples.filter((s) => s.how === 'in place').length;
    console.log(`| ${name} | ${entries} | ${ms(median(total))} | ${ms(Math.min(...total))} | ${ms(Math.max(...total))} | ${ms(median(built))} (${Math.min(...built)}–${Math.max(...built)}) | ${inPlace} of ${samples.length} in place |`);
  }
  console.log();
  console.log('Where the time goes (medians): save → event = watcher debounce + rebuild of the pages;');
  console.log('event → shown = event delivered, the page fetched again and its <main> swapped in (or reloaded).');
  console.log();
  console.log('| site | save → event | of which "Built" | event → shown | total |');
  console.log('|---|---:|---:|---:|---:|');
  for (const { name, samples } of results) {
    const toEvent = median(stat(samples, 'toEvent'));
    const m = (key) => ms(median(stat(samples, key)));
    const afterEvent = samples.map((s) => s.total - s.toEvent).filter((x) => !Number.isNaN(x));
    console.log(`| ${name} | ${ms(toEvent)} | ${m('built')} | ${ms(median(afterEvent))} | ${m('total')} |`);
  }
  console.log();
  for (const { name, builtLines, offset } of results) {
    console.log(`${name}: page clock offset ${offset.toFixed(1)} ms; server lines: ${builtLines.map((l) => l.replace(/^Built \d+ entries in /, '')).join(', ')} (the first is the initial build)`);
  }
}

main().catch((error) => {
  console.error(error.stack ?? String(error));
  process.exitCode = 1;
});
