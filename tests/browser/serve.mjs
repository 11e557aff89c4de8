#!/usr/bin/env node
// The live preview in a real browser, run by tests/browser.rs (`cargo test`).
//
// By hand:
//   node tests/browser/serve.mjs --faqgen target/debug/faqgen --site .
//
// --site is the example site (this repository's root: only its faqgen.toml and content/ are
// used); it is copied to a temporary folder, and only the copy is edited. Checks:
//
// - `faqgen serve`: an open entry page, scrolled down, updates by itself in place (no reload)
//   when its file is saved (atomically: a temporary file renamed over it) and shows the new
//   answer at the same scroll position; a category page updated in place keeps the answer its
//   reader opened and its "Expand all" works; a broken save shows the error overlay (#faqgen-errors)
//   with file:line:col and the message over the last good page, also on a page opened while the
//   site is broken; the fix removes the overlay and shows the fixed answer. Nine pages open at
//   once all load and update. A change to the header (the site's title) reloads the page.
// - `faqgen build --watch`: a save rebuilds the output folder; a broken save keeps it as it was.
//
// Every faqgen started here is killed when the run ends, however it ends. Each check prints
// PASS or FAIL with its problem; the exit code is 1 if any check failed.

import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { requireChromium, stopAfter } from './common.mjs';

// The whole run must end even if something hangs, so that `cargo test` never waits forever.
const RUN_TIMEOUT_MS = 90 * 1000;
// How long one expected change may take to show (a rebuild of the example site takes ~20 ms).
const WAIT_MS = 10_000;

const { values: options } = parseArgs({
  options: {
    faqgen: { type: 'string' },
    site: { type: 'string', default: '.' },
    chromium: { type: 'string', default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
  },
});

// The entry edited, its URL under the base path, and a line of its answer to change.
const ENTRY_FILE = 'content/causes/why-back-spasms.md';
const ENTRY_PATH = 'causes/why-back-spasms/';
const ANSWER_LINE = 'There are many possible causes for lower back spasms';

// ---------------------------------------------------------------------------------------------
// faqgen processes, always killed.

const children = new Set();

function killAll() {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    killAll();
    process.exit(1);
  });
}

/** Starts the faqgen binary with `args`; its output is kept, line by line, to wait on and to show. */
function startFaqgen(args) {
  const child = spawn(options.faqgen, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const run = { child, stdout: '', stderr: '', exited: null };
  const waiters = new Set();
  const notify = () => {
    for (const waiter of waiters) waiter();
  };
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    run.stdout += chunk;
    notify();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    run.stderr += chunk;
    notify();
  });
  child.on('error', (error) => {
    run.exited = `could not start ${options.faqgen}: ${error.message}`;
    notify();
  });
  child.on('exit', (code, signal) => {
    run.exited ??= `exited with ${signal ?? code}`;
    children.delete(child);
    notify();
  });
  /** Waits until `test(run)` gives a value, and returns it; fails on timeout or exit. */
  run.until = (what, test, timeout = WAIT_MS) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const value = test(run);
        if (value) return done(resolve, value);
        if (run.exited) return done(reject, new Error(`faqgen ${run.exited} while waiting for ${what}\n${run.output()}`));
      };
      const timer = setTimeout(() => done(reject, new Error(`no ${what} after ${timeout / 1000} s\n${run.output()}`)), timeout);
      const done = (settle, value) => {
        clearTimeout(timer);
        waiters.delete(check);
        settle(value);
      };
      waiters.add(check);
      check();
    });
  run.output = () => `--- faqgen ${args.join(' ')} ---\nstdout:\n${run.stdout}stderr:\n${run.stderr}---`;
  run.kill = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null || run.exited) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  return run;
}

// ---------------------------------------------------------------------------------------------
// The site copies and their edits.

const tempDirs = [];

