#!/usr/bin/env node
// Real-browser checks of faqgen's site search (static/search.js), run by tests/browser.rs.
//
// By hand (the corpus is optional):
//   node tests/browser/corpus.mjs 1000 /tmp/c1k
//   target/debug/faqgen --root /tmp/c1k build --output-dir /tmp/c1k-out --base-url https://example.org/my-faq/
//   node tests/browser/search.mjs --site /tmp/sub --content content --base-url https://example.org/my-faq/ \
//        [--corpus-site /tmp/c1k-out --corpus-content /tmp/c1k/content --corpus-base-url https://example.org/my-faq/]
//
// --site is the example site (this repository's content/, built with an ask_url) and --content
// its sources, from which the expected answers are read; --corpus-* is the corpus that
// tests/browser/corpus.mjs generates, built, and its sources: the corpus checks rely on what
// that script promises (distinct questions, answer words of their own). Each site is served
// on 127.0.0.1 under its base URL's path.
// Queries are typed key by key, as a reader would. Each check prints PASS or FAIL with its
// problems; timings and sizes are printed as notes, never asserted. Screenshots of the open
// panel go to tests/browser/artifacts/search-*.png.

import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { readEntries, requireChromium, serveStatic, stopAfter } from './common.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PHONE = { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const DESKTOP = { name: 'desktop', viewport: { width: 1280, height: 800 } };
const RUN_TIMEOUT_MS = 4 * 60 * 1000;
const KEY_DELAY_MS = 30;