/** A fresh copy of the site's faqgen.toml and content/ (nothing else: no public/, no target/). */
function copySite() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'faqgen-serve-test-'));
  tempDirs.push(dir);
  cpSync(path.join(options.site, 'faqgen.toml'), path.join(dir, 'faqgen.toml'));
  cpSync(path.join(options.site, 'content'), path.join(dir, 'content'), { recursive: true });
  return dir;
}

/** Saves the way editors do atomically: a temporary file beside it, renamed over it. */
function save(root, file, text) {
  const target = path.join(root, file);
  const temporary = `${target}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, target);
}

/** The entry with `marker` at the start of its answer; `brokenKey` renames its `tags` key. */
function entryText(original, marker, { brokenKey = null } = {}) {
  if (!original.includes(ANSWER_LINE) || !/^tags:/m.test(original)) {
    throw new Error(`${ENTRY_FILE} no longer has a "tags:" line and "${ANSWER_LINE}": update serve.mjs`);
  }
  let text = original.replace(ANSWER_LINE, `${marker} ${ANSWER_LINE}`);
  if (brokenKey) text = text.replace(/^tags:/m, `${brokenKey}:`);
  return text;
}

/** 1-based line of the `tags:` key, where an unknown key in its place is reported. */
function tagsLine(original) {
  return original.split('\n').findIndex((line) => line.startsWith('tags:')) + 1;
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

// ---------------------------------------------------------------------------------------------
// The checks.

/** `faqgen serve`: reload by itself, keeping the scroll position; the error overlay and its fix. */
async function checkServe(browser, notes) {
  const root = copySite();
  const original = readFileSync(path.join(root, ENTRY_FILE), 'utf8');
  const server = startFaqgen(['--root', root, 'serve', '--port', '0']);
  try {
    const url = await server.until('"Serving … at http://127.0.0.1:PORT/…" line', (run) =>
      run.stdout.match(/^Serving .* at (http:\/\/127\.0\.0\.1:\d+\/\S*) \(Ctrl\+C to stop\)$/m)?.[1],
    );
    check(new URL(url).pathname === '/faqgen/', `serve's URL ${url} is not under the site's base path /faqgen/`);
    const context = await browser.newContext({ viewport: { width: 900, height: 500 } });
    context.setDefaultTimeout(WAIT_MS);
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // Every load of the main frame; the test itself navigates only once, first.
    let loads = 0;
    page.on('load', () => loads++);
    await page.goto(url + ENTRY_PATH);
    check((await page.title()).length > 0, 'the entry page has no title');
    check(await page.locator('script[src="/__faqgen/live.js"]').count() === 1, 'the served page has no /__faqgen/live.js');

    // Scroll down a bit: most of the way down a short page, or 400 px.
    const scrollable = await page.evaluate(() => document.documentElement.scrollHeight - innerHeight);
    check(scrollable >= 150, `the entry page is too short to scroll (${scrollable} px of scrolling at 900×500)`);
    const scrollY = Math.min(400, Math.floor(scrollable * 0.7));
    await page.evaluate((y) => window.scrollTo(0, y), scrollY);
    await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 2, scrollY);

    // 1. An edit: the page updates by itself, in place (no reload: an answer's edit changes only
    // <main>), shows it, and keeps its scroll position.
    const edited = `Edited-${Date.now()}.`;
    await markPage(page);
    const loadsBefore = loads;
    let started = Date.now();
    save(root, ENTRY_FILE, entryText(original, edited));
    await waitForReload(page, edited, 'the edit');
    notes.push(`edit shown after ${Date.now() - started} ms`);
    check(loads === loadsBefore, `the page reloaded ${loads - loadsBefore} times after an edit of its answer; it should update in place`);
    await expectScroll(page, scrollY, 'after the edit');

    // 1b. A category page updated in place keeps the answers its reader opened, and its
    // "Expand all" still works (the theme script sets it up again).
    const category = await context.newPage();
    category.on('pageerror', (error) => pageErrors.push(error.message));
    await category.goto(url + ENTRY_PATH.split('/')[0] + '/');
    const opened = await category.locator('details.faq').first().getAttribute('id');
    await category.locator('details.faq summary').first().click();
    await markPage(category);
    const categoryEdit = `Category-${Date.now()}.`;
    save(root, ENTRY_FILE, entryText(original, categoryEdit));
    try {
      await category.waitForFunction((t) => document.querySelector('main')?.dataset.faqgenTest !== 'old' && document.querySelector('main').textContent.includes(t), categoryEdit, { timeout: WAIT_MS });
    } catch {
      throw new Error('the category page did not update by itself after an edit of one of its answers');
    }
    check(await category.evaluate((id) => document.getElementById(id)?.open === true, opened), `the answer #${opened} the reader opened was closed by the update`);
    await category.getByRole('button', { name: 'Expand all' }).click();
    const closed = await category.evaluate(() => [...document.querySelectorAll('details.faq')].filter((d) => !d.open).length);
    check(closed === 0, `"Expand all" after the update left ${closed} answers closed`);
    await category.close();
    await waitForReload(page, categoryEdit, 'the edit seen from the category page');

    // 1c. The home page updated in place keeps its search box, with the words typed in it
    // (the box is in <main> there, which the update replaces).
    const home = await context.newPage();
    home.on('pageerror', (error) => pageErrors.push(error.message));
    await home.goto(url);
    await home.locator('#search-input').fill('spasm');
    await home.evaluate(() => (window.faqgenTestBox = document.querySelector('[data-search]')));
    await markPage(home);
    const indexFile = path.join('content', ENTRY_PATH.split('/')[0], '_index.md');
    const indexText = readFileSync(path.join(root, indexFile), 'utf8');
    const described = `Described-${Date.now()}`;
    save(root, indexFile, indexText.replace(/^description:.*$/m, `description: ${described}`));
    try {
      await home.waitForFunction((t) => document.querySelector('main')?.dataset.faqgenTest !== 'old' && document.querySelector('main').textContent.includes(t), described, { timeout: WAIT_MS });
    } catch {
      throw new Error("the home page did not update by itself after an edit of a category's description");
    }
    const kept = await home.evaluate(() => ({
      same: document.querySelector('main [data-search]') === window.faqgenTestBox,
      words: document.querySelector('#search-input')?.value,
    }));
    check(kept.same && kept.words === 'spasm', `the home page's search box was replaced by the update: ${JSON.stringify(kept)}`);
    await home.close();

    // 2. A broken edit: the overlay, over the last good page, which does not reload.
    const broken = `Broken-${Date.now()}.`;
    const line = tagsLine(original);
    const location = `${ENTRY_FILE}:${line}:1`;
    const message = 'unknown key `tgas`';
    await markPage(page);
    started = Date.now();
    save(root, ENTRY_FILE, entryText(original, broken, { brokenKey: 'tgas' }));
    const overlay = await waitForOverlay(page, 'the broken edit');
    notes.push(`overlay shown after ${Date.now() - started} ms`);
    check(overlay.includes(`${location}: error: ${message}`), `the overlay does not say "${location}: error: ${message}":\n${overlay}`);
    check(overlay.includes('did you mean `tags`?'), `the overlay does not show the hint "did you mean \`tags\`?":\n${overlay}`);
    check(overlay.includes('tgas:'), `the overlay does not show the offending line "tgas: …":\n${overlay}`);
    const host = await page.evaluate(() => {
      const el = document.getElementById('faqgen-errors');
      const box = el.getBoundingClientRect();
      return { role: el.getAttribute('role'), label: el.getAttribute('aria-label'), covers: box.width >= innerWidth - 1 && box.height >= innerHeight - 1 };
    });
    check(host.role === 'alertdialog' && host.label, `the overlay is not a labelled alertdialog: ${JSON.stringify(host)}`);
    check(host.covers, 'the overlay does not cover the viewport');
    check(await isMarked(page), 'the page changed for a broken edit; it should keep the last good version');
    const answer = await answerText(page);
    check(answer.includes(categoryEdit) && !answer.includes(broken), `the page does not show the last good answer under the overlay: ${answer.slice(0, 200)}`);
    await expectScroll(page, scrollY, 'under the overlay');
    check(/error: the site has errors; still serving the last good version/.test(server.stderr), `serve did not report the broken build on stderr:\n${server.output()}`);

    // A page opened while the site is broken shows the last good version and the overlay at once.
    const second = await context.newPage();
    second.on('pageerror', (error) => pageErrors.push(error.message));
    await second.goto(url + ENTRY_PATH);
    const secondOverlay = await waitForOverlay(second, 'a page opened while the site is broken');
    check(secondOverlay.includes(`${location}: error: ${message}`), `the overlay on a newly opened page does not say "${location}: error: ${message}":\n${secondOverlay}`);
    check((await answerText(second)).includes(categoryEdit), 'a page opened while the site is broken does not show the last good answer');
    await second.close();

    // 3. The fix: the overlay goes and the fixed answer shows, at the same scroll position.
    // With the browser's own scroll restoration off, so that the reload client must keep it.
    await page.evaluate(() => (history.scrollRestoration = 'manual'));
    const fixed = `Fixed-${Date.now()}.`;
    await markPage(page);
    started = Date.now();
    save(root, ENTRY_FILE, entryText(original, fixed));
    await waitForReload(page, fixed, 'the fix');
    notes.push(`fix shown after ${Date.now() - started} ms`);
    try {
      await page.waitForFunction(() => !document.getElementById('faqgen-errors'), null, { timeout: 2_000 });
    } catch {
      throw new Error(`the overlay is still shown after the fix:\n${await overlayText(page)}`);
    }
    check(await page.evaluate(() => history.scrollRestoration) === 'manual', 'scroll restoration did not stay manual across the update');
    await expectScroll(page, scrollY, 'after the fix (restored by the reload client alone)');
    check(!(await answerText(page)).includes(broken), 'the broken edit\'s answer shows after the fix');

    // 4. Many open pages: all load (a browser opens at most 6 connections to a host, so pages
    // must not each hold an event stream of their own), and all reload after an edit; also a
    // page without SharedWorker (as on Chrome for Android), which has a stream of its own.
    const pages = [page];
    for (let i = 0; i < 8; i++) {
      const other = await context.newPage();
      other.on('pageerror', (error) => pageErrors.push(error.message));
      try {
        await other.goto(url + (i % 2 ? '' : ENTRY_PATH));
      } catch (error) {
        throw new Error(`open page ${pages.length + 1} of the preview did not load within ${WAIT_MS / 1000} s: ${error.message.split('\n')[0]}`);
      }
      pages.push(other);
    }
    const plain = await browser.newContext();
    await plain.addInitScript(() => delete window.SharedWorker);
    const withoutWorker = await plain.newPage();
    withoutWorker.on('pageerror', (error) => pageErrors.push(error.message));
    await withoutWorker.goto(url + ENTRY_PATH);
    pages.push(withoutWorker);
    // Every page has heard the server's state (live.js marks <html> with data-faqgen-live), so
    // each is connected before the edit.
    for (const [i, p] of pages.entries()) {
      try {
        await p.waitForFunction(() => document.documentElement.dataset.faqgenLive !== undefined, null, { timeout: WAIT_MS });
      } catch {
        throw new Error(`open page ${i + 1} of ${pages.length}${p === withoutWorker ? ' (without SharedWorker)' : ''} did not hear from the server within ${WAIT_MS / 1000} s (no data-faqgen-live on <html>)`);
      }
    }
    for (const p of pages) await markPage(p);
    const again = `Again-${Date.now()}.`;
    save(root, ENTRY_FILE, entryText(original, again));
    for (const [i, p] of pages.entries()) {
      try {
        await p.waitForFunction(() => document.querySelector('main')?.dataset.faqgenTest !== 'old' && document.readyState !== 'loading', null, { timeout: WAIT_MS });
      } catch {
        throw new Error(`open page ${i + 1} of ${pages.length}${p === withoutWorker ? ' (without SharedWorker)' : ''} did not reload after an edit`);
      }
    }
    for (const p of [page, withoutWorker]) await waitForReload(p, again, 'the edit with many pages open');
    await plain.close();
    for (const p of pages.slice(1, -1)) await p.close();

    // 5. An edit outside <main> (the site's title, in its header): a full reload, which shows it.
    await markPage(page);
    const loadsBeforeTitle = loads;
    const config = readFileSync(path.join(root, 'faqgen.toml'), 'utf8');
    const title = `Retitled ${Date.now()}`;
    save(root, 'faqgen.toml', config.replace(/^title = ".*"$/m, `title = "${title}"`));
    try {
      await page.waitForFunction((t) => document.querySelector('.brand')?.textContent === t, title, { timeout: WAIT_MS });
    } catch {
      throw new Error(`the page did not show the new site title "${title}" after faqgen.toml changed`);
    }
    // The new title can be in the DOM before the page's load event has reached this script.
    const deadline = Date.now() + WAIT_MS;
    while (loads < loadsBeforeTitle + 1 && Date.now() < deadline) {
      await page.waitForEvent('load', { timeout: Math.max(1, deadline - Date.now()) }).catch(() => {});
    }
    check(loads === loadsBeforeTitle + 1, `the page loaded ${loads - loadsBeforeTitle} times after the header changed, expected one full reload`);
    await expectScroll(page, scrollY, 'after the full reload');

    check(pageErrors.length === 0, `JavaScript errors in the page: ${pageErrors.join('; ')}`);
    check(!existsSync(path.join(root, 'public')), 'serve wrote public/; the preview must stay in memory');
    const builds = server.stdout.match(/^Built \d+ entries in \d+ ms$/gm) ?? [];
    check(builds.length === 7, `serve printed ${builds.length} "Built …" lines, expected 7 (the start and 6 good saves):\n${server.output()}`);
    await context.close();
  } finally {
    await server.kill();
  }
}

/** `faqgen build --watch`: a save rebuilds the output folder; a broken save leaves it as it was. */
async function checkBuildWatch(notes) {
  const root = copySite();
  const original = readFileSync(path.join(root, ENTRY_FILE), 'utf8');
  const out = path.join(root, '..', `${path.basename(root)}-out`);
  tempDirs.push(out);
  const built = path.join(out, ENTRY_PATH, 'index.html');
  const watcher = startFaqgen(['--root', root, 'build', '--watch', '--output-dir', out]);
  try {
    const builtLines = (run) => run.stdout.match(/^Built \d+ entr.* ms, written to .*$/gm) ?? [];
    await watcher.until('first "Built …" line', (run) => builtLines(run).length >= 1);
    const first = readFileSync(built, 'utf8');
    check(first.includes(ANSWER_LINE), `${built} does not hold the entry's answer`);
    check(!first.includes('__faqgen'), 'faqgen build wrote the live-reload client into the output; only served pages may have it');
    // build --watch says "Watching … for changes" once it watches: an edit made before that
    // could be missed.
    await watcher.until('"Watching … for changes" line', (run) => /^Watching .* for changes/m.test(run.stdout));

    const edited = `Watched-${Date.now()}.`;
    const started = Date.now();
    save(root, ENTRY_FILE, entryText(original, edited));
    await watcher.until('second "Built …" line after the edit', (run) => builtLines(run).length >= 2);
    const after = readFileSync(built, 'utf8');
    check(after.includes(edited), `${built} did not change after the edit`);
    notes.push(`rebuilt after ${Date.now() - started} ms`);

    save(root, ENTRY_FILE, entryText(original, 'Broken.', { brokenKey: 'tgas' }));
    const location = `${ENTRY_FILE}:${tagsLine(original)}:1: error: unknown key \`tgas\``;
    await watcher.until(`"${location}" on stderr`, (run) => run.stderr.includes(location));
    check(watcher.exited === null, `build --watch stopped after a broken edit:\n${watcher.output()}`);
    check(readFileSync(built, 'utf8') === after, 'a broken edit changed the output folder; it must keep the last good build');
  } finally {
    await watcher.kill();
  }
}