const { values: options } = parseArgs({
  options: {
    site: { type: 'string' },
    content: { type: 'string' },
    'base-url': { type: 'string' },
    'corpus-site': { type: 'string' },
    'corpus-content': { type: 'string' },
    'corpus-base-url': { type: 'string' },
    artifacts: { type: 'string', default: path.join(HERE, 'artifacts') },
    chromium: { type: 'string', default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
  },
});

let browser;

// ---------------------------------------------------------------------------------------------
// Checks of the example site.

/** search.js splits and folds words by the one rule src/search/words.rs has: both pass tests/fixtures/words.json. */
async function checkWordRule(site, report) {
  const { cases } = JSON.parse(readFileSync(path.join(HERE, '..', 'fixtures', 'words.json'), 'utf8'));
  const page = await newPage(site, DESKTOP);
  await page.goto(site.url(''));
  await page.waitForFunction(() => typeof window.faqgen?.search?.words === 'function', null, { timeout: 10_000 });
  const made = await page.evaluate((texts) => texts.map((text) => window.faqgen.search.words(text)), cases.map(([text]) => text));
  cases.forEach(([text, words], i) => {
    if (JSON.stringify(made[i]) !== JSON.stringify(words)) report.problem(`words(${JSON.stringify(text)}) is ${JSON.stringify(made[i])}, not ${JSON.stringify(words)} as in src/search/words.rs`);
  });
}

/**
 * The ranking in the browser (search.js `search`, without the panel): inflections meet on their
 * stem, a word in the question outranks the same word in an answer only, a misspelling is
 * corrected and counts less than the word itself, short words and stop words never match alone.
 */
async function checkRanking(site, report) {
  const page = await newPage(site, DESKTOP);
  await page.goto(site.url(''));
  await page.waitForFunction(() => typeof window.faqgen?.search?.search === 'function', null, { timeout: 10_000 });
  const ask = (query) =>
    page.evaluate(async (q) => {
      const found = await window.faqgen.search.search(q, {});
      const entries = await Promise.all(found.ranked.map((hit) => fetch(`search/entry/${hit.n}.json`).then((r) => r.json())));
      return {
        words: found.words.map((w) => ({ word: w.word, weak: w.weak, found: w.found.map((f) => ({ stem: f.stem, quality: f.quality, word: f.word })) })),
        corrections: found.corrections,
        ranked: found.ranked.map((hit, i) => ({ path: entries[i].u, question: entries[i].q, aliases: entries[i].a, text: entries[i].t, score: hit.score, suggested: hit.inQuestion })),
      };
    }, query);

  // "stretching" and "stretches" are one stem: either finds the other.
  const stretching = await ask('stretching ');
  const stretches = await ask('stretches ');
  if (stretching.words[0]?.found[0]?.stem !== stretches.words[0]?.found[0]?.stem) {
    report.problem(`"stretching" and "stretches" stand for different stems: ${JSON.stringify([stretching.words, stretches.words])}`);
  }
  const exercise = site.entries.find((e) => e.aliases.some((a) => /stretches/i.test(a)));
  if (exercise && stretching.ranked[0]?.path !== exercise.path.slice(site.basePath.length)) {
    report.problem(`"stretching" ranks ${stretching.ranked[0]?.path} first, not ${exercise.path}, whose alias says "stretches"`);
  }

  // A word in the question (or an alias) outranks the same word in an answer only.
  const shoulder = await ask('shoulder ');
  const inQuestion = shoulder.ranked.filter((r) => /shoulder/i.test(r.question + r.aliases.join(' ')));
  const inAnswer = shoulder.ranked.filter((r) => !/shoulder/i.test(r.question + r.aliases.join(' ')));
  if (inQuestion.length === 0 || inAnswer.length === 0) {
    report.problem(`"shoulder" should be in some questions and in some answers only: ${inQuestion.length} and ${inAnswer.length}`);
  } else if (Math.min(...inQuestion.map((r) => r.score)) <= Math.max(...inAnswer.map((r) => r.score))) {
    report.problem('"shoulder": an entry with it only in its answer ranks above one with it in its question');
  }
  if (!shoulder.ranked.every((r) => r.suggested === inQuestion.includes(r))) {
    report.problem('"shoulder": the suggestions are not exactly the entries with it in their question');
  }
  const spasm = await ask('ibuprofen ');

  // A misspelling is corrected, and the corrected word counts less than the word itself.
  const typo = await ask('ibuprofin ');
  if (JSON.stringify(typo.corrections) !== JSON.stringify([{ from: 'ibuprofin', to: 'ibuprofen' }])) report.problem(`"ibuprofin" corrections: ${JSON.stringify(typo.corrections)}`);
  if (typo.ranked.length !== spasm.ranked.length || !(typo.ranked[0]?.score < spasm.ranked[0]?.score)) {
    report.problem(`"ibuprofin" ranks ${typo.ranked.length} entries (top score ${typo.ranked[0]?.score}); "ibuprofen" ${spasm.ranked.length} (${spasm.ranked[0]?.score})`);
  }
  // An exact word is never corrected, nor a short one.
  for (const query of ['spasm ', 'ab ']) {
    const found = await ask(query);
    if (found.corrections.length) report.problem(`"${query.trim()}" was corrected: ${JSON.stringify(found.corrections)}`);
  }

  // Stop words and short words never match alone, and never by a prefix: "do" is not "doctor".
  const alone = await ask('do');
  if (alone.words[0]?.weak !== true) report.problem('"do" is not taken for a stop word');
  const notDo = alone.ranked.filter((r) => !/\bdo\b/i.test(`${r.question} ${r.aliases.join(' ')} ${r.text}`));
  if (notDo.length) report.problem(`"do" alone finds entries without the word: ${JSON.stringify(notDo.map((r) => r.path))}`);
  const withSpasm = await ask('how do i stop a spasm ');
  const strays = withSpasm.ranked.filter((r) => !/spasm/i.test(`${r.question} ${r.aliases.join(' ')} ${r.text}`));
  if (strays.length) report.problem(`"how do i stop a spasm" finds entries without "spasm": ${JSON.stringify(strays.map((r) => r.path))}`);
  report.note(`"stretching" → ${stretching.ranked[0]?.path}; "ibuprofin" → ${typo.ranked.map((r) => r.path).join(', ')}`);
}

/** The box shows with JavaScript only; "/" and Ctrl+K focus it, but not while typing elsewhere. */
async function checkBox(site, report) {
  const noJs = await newPage(site, { ...DESKTOP, javaScriptEnabled: false });
  await noJs.goto(site.url(''));
  if (await noJs.locator('[data-search]').isVisible()) report.problem('the search box is visible with JavaScript off, where it cannot work');

  const page = await newPage(site, DESKTOP);
  await page.goto(site.url(''));
  if (!(await page.locator('#search-input').isVisible())) return report.problem('no visible #search-input with JavaScript on');
  await page.keyboard.press('/');
  if (!(await isFocused(page, '#search-input'))) report.problem('pressing / does not focus the search box');
  if ((await page.inputValue('#search-input')) !== '') report.problem('pressing / typed a slash into the search box');
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press('Control+k');
  if (!(await isFocused(page, '#search-input'))) report.problem('pressing Ctrl+K does not focus the search box');

  // Typing a slash in another field stays there.
  await page.evaluate(() => {
    const other = Object.assign(document.createElement('input'), { id: 'other-field', 'aria-label': 'other' });
    document.querySelector('main').prepend(other);
    other.focus();
  });
  await page.keyboard.type('a/b');
  if (!(await isFocused(page, '#other-field')) || (await page.inputValue('#other-field')) !== 'a/b') {
    report.problem('typing "/" in another text field moved the focus to the search box');
  }
}

/** An exact question is the top suggestion, and so is an alias typed exactly; each entry is listed once. */
async function checkExactQuestion(site, report) {
  const page = await newPage(site, DESKTOP);
  await page.goto(site.url(''));
  const entry = site.entries.find((e) => e.file.endsWith('spasms-between-shoulder-blades.md')) ?? site.entries[0];
  const exact = await typeQuery(page, entry.question);
  const top = exact.suggestions[0];
  if (!top) return report.problem(`"${entry.question}" gives no suggestion`);
  if (top.title !== entry.question || top.path !== entry.path) report.problem(`"${entry.question}": top suggestion is "${top.title}" (${top.path}), expected ${entry.path}`);

  const withAlias = site.entries.find((e) => e.aliases.some((a) => /massage/i.test(a))) ?? site.entries.find((e) => e.aliases.length > 0);
  const alias = withAlias.aliases.find((a) => /massage/i.test(a)) ?? withAlias.aliases[0];
  await clearQuery(page);
  const byAlias = await typeQuery(page, alias);
  if (byAlias.suggestions[0]?.path !== withAlias.path) report.problem(`the alias "${alias}": top suggestion is ${byAlias.suggestions[0]?.path}, expected ${withAlias.path}`);
  if (byAlias.suggestions[0] && byAlias.suggestions[0].alias !== `Also asked: “${alias}”`) report.problem(`the alias "${alias}" is not shown with its suggestion: "${byAlias.suggestions[0].alias}"`);
  // An entry is listed once in the panel: a suggestion is not repeated among the results.
  for (const shown of [exact, byAlias]) {
    const paths = [...shown.suggestions, ...shown.results].map((o) => o.path);
    const twice = paths.filter((p, i) => paths.indexOf(p) !== i);
    if (twice.length) report.problem(`the panel lists ${JSON.stringify(twice)} twice`);
  }
  report.note(`"${entry.question}" → ${top.path}; alias → ${byAlias.suggestions[0]?.path}`);
}

/** Typos and word order: "spazm shouldr" puts the shoulder-blade questions first. */
async function checkTypos(site, report) {
  const page = await newPage(site, DESKTOP);
  await page.goto(site.url(''));
  const shoulder = site.entries.filter((e) => /shoulder/i.test(e.question)).map((e) => e.path);
  if (shoulder.length < 2) return report.problem(`expected at least two questions about shoulder blades in the content, found ${shoulder.length}`);
  for (const query of ['spazm shouldr', 'shouldr blade spazms']) {
    const shown = await typeQuery(page, query);
    const top = shown.suggestions.slice(0, shoulder.length).map((s) => s.path);
    if (top.length < shoulder.length || !top.every((p) => shoulder.includes(p))) {
      report.problem(`"${query}": top suggestions are ${JSON.stringify(top)}, expected the shoulder-blade questions ${JSON.stringify(shoulder)}`);
    }
    report.note(`"${query}" → ${top.join(', ')}`);
    await clearQuery(page);
  }
}

/**
 * Misspellings are corrected against the site's words, and say so: "ibuprofin" finds the
 * ibuprofen entries first, with "Showing results for “ibuprofen”" and a button back to the
 * words as typed; "docter" finds the doctor; "shoulder" suggests no question for "should".
 */
async function checkCorrection(site, report) {
  const page = await newPage(site, DESKTOP);
  await page.goto(site.url(''));
  const ibuprofen = site.entries.filter((e) => /ibuprofen/i.test(e.body + e.question)).map((e) => e.path);
  const shown = await typeQuery(page, 'ibuprofin');
  const listed = [...shown.suggestions, ...shown.results].map((o) => o.path);
  const first = listed.slice(0, ibuprofen.length);
  if (ibuprofen.length === 0 || !first.every((p) => ibuprofen.includes(p)) || first.length < ibuprofen.length) {
    report.problem(`"ibuprofin" lists ${JSON.stringify(listed)} first, expected the ibuprofen entries ${JSON.stringify(ibuprofen)}`);
  }
  const note = page.locator('[data-search-correction]');
  const text = (await note.isVisible()) ? (await note.textContent()).replace(/\s+/g, ' ').trim() : '';
  if (!text.startsWith('Showing results for “ibuprofen”.')) report.problem(`"ibuprofin": the correction note says "${text}"`);
  const marks = [...shown.suggestions, ...shown.results].flatMap((o) => o.marks);
  if (!marks.some((m) => /^ibuprofen$/i.test(m))) report.problem(`"ibuprofin": the corrected word is not marked: ${JSON.stringify(marks)}`);
  await screenshot(page, 'search-correction-desktop-light');
  // Back to the words as typed: nothing has "ibuprofin".
  await note.getByRole('button').click();
  await page.waitForFunction(() => !document.querySelector('[data-search-message]').hidden, null, { timeout: 5_000 })
    .catch(() => report.problem('after "Search for “ibuprofin” instead", no "no match" message shows'));
  if (await note.isVisible()) report.problem('the correction note stays after searching the words as typed');
  if (!(await isFocused(page, '#search-input'))) report.problem('the button leaves the focus outside the field');
  await clearQuery(page);

  const doctor = site.entries.find((e) => e.path.includes('/when-to-see-a-doctor/'));
  const docter = await typeQuery(page, 'docter');
  const top = docter.suggestions[0] ?? docter.results[0];
  if (!doctor || top?.path !== doctor.path) report.problem(`"docter": the first option is ${top?.path}, expected ${doctor?.path}`);
  await clearQuery(page);

  const shoulder = await typeQuery(page, 'shoulder');
  const wrong = shoulder.suggestions.filter((o) => !/shoulder/i.test(o.title + o.alias));
  if (wrong.length) report.problem(`"shoulder" suggests ${JSON.stringify(wrong.map((o) => o.title))}`);
  if (shoulder.suggestions.length === 0) report.problem('"shoulder" suggests nothing');
  report.note(`"ibuprofin" → ${first.join(', ')}; "docter" → ${top?.path}; "shoulder" → ${shoulder.suggestions.length} suggestions`);
}

/** Full text: "ibuprofen" finds exactly the entries that mention it, once each, with the word marked. */
async function checkFullText(site, report) {
  const page = await newPage(site, DESKTOP);
  await page.goto(site.url(''));
  const expected = site.entries.filter((e) => /ibuprofen/i.test(e.body)).map((e) => e.path).sort();
  if (expected.length === 0) return report.problem('no answer of the example mentions ibuprofen');
  const shown = await typeQuery(page, 'ibuprofen');
  const found = [...shown.suggestions, ...shown.results].map((r) => r.path).sort();
  if (JSON.stringify(found) !== JSON.stringify(expected)) report.problem(`"ibuprofen" lists ${JSON.stringify(found)}, expected ${JSON.stringify(expected)}`);
  if (shown.results.length === 0) report.problem('"ibuprofen" shows no result from the answers');
  for (const result of shown.results) {
    if (!/ibuprofen/i.test(result.marked)) report.problem(`the result ${result.path} does not mark "ibuprofen" in its excerpt (marked: "${result.marked}")`);
    if (!result.category) report.problem(`the result ${result.path} shows no category`);
    // Words are highlighted, never the punctuation around them.
    const untidy = result.marks.filter((m) => !/^[\p{L}\p{N}](?:[\s\S]*[\p{L}\p{N}])?$/u.test(m));
    if (untidy.length) report.problem(`the result ${result.path} highlights punctuation: ${JSON.stringify(untidy)}`);
  }
  const status = await waitForStatus(page, 'ibuprofen');
  if (!/^\d+ suggestions?, \d+ results? for “ibuprofen”\.$/.test(status)) report.problem(`the live region says "${status}"`);
  report.note(`status: "${status}"`);

  // A word of two letters alone is searched as it is.
  await clearQuery(page);
  const er = site.entries.find((e) => /\bER\b/.test(e.question));
  if (er) {
    const short = await typeQuery(page, 'ER');
    const listed = [...short.suggestions, ...short.results].map((r) => r.path);
    if (!listed.includes(er.path)) report.problem(`"ER" does not find ${er.path}: ${JSON.stringify(listed)}`);
    report.note(`"ER": full-text results ${ms(short.timing.results)} after the last key`);
  }
}

/** The category filter narrows the full-text results to that category. */
async function checkFilters(site, report) {
  const page = await newPage(site, DESKTOP);
  const filterChunks = [];
  page.on('request', (request) => /\/search\/filters\.json/.test(request.url()) && filterChunks.push(request.url()));
  await page.goto(site.url(''));
  await typeQuery(page, 'spasm');
  const select = page.locator('select[data-search-filter="category"]');
  if (!(await select.isVisible())) return report.problem('no visible category filter in the panel');
  // The filters' values come with the index: which entries each holds waits until one is chosen.
  if (filterChunks.length > 0) report.problem(`the filters' file was fetched before any filter was chosen: ${filterChunks.join(', ')}`);
  const counts = await select.locator('option').evaluateAll((all) => all.filter((o) => o.value).map((o) => o.textContent));
  if (!counts.every((text) => /^.+ \(\d+\)$/.test(text))) report.problem(`the category options do not all show a count: ${JSON.stringify(counts)}`);
  const choices = counts.map((text) => text.replace(/ \(\d+\)$/, ''));
  const category = choices.includes('Treatment') ? 'Treatment' : choices[0];
  await select.selectOption({ label: counts[choices.indexOf(category)] });
  await page.waitForFunction(
    (c) => {
      const cats = [...document.querySelectorAll('#search-results [role=option] .search-category')].map((e) => e.textContent);
      return cats.length > 0 && cats.every((t) => t === c);
    },
    category,
    { timeout: 5_000 },
  ).catch(() => report.problem(`after choosing the category "${category}", the results are not all in it`));
  if (filterChunks.length !== 1) report.problem(`choosing a filter fetched the filters' file ${filterChunks.length} times`);
  const expected = site.entries.filter((e) => e.path.startsWith(`${site.basePath}${category.toLowerCase().replace(/\W+/g, '-')}/`)).length;
  const shownCount = Number(counts.find((text) => text.startsWith(`${category} (`))?.match(/\((\d+)\)$/)?.[1]);
  if (expected > 0 && shownCount !== expected) report.problem(`the category "${category}" says ${shownCount} entries, the content has ${expected}`);
  const tags = await page.locator('select[data-search-filter="tag"] option').count();
  if (tags < 3) report.problem(`the tag filter has ${tags} options`);
  // Esc in a filter closes the panel and returns to the field.
  await select.focus();
  await page.keyboard.press('Escape');
  if (await page.locator('#search-panel').isVisible()) report.problem('Esc in a filter does not close the panel');
  if (!(await isFocused(page, '#search-input'))) report.problem('Esc in a filter does not return the focus to the field');
  report.note(`${choices.length} categories, ${tags - 1} tags`);
}

/** A result opens its entry page with the words marked there and the first one in view. */
async function checkHighlight(site, report) {
  const page = await newPage(site, DESKTOP);
  await page.goto(site.url(''));
  await typeQuery(page, 'ibuprofen');
  const first = page.locator('#search-results [role=option]').first();
  const href = await first.getAttribute('href');
  await Promise.all([page.waitForURL((url) => url.pathname !== site.basePath), first.click()]);
  const hits = await page.evaluate(() =>
    [...document.querySelectorAll('mark.search-hit')].map((m) => ({ text: m.textContent, inAnswer: !!m.closest('.answer'), top: m.getBoundingClientRect().top })),
  );
  if (hits.length === 0) return report.problem(`no mark.search-hit on ${href}`);
  if (!hits.some((h) => /ibuprofen/i.test(h.text) && h.inAnswer)) report.problem(`"ibuprofen" is not marked in the answer on ${href}: ${JSON.stringify(hits)}`);
  const height = await page.evaluate(() => window.innerHeight);
  if (hits[0].top < 0 || hits[0].top > height) report.problem(`the first hit is out of view (top ${Math.round(hits[0].top)}px of ${height}px)`);

  // A suggestion marks the word it corrected: "shouldr" → "shoulder".
  await page.goto(site.url(''));
  await typeQuery(page, 'spazm shouldr');
  await Promise.all([page.waitForURL((url) => url.pathname !== site.basePath), page.locator('#search-suggestions [role=option]').first().click()]);
  const marked = await page.$$eval('mark.search-hit', (all) => all.map((m) => m.textContent.toLowerCase()));
  if (!marked.some((t) => t.startsWith('shoulder'))) report.problem(`after the suggestion for "spazm shouldr", the page marks ${JSON.stringify(marked)}, not "shoulder"`);
  report.note(`${hits.length} hits for "ibuprofen", ${marked.length} for "spazm shouldr"`);
  await screenshot(page, 'search-highlight-desktop-light');
}

/** Nothing found: a plain message and a link to ask, with the query encoded. */
async function checkNoMatch(site, report) {
  const page = await newPage(site, DESKTOP);
  await page.goto(site.url(''));
  const ask = await page.getAttribute('[data-search]', 'data-ask');
  if (!ask) return report.problem('the example site has no data-ask: build it with ask_url set in faqgen.toml');
  const query = 'xyzzy & qwv?';
  await typeQuery(page, query);
  const message = page.locator('[data-search-message]');
  if (!(await message.isVisible())) return report.problem(`"${query}" shows no message`);
  const text = (await message.textContent()).replace(/\s+/g, ' ').trim();
  if (!text.startsWith(`No questions match “${query}”.`)) report.problem(`"${query}": the message says "${text}"`);
  const link = message.getByRole('link', { name: 'Ask this question' });
  const href = (await link.count()) ? await link.getAttribute('href') : null;
  const expected = ask.includes('{query}') ? ask.replace('{query}', encodeURIComponent(query)) : ask + encodeURIComponent(query);
  if (href !== expected) report.problem(`the ask link is ${href}, expected ${expected}`);
  const status = await waitForStatus(page, query);
  if (status !== `No questions match “${query}”.`) report.problem(`the live region says "${status}"`);
  const options = await page.locator('#search-panel [role=option]:visible').count();
  if (options > 0) report.problem(`"${query}" still shows ${options} options`);
  await screenshot(page, 'search-nomatch-desktop-light');
}

/** Keyboard alone: ↓↓ Enter opens the second option; Esc closes, a second Esc clears; a click outside closes. */
async function checkKeyboard(site, report) {
  const page = await newPage(site, DESKTOP);
  await page.goto(site.url(''));
  const shown = await typeQuery(page, 'spasm');
  const all = [...shown.suggestions, ...shown.results];
  if (all.length < 3) return report.problem(`"spasm" shows ${all.length} options, expected at least 3`);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const active = await page.evaluate(() => {
    const input = document.querySelector('#search-input');
    const id = input.getAttribute('aria-activedescendant');
    const option = id && document.getElementById(id);
    return { id, selected: option?.getAttribute('aria-selected'), href: option?.getAttribute('href'), expanded: input.getAttribute('aria-expanded'), focused: document.activeElement === input };
  });
  if (active.href !== all[1].href) report.problem(`after ↓↓, aria-activedescendant is ${active.id} (${active.href}), expected the second option ${all[1].href}`);
  if (active.selected !== 'true') report.problem('the active option is not aria-selected="true"');
  if (active.expanded !== 'true') report.problem(`aria-expanded is ${active.expanded} with the panel open`);
  if (!active.focused) report.problem('↓ moved the focus out of the field');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowDown');
  await Promise.all([page.waitForURL((url) => url.pathname !== site.basePath), page.keyboard.press('Enter')]);
  const opened = new URL(page.url());
  if (opened.pathname + opened.search !== all[1].href) report.problem(`↓↓ Enter opened ${opened.pathname + opened.search}, expected ${all[1].href}`);

  await page.goto(site.url(''));
  await typeQuery(page, 'spasm');
  await page.keyboard.press('Escape');
  if (await page.locator('#search-panel').isVisible()) report.problem('Esc does not close the panel');
  if ((await page.getAttribute('#search-input', 'aria-expanded')) !== 'false') report.problem('aria-expanded is not false after Esc');
  if ((await page.inputValue('#search-input')) !== 'spasm') report.problem('the first Esc changed the query');
  await page.keyboard.press('Escape');
  if ((await page.inputValue('#search-input')) !== '') report.problem('a second Esc does not clear the field');

  await typeQuery(page, 'spasm');
  for (let i = 0; i < 4 && (await page.evaluate(() => document.querySelector('[data-search]').contains(document.activeElement))); i++) {
    await page.keyboard.press('Tab');
  }
  if (await page.locator('#search-panel').isVisible()) report.problem('tabbing out of the search box does not close the panel');
  await page.locator('#search-input').focus();
  if (!(await page.locator('#search-panel').isVisible())) report.problem('coming back to the field does not open the panel again');
  await page.mouse.click(5, 790);
  if (await page.locator('#search-panel').isVisible()) report.problem('a click outside does not close the panel');
  await page.locator('#search-input').click();
  if (!(await page.locator('#search-panel').isVisible())) report.problem('a click in the field does not open the panel again');
}

/** axe with the panel open (phone and desktop, light and dark); screenshots of it. */
async function checkAccessibility(site, report) {
  const axeSource = readFileSync(path.join(HERE, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  const found = new Map();
  for (const device of [PHONE, DESKTOP]) {
    for (const colorScheme of ['light', 'dark']) {
      const page = await newPage(site, { ...device, colorScheme });
      await page.goto(site.url(''));
      if (device === PHONE) await page.locator('#search-input').tap();
      await typeQuery(page, 'spasm');
      await page.keyboard.press('ArrowDown');
      await screenshot(page, `search-${device.name}-${colorScheme}`);
      await page.addScriptTag({ content: axeSource });
      const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations);
      for (const v of violations) {
        if (v.impact !== 'serious' && v.impact !== 'critical') continue;
        for (const node of v.nodes) {
          const key = `${v.id} (${v.impact}) at ${node.target.join(' ')}: ${v.help}. ${node.any[0]?.message ?? node.failureSummary ?? ''}`;
          if (!found.has(key)) found.set(key, []);
          found.get(key).push(`${device.name}/${colorScheme}`);
        }
      }
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 0) report.problem(`${device.name}: the open panel makes the page ${overflow}px wider than the screen`);
      if (device === PHONE && (await page.locator('.search-key').isVisible())) report.problem('the "/" key hint shows on a phone');
    }
  }
  for (const [problem, variants] of found) report.problem(`${problem} [${variants.join(', ')}]`);
  report.note(`screenshots in ${path.relative(process.cwd(), options.artifacts) || '.'}`);
}

/** Timings and sizes of a first query on a fresh page, and of a second one: notes only. */
async function measureQueries(site, report, queries) {
  const page = await newPage(site, DESKTOP);
  await page.goto(site.url(''), { waitUntil: 'load' });
  const requests = [];
  page.context().on('request', (request) => requests.push(request.url()));
  for (const [i, query] of queries.entries()) {
    requests.length = 0;
    const shown = await typeQuery(page, query);
    const t = shown.timing;
    const bytes = transferred(site, requests);
    const perf = await page.evaluate(() => ({
      suggest: performance.getEntriesByName('faqgen-search:suggest').map((e) => e.duration),
    }));
    await page.evaluate(() => performance.clearMeasures('faqgen-search:suggest'));
    report.note(
      `${i === 0 ? 'first' : 'next'} query "${query}": suggestions ${ms(t.suggestions)} and full-text results ${ms(t.results)} after the last key` +
        `; ${requests.length} requests, ${kb(bytes.raw)} (${kb(bytes.gzip)} gzipped)` +
        `; matching ${ms(Math.max(...perf.suggest))} per key at most`,
    );
    await clearQuery(page);
  }
}

async function checkTimings(site, report) {
  await measureQueries(site, report, ['spazm shouldr', 'ibuprofen']);
}

/** Every request of the search stays on the site's host, under its base path. */
async function checkRequests(site, report) {
  for (const request of site.requests) {
    const url = new URL(request);
    if (url.origin !== site.origin) report.problem(`a request went to another host: ${request}`);
    else if (!url.pathname.startsWith(site.basePath)) report.problem(`a request left the base path ${site.basePath}: ${url.pathname}`);
  }
  const searchRequests = site.requests.filter((r) => /\/search\//.test(r));
  if (searchRequests.length === 0) report.problem('no request for the search indexes was seen');
  report.note(`${site.requests.length} requests, ${searchRequests.length} of them for the search indexes, all under ${site.basePath}`);
}

// ---------------------------------------------------------------------------------------------
// Checks of the generated corpus.

/** On the 1,000-entry corpus: exact questions, a typo, and a rare answer word find their entry. */
async function checkCorpus(site, report) {
  const page = await newPage(site, DESKTOP);
  await page.goto(site.url(''));
  const picks = [0.1, 0.5, 0.9].map((f) => site.entries[Math.floor(f * site.entries.length)]);
  for (const entry of picks) {
    const shown = await typeQuery(page, entry.question);
    if (shown.suggestions[0]?.title !== entry.question) report.problem(`"${entry.question}": top suggestion is "${shown.suggestions[0]?.title}"`);
    await clearQuery(page);
  }
  // One typo in the longest word: the question is still among the suggestions.
  const typoEntry = picks[1];
  const longest = typoEntry.question.split(/\W+/).sort((a, b) => b.length - a.length)[0];
  const typo = typoEntry.question.replace(longest, longest.slice(0, 2) + longest.slice(3)).replace(/\?$/, '');
  const withTypo = await typeQuery(page, typo);
  const rank = withTypo.suggestions.findIndex((s) => s.title === typoEntry.question);
  if (rank < 0) report.problem(`"${typo}" does not suggest "${typoEntry.question}": ${JSON.stringify(withTypo.suggestions.map((s) => s.title))}`);
  report.note(`"${typo}" → "${typoEntry.question}" is suggestion ${rank + 1}`);
  await clearQuery(page);

  // Words that only one answer has (the corpus's made-up words): that answer comes first.
  const frequency = new Map();
  const wordsOf = (entry) => new Set(entry.body.toLowerCase().match(/[a-z]{6,}/g) ?? []);
  for (const entry of site.entries) for (const word of wordsOf(entry)) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  const rare = site.entries
    .map((entry) => ({ entry, word: [...wordsOf(entry)].find((w) => frequency.get(w) === 1) }))
    .filter((r) => r.word);
  if (rare.length < 3) report.problem(`only ${rare.length} answers have a word of their own`);
  for (const { entry, word } of [0.2, 0.5, 0.8].map((f) => rare[Math.floor(f * rare.length)]).filter(Boolean)) {
    const shown = await typeQuery(page, word);
    if (shown.results[0]?.path !== entry.path) report.problem(`"${word}" (only in ${entry.path}): top result is ${shown.results[0]?.path}`);
    else report.note(`"${word}" → ${entry.path}`);
    await clearQuery(page);
  }
  // A word under a heading of an answer: the result opens that heading, and says its name.
  const underHeading = site.entries
    .map((entry) => {
      const [, before = '', heading, after = ''] = entry.body.match(/^([\s\S]*?)^## (.+)\n([\s\S]*)$/m) ?? [];
      if (!heading) return null;
      const earlier = new Set(before.toLowerCase().match(/[a-z]+/g) ?? []);
      // The two rarest words found only under the heading: together, few other answers have them.
      const words = [...new Set(after.toLowerCase().match(/[a-z]{6,}/g) ?? [])].filter((w) => !earlier.has(w)).sort((a, b) => frequency.get(a) - frequency.get(b)).slice(0, 2);
      return words.length === 2 ? { entry, heading, query: words.join(' '), rarity: frequency.get(words[0]) + frequency.get(words[1]) } : null;
    })
    .filter(Boolean)
    .sort((a, b) => a.rarity - b.rarity)[0];
  if (!underHeading) report.problem('no answer of the corpus has words under a heading');
  else {
    const shown = await typeQuery(page, underHeading.query);
    const option = [...shown.suggestions, ...shown.results].find((o) => o.path === underHeading.entry.path);
    const id = underHeading.heading.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    if (!option || !option.href.includes(`#${id}`) || !option.category.includes(`› ${underHeading.heading}`)) {
      report.problem(`"${underHeading.query}" (under "${underHeading.heading}" in ${underHeading.entry.path}): its option is ${option?.href} in "${option?.category}"`);
    } else report.note(`"${underHeading.query}" → ${option.href} (${option.category})`);
    await clearQuery(page);
  }
  // A common word: many results, more than one page of them.
  const common = 'account';
  const all = await typeQuery(page, common);
  if (all.results.length < 5) report.problem(`"${common}" gives only ${all.results.length} results`);
  if (!(await page.locator('#search-more').isVisible())) report.problem(`"${common}" gives ${all.results.length} results and no "more results" option`);
}

/**
 * What a first query downloads: never the filters' file (the filters' values come with the
 * index), one words shard and one terms shard per word at most (chunked loading), and the files
 * of the entries shown. The bytes, against the target of 150 KB, are a note (bench/search.mjs
 * measures them properly).
 */
async function checkLeanDownloads(site, report) {
  const page = await newPage(site, DESKTOP);
  await page.goto(site.url(''), { waitUntil: 'load' });
  const tracker = trackRequests(page, /\/search\//);
  const requests = tracker.urls;
  const entry = site.entries[Math.floor(site.entries.length / 2)];
  const query = entry.question.split(/\W+/).filter((w) => w.length > 4).slice(0, 2).join(' ');
  const shown = await typeQuery(page, query);
  // Anything fetched after the results counts too: wait until the search's downloads are over.
  if (!(await requestsSettled(page, tracker, 5_000))) {
    report.problem(`search requests still in flight 5 s after the results showed: ${[...tracker.inFlight].map((r) => r.url()).join(', ')}`);
  }
  const filters = requests.filter((r) => /\/search\/filters\.json/.test(r));
  if (filters.length) report.problem(`the first query fetched the filters' file: ${filters.join(', ')}`);
  if (shown.results.length > 5) report.problem(`the first page of results shows ${shown.results.length}, expected at most 5`);
  const kinds = new Map();
  for (const url of requests) {
    const file = new URL(url).pathname.slice(site.basePath.length);
    const kind = file.replace(/^search\/(words|terms|entry)\/.*/, 'search/$1/*');
    kinds.set(kind, [...(kinds.get(kind) ?? []), url]);
  }
  const unique = (urls) => new Set(urls.map((u) => new URL(u).pathname)).size;
  const typed = query.split(/\s+/).length + 2; // a word may touch two shards, the typing one its prefixes'
  for (const kind of ['search/words/*', 'search/terms/*']) {
    if (unique(kinds.get(kind) ?? []) > typed * 2) report.problem(`"${query}" fetched ${unique(kinds.get(kind))} ${kind} files: the index is not loaded by word`);
  }
  // Each keystroke may show up to six suggestions, each an entry's file, and then five results.
  const entryFiles = unique(kinds.get('search/entry/*') ?? []);
  if (entryFiles > 6 * query.length + 5) report.problem(`"${query}" fetched ${entryFiles} entry files for ${query.length} keystrokes`);
  const bytes = transferred(site, requests);
  if (bytes.gzip > 150 * 1024) report.problem(`"${query}" transferred ${kb(bytes.gzip)}, over the 150 KB a first query may cost`);
  report.note(
    `"${query}": ${requests.length} requests, ${kb(bytes.raw)} (${kb(bytes.gzip)} as GitHub Pages sends it; target 150 KB): ` +
      [...kinds].map(([kind, urls]) => `${kind}${urls.length > 1 ? ` ×${urls.length}` : ''} ${kb(transferred(site, urls).gzip)}`).join(', '),
  );
}

async function checkCorpusTimings(site, report) {
  const entry = site.entries[Math.floor(site.entries.length / 3)];
  await measureQueries(site, report, [entry.question, 'refnd my ordr']);
}

// ---------------------------------------------------------------------------------------------
// Helpers.

/**
 * Types `query` into the search box key by key and waits until both lists show its answers.
 * Returns the suggestions and results shown, and the time from the last key to each.
 */
async function typeQuery(page, query) {
  const input = page.locator('#search-input');
  if (!(await isFocused(page, '#search-input'))) await input.focus();
  await page.evaluate((q) => {
    const timing = (window.searchTiming = { lastKey: 0 });
    document.addEventListener('keydown', () => {
      timing.lastKey = performance.now();
      delete timing.suggestions;
      delete timing.results;
    }, { capture: true });
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        const name = record.target.id === 'search-suggestions' ? 'suggestions' : 'results';
        if (record.target.dataset.query === q && timing[name] === undefined) timing[name] = performance.now() - timing.lastKey;
      }
    });
    observer.observe(document.querySelector('#search-panel'), { attributes: true, subtree: true, attributeFilter: ['data-query'] });
  }, query.trim());
  await page.keyboard.type(query, { delay: KEY_DELAY_MS });
  await page.waitForFunction(
    (q) => document.querySelector('#search-suggestions')?.dataset.query === q && document.querySelector('#search-results')?.dataset.query === q && window.searchTiming.results !== undefined,
    query.trim(),
    { timeout: 15_000 },
  );
  return page.evaluate(() => {
    const read = (list) =>
      [...document.querySelectorAll(`${list} a[role=option]`)]
        .filter((o) => !o.closest('[hidden]'))
        .map((o) => ({
          href: o.getAttribute('href'),
          path: new URL(o.href).pathname,
          title: o.querySelector('.search-title')?.textContent ?? '',
          category: o.querySelector('.search-category')?.textContent ?? '',
          alias: o.querySelector('.search-detail')?.textContent ?? '',
          marked: [...o.querySelectorAll('.search-detail mark')].map((m) => m.textContent).join(' '),
          marks: [...o.querySelectorAll('mark')].map((m) => m.textContent),
        }));
    return { suggestions: read('#search-suggestions'), results: read('#search-results'), timing: { ...window.searchTiming } };
  });
}

/** Records the page's requests whose URL matches `pattern`: all of them, and those in flight. */
function trackRequests(page, pattern) {
  const tracker = { urls: [], inFlight: new Set(), wake: () => {} };
  page.on('request', (request) => {
    if (!pattern.test(request.url())) return;
    tracker.urls.push(request.url());
    tracker.inFlight.add(request);
    tracker.wake();
  });
  for (const event of ['requestfinished', 'requestfailed']) {
    page.on(event, (request) => tracker.inFlight.delete(request) && tracker.wake());
  }
  return tracker;
}

/**
 * Waits until none of the tracked requests is in flight, and none has started by the time the
 * page's event loop is next idle (so that whatever the last response set off has begun).
 * Returns false if that is still not so after `timeout` ms.
 */
async function requestsSettled(page, tracker, timeout) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (tracker.inFlight.size > 0) {
      let timer;
      await new Promise((resolve) => {
        tracker.wake = resolve;
        timer = setTimeout(resolve, deadline - Date.now()); // bounds the wait only
      });
      clearTimeout(timer);
      tracker.wake = () => {};
      continue;
    }
    const started = tracker.urls.length;
    await page.evaluate(() => new Promise((resolve) => requestIdleCallback(() => resolve(), { timeout: 1_000 })));
    if (tracker.inFlight.size === 0 && tracker.urls.length === started) return true;
  }
  return false;
}