// ---------------------------------------------------------------------------------------------
// Page helpers.

/** Marks the page's content (its <main>): the mark is gone once the page has been updated,
 * in place or by a reload. */
async function markPage(page) {
  await page.evaluate(() => (document.querySelector('main').dataset.faqgenTest = 'old'));
}

/** Whether the page still shows the content marked by `markPage`. */
async function isMarked(page) {
  return page.evaluate(() => document.querySelector('main')?.dataset.faqgenTest === 'old');
}

/** Waits, without navigating, until the page has updated by itself and shows `text`. */
async function waitForReload(page, text, what) {
  try {
    await page.waitForFunction(
      (t) => document.querySelector('main')?.dataset.faqgenTest !== 'old' && document.readyState !== 'loading' && document.getElementById('answer')?.textContent.includes(t),
      text,
      { timeout: WAIT_MS },
    );
  } catch {
    const state = await page.evaluate(() => ({ updated: document.querySelector('main')?.dataset.faqgenTest !== 'old', answer: document.getElementById('answer')?.textContent.trim().slice(0, 160) })).catch(() => ({}));
    throw new Error(`the page did not update by itself to show ${what} within ${WAIT_MS / 1000} s (updated: ${state.updated}; answer: ${state.answer})${await overlayText(page).then((t) => (t ? `; overlay: ${t}` : ''), () => '')}`);
  }
}