async function clearQuery(page) {
  await page.locator('#search-input').focus();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Backspace');
}

async function waitForStatus(page, query) {
  await page.waitForFunction((q) => document.querySelector('[data-search-status]')?.textContent.includes(`“${q}”`), query, { timeout: 5_000 }).catch(() => {});
  return page.textContent('[data-search-status]');
}

async function isFocused(page, selector) {
  return page.evaluate((s) => document.activeElement === document.querySelector(s), selector);
}

async function screenshot(page, name) {
  mkdirSync(options.artifacts, { recursive: true });
  await page.screenshot({ path: path.join(options.artifacts, `${name}.png`) });
}

/**
 * Bytes of the site's files behind `urls`: as served here, and as GitHub Pages sends them, which
 * gzips text types.
 */
function transferred(site, urls) {
  let raw = 0;
  let gzip = 0;
  for (const url of urls) {
    const file = site.fileOf(url);
    if (!file) continue;
    const bytes = readFileSync(file);
    raw += bytes.length;
    gzip += /\.(html|css|js|mjs|json|svg|xml|txt)$/.test(file) ? gzipSync(bytes).length : bytes.length;
  }
  return { raw, gzip };
}

const ms = (value) => (value === undefined || !Number.isFinite(value) ? '?' : `${Math.round(value)} ms`);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/** A page in a fresh context; every request is recorded, and any to another host is blocked. */
async function newPage(site, { name, ...contextOptions }) {
  const context = await browser.newContext({ colorScheme: 'light', ...contextOptions });
  context.setDefaultTimeout(15_000);
  context.on('request', (request) => site.requests.push(request.url()));
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    return url.origin === site.origin || url.protocol === 'data:' || url.protocol === 'blob:' ? route.continue() : route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => site.errors.push(`${page.url()}: ${error.message}`));
  return page;
}

/** Serves `dir` at `basePath` on 127.0.0.1, with index.html for folders and 404.html for the rest. */
async function openSite(dir, contentDir, baseUrl) {
  const absolute = path.resolve(dir);
  const basePath = new URL(baseUrl).pathname.replace(/\/?$/, '/');
  const server = await serveStatic(absolute, basePath);
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    server,
    origin,
    basePath,
    entries: readEntries(path.resolve(contentDir), basePath),
    requests: [],
    errors: [],
    url: (p) => origin + basePath + p,
    fileOf: (url) => {
      const parsed = new URL(url);
      if (parsed.origin !== origin || !parsed.pathname.startsWith(basePath)) return null;
      let file = path.join(absolute, decodeURIComponent(parsed.pathname.slice(basePath.length)));
      if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
      return existsSync(file) ? file : null;
    },
  };
}

async function runChecks(site, label, checks, totals) {
  for (const [name, check] of checks) {
    const report = { problems: [], notes: [], problem: (t) => report.problems.push(t), note: (t) => report.notes.push(t) };
    const started = Date.now();
    try {
      await check(site, report);
    } catch (error) {
      report.problem(`the check itself failed: ${error.stack ?? error}`);
    }
    const ok = report.problems.length === 0;
    ok ? totals.passed++ : totals.failed++;
    console.log(`${ok ? 'PASS' : 'FAIL'} search: ${name} [${label}] (${((Date.now() - started) / 1000).toFixed(1)} s)${report.notes.length ? ':' : ''}`);
    for (const note of report.notes) console.log(`     · ${note}`);
    for (const problem of report.problems) console.log(`     - ${problem}`);
  }
  for (const context of browser.contexts()) await context.close();
}