/** Waits for the error overlay and returns its text (from its shadow root). */
async function waitForOverlay(page, what) {
  try {
    await page.waitForFunction(() => document.getElementById('faqgen-errors')?.shadowRoot?.textContent, null, { timeout: WAIT_MS });
  } catch {
    throw new Error(`no error overlay (#faqgen-errors) after ${what} within ${WAIT_MS / 1000} s`);
  }
  return overlayText(page);
}

function overlayText(page) {
  return page.evaluate(() => {
    const root = document.getElementById('faqgen-errors')?.shadowRoot;
    return root ? [...root.querySelectorAll('h2, p, .d')].map((el) => el.textContent).join('\n') : '';
  });
}

function answerText(page) {
  return page.evaluate(() => document.getElementById('answer')?.textContent ?? '');
}

/** The scroll position is back near `y` (layout may shift it a little: the answer changed). */
async function expectScroll(page, y, when) {
  try {
    await page.waitForFunction((target) => Math.abs(window.scrollY - target) <= 40, y, { timeout: 2_000 });
  } catch {
    throw new Error(`the scroll position was not kept ${when}: scrollY is ${await page.evaluate(() => window.scrollY)}, was ${y}`);
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  if (!options.faqgen || !existsSync(options.faqgen)) {
    console.error('usage: node serve.mjs --faqgen PATH-TO-FAQGEN [--site DIR] (the faqgen binary was not found)');
    process.exit(2);
  }
  if (!existsSync(path.join(options.site, ENTRY_FILE))) {
    console.error(`${path.join(options.site, ENTRY_FILE)} not found: --site must be the example site (the repository root)`);
    process.exit(2);
  }
  requireChromium(options.chromium);
  stopAfter(RUN_TIMEOUT_MS, 'the run', killAll);

  const browser = await chromium.launch({
    executablePath: options.chromium,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  let passed = 0;
  let failed = 0;
  try {
    for (const [name, run] of [
      ['serve: reload, scroll, error overlay', (notes) => checkServe(browser, notes)],
      ['build --watch', (notes) => checkBuildWatch(notes)],
    ]) {
      const notes = [];
      const started = Date.now();
      let problem = null;
      try {
        await run(notes);
      } catch (error) {
        problem = error.stack ?? String(error);
      }
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      problem ? failed++ : passed++;
      console.log(`${problem ? 'FAIL' : 'PASS'} ${name} (${seconds} s)${notes.length ? ': ' + notes.join('; ') : ''}`);
      if (problem) console.log(`     - ${problem}`);
    }
  } finally {
    killAll();
    await browser.close();
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\nchecks: ${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

await main();