/** Script errors on any page of a site fail the run. */
function checkErrors(site, report) {
  for (const error of new Set(site.errors)) report.problem(error);
}

async function main() {
  if (!options.site || !options.content || !options['base-url']) {
    console.error('usage: node search.mjs --site DIR --content DIR --base-url URL [--corpus-site DIR --corpus-content DIR --corpus-base-url URL]');
    process.exit(2);
  }
  requireChromium(options.chromium);
  stopAfter(RUN_TIMEOUT_MS, 'the search checks');
  browser = await chromium.launch({
    executablePath: options.chromium,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const totals = { passed: 0, failed: 0 };
  try {
    const example = await openSite(options.site, options.content, options['base-url']);
    await runChecks(example, example.basePath, [
      ['box and shortcuts', checkBox],
      ['the shared word rule', checkWordRule],
      ['ranking', checkRanking],
      ['misspellings are corrected, and say so', checkCorrection],
      ['exact question and alias', checkExactQuestion],
      ['typos and word order', checkTypos],
      ['full text', checkFullText],
      ['filters', checkFilters],
      ['highlight on the entry page', checkHighlight],
      ['no match', checkNoMatch],
      ['keyboard', checkKeyboard],
      ['accessibility and screenshots', checkAccessibility],
      ['timings', checkTimings],
      ['requests under the base path', checkRequests],
      ['no script errors', checkErrors],
    ], totals);
    example.server.close();
    if (options['corpus-site']) {
      const corpus = await openSite(options['corpus-site'], options['corpus-content'], options['corpus-base-url'] ?? options['base-url']);
      const label = `${corpus.entries.length} entries`;
      await runChecks(corpus, label, [
        ['top results', checkCorpus],
        ['timings', checkCorpusTimings],
        ['lean first query', checkLeanDownloads],
        ['requests under the base path', checkRequests],
        ['no script errors', checkErrors],
      ], totals);
      corpus.server.close();
    }
  } finally {
    await browser.close();
  }
  console.log(`\nsearch checks: ${totals.passed} passed, ${totals.failed} failed`);
  process.exitCode = totals.failed > 0 ? 1 : 0;
}

await main();
