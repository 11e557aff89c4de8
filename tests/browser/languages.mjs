// Real-browser checks of sites in other languages, run by tests/browser.rs (`languages`):
//
//   node tests/browser/languages.mjs --base-url https://example.org/faq/ \
//        --bilingual /tmp/bi --arabic /tmp/ar --chinese /tmp/zh --japanese /tmp/ja
//
// Each folder is a fixture site of tests/fixtures/ built for --base-url, served here like
// GitHub Pages. Checked: search in each language of the bilingual site finds that language's
// questions only, and its switcher leads to the same question; the Arabic site reads right to
// left (header, accordion, search panel) and finds Arabic words; the Chinese and Japanese sites
// find questions by their words, and typo correction leaves text without spaces alone; axe
// finds no serious problem on these pages, on a phone and a desktop, light and dark.
// Screenshots go to tests/browser/artifacts/languages-*.png.

import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { requireChromium, serveStatic, stopAfter } from './common.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PHONE = { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const DESKTOP = { name: 'desktop', viewport: { width: 1280, height: 800 } };
const RUN_TIMEOUT_MS = 3 * 60 * 1000;

const { values: options } = parseArgs({
  options: {
    'base-url': { type: 'string' },
    bilingual: { type: 'string' },
    arabic: { type: 'string' },
    chinese: { type: 'string' },
    japanese: { type: 'string' },
    artifacts: { type: 'string', default: path.join(HERE, 'artifacts') },
    chromium: { type: 'string', default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
  },
});

let browser;

/** Types `query` into the search box of `page` and waits for both lists to show it. */
async function search(page, query) {
  const input = page.locator('#search-input');
  await input.fill('');
  await input.focus();
  await page.keyboard.type(query, { delay: 20 });
  await page.waitForFunction(
    (q) => document.querySelector('#search-suggestions')?.dataset.query === q && document.querySelector('#search-results')?.dataset.query === q,
    query,
    { timeout: 15_000 },
  );
  return page.evaluate(() => {
    const shown = (list) =>
      [...document.querySelectorAll(`${list} a[role=option]`)]
        .filter((o) => !o.closest('[hidden]'))
        .map((o) => ({ path: new URL(o.href).pathname, title: o.querySelector('.search-title')?.textContent ?? '' }));
    const note = document.querySelector('[data-search-correction]');
    const message = document.querySelector('[data-search-message]');
    return {
      found: [...shown('#search-suggestions'), ...shown('#search-results')],
      correction: note && !note.hidden ? note.textContent : '',
      message: message && !message.hidden ? message.textContent : '',
    };
  });
}

async function newPage(site, device, colorScheme = 'light') {
  const context = await browser.newContext({ viewport: device.viewport, isMobile: device.isMobile, hasTouch: device.hasTouch, colorScheme });
  const page = await context.newPage();
  page.on('pageerror', (error) => site.errors.push(`script error on ${page.url()}: ${error.message}`));
  return page;
}

async function open(dir, basePath) {
  const server = await serveStatic(path.resolve(dir), basePath);
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { server, url: (p) => origin + basePath + p, errors: [] };
}

/** Each language of the bilingual site searches its own questions only. */
async function checkBilingualSearch(site, report, basePath) {
  const page = await newPage(site, DESKTOP);
  await page.goto(site.url('fr/'));
  const french = await search(page, 'renouveler');
  if (!french.found.some((f) => f.title === 'Comment renouveler un prêt ?')) report.problem(`"renouveler" on the French site: ${JSON.stringify(french.found)}`);
  const outside = french.found.filter((f) => !f.path.startsWith(basePath + 'fr/'));
  if (outside.length) report.problem(`the French search leads out of French: ${JSON.stringify(outside)}`);
  const english = await search(page, 'renew');
  if (english.found.length) report.problem(`"renew" found English pages from the French site: ${JSON.stringify(english.found)}`);
  if (!english.message) report.problem('"renew" on the French site says nothing');
  else report.note(`French site, "renew": ${english.message}`);

  await page.goto(site.url(''));
  const home = await search(page, 'renew');
  if (!home.found.some((f) => f.title === 'How do I renew a loan?')) report.problem(`"renew" on the English site: ${JSON.stringify(home.found)}`);
  if (home.found.some((f) => f.path.startsWith(basePath + 'fr/'))) report.problem(`the English search leads into French: ${JSON.stringify(home.found)}`);
  const typo = await search(page, 'renwe');
  if (!typo.correction) report.problem('"renwe" on the English site is not corrected');
}

/** The switcher goes to the same question in the other language, or to its home page. */
async function checkSwitcher(site, report, basePath) {
  const page = await newPage(site, PHONE);
  await page.goto(site.url('fr/loans/renew/'));
  await page.click('.languages a[lang=en]');
  await page.waitForURL(site.url('loans/renew/'));
  const lang = await page.getAttribute('html', 'lang');
  if (lang !== 'en') report.problem(`after the switch the page's language is ${lang}`);
  await page.goto(site.url('loans/late/'));
  const href = await page.getAttribute('.languages a[lang=fr]', 'href');
  if (href !== basePath + 'fr/') report.problem(`an untranslated question's switcher leads to ${href}`);
  const box = await page.locator('.site-header .header-row').boundingBox();
  if (box.height > 844 / 5) report.problem(`with the switcher, the phone header row is ${box.height} px high`);
}

/** The Arabic site reads right to left and finds Arabic words. */
async function checkArabic(site, report) {
  for (const device of [DESKTOP, PHONE]) {
    const page = await newPage(site, device);
    await page.goto(site.url('loans/'));
    const geometry = await page.evaluate(() => {
      const summary = document.querySelector('details.faq summary');
      const question = summary.querySelector('.faq-q').getBoundingClientRect();
      const box = summary.getBoundingClientRect();
      const brand = document.querySelector('.brand').getBoundingClientRect();
      return { dir: document.documentElement.dir, startGap: box.right - question.right, endGap: question.left - box.left, brandRight: window.innerWidth - brand.right, brandLeft: brand.left };
    });
    if (geometry.dir !== 'rtl') report.problem(`${device.name}: <html dir> is ${geometry.dir}`);
    // The question starts at the right, after its chevron; the title is at the right.
    if (geometry.startGap > 48) report.problem(`${device.name}: the question starts ${geometry.startGap} px from the right of its box`);
    if (geometry.brandRight > geometry.brandLeft) report.problem(`${device.name}: the site's title is on the left (${JSON.stringify(geometry)})`);
    const found = await search(page, 'الإعارة');
    if (!found.found.some((f) => f.title === 'كيف أجدد إعارة كتاب؟')) report.problem(`${device.name}: "الإعارة": ${JSON.stringify(found.found)}`);
    const panel = await page.evaluate(() => {
      const option = document.querySelector('#search-panel a[role=option]');
      const style = getComputedStyle(option);
      return { direction: style.direction, right: document.querySelector('#search-panel').getBoundingClientRect().right - option.querySelector('.search-title').getBoundingClientRect().right };
    });
    if (panel.direction !== 'rtl' || panel.right > 40) report.problem(`${device.name}: the search panel does not read right to left: ${JSON.stringify(panel)}`);
    mkdirSync(options.artifacts, { recursive: true });
    await page.screenshot({ path: path.join(options.artifacts, `languages-arabic-${device.name}.png`) });
  }
}

/** Chinese and Japanese are found by their words; a query in them is never "corrected". */
async function checkWithoutSpaces(site, report, query, title, unknown) {
  const page = await newPage(site, DESKTOP);
  await page.goto(site.url(''));
  const found = await search(page, query);
  if (!found.found.some((f) => f.title === title)) report.problem(`"${query}": ${JSON.stringify(found.found)}`);
  const other = await search(page, unknown);
  if (other.correction) report.problem(`"${unknown}" was corrected: ${other.correction}`);
  if (other.found.length) report.problem(`"${unknown}" found ${JSON.stringify(other.found)}`);
}

/** axe finds no serious or critical problem on the pages of other languages. */
async function checkAxe(sites, report) {
  const axeSource = readFileSync(path.join(HERE, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  for (const [site, pages] of sites) {
    for (const device of [DESKTOP, PHONE]) {
      for (const scheme of ['light', 'dark']) {
        const page = await newPage(site, device, scheme);
        for (const p of pages) {
          await page.goto(site.url(p));
          await page.addScriptTag({ content: axeSource });
          const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations);
          for (const v of violations.filter((v) => ['serious', 'critical'].includes(v.impact))) {
            report.problem(`${p} (${device.name}, ${scheme}): ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
          }
        }
        await page.context().close();
      }
    }
  }
}

async function main() {
  requireChromium(options.chromium);
  stopAfter(RUN_TIMEOUT_MS, 'the language checks', () => browser?.close());
  const basePath = new URL(options['base-url']).pathname.replace(/\/?$/, '/');
  browser = await chromium.launch({
    executablePath: options.chromium,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const [bilingual, arabic, chinese, japanese] = await Promise.all(
    [options.bilingual, options.arabic, options.chinese, options.japanese].map((dir) => open(dir, basePath)),
  );
  const checks = [
    ['each language searches its own questions', (r) => checkBilingualSearch(bilingual, r, basePath)],
    ['the switcher leads to the same question', (r) => checkSwitcher(bilingual, r, basePath)],
    ['Arabic reads right to left and is searched', (r) => checkArabic(arabic, r)],
    ['Chinese is searched by its words, never corrected', (r) => checkWithoutSpaces(chinese, r, '痉挛', '上背部肌肉痉挛是什么感觉？', '咳嗽')],
    ['Japanese is searched by its words, never corrected', (r) => checkWithoutSpaces(japanese, r, '予約', '本を予約するにはどうすればいいですか？', '駐車場')],
    ['axe on pages in other languages', (r) => checkAxe([[arabic, ['', 'loans/', 'loans/renew/']], [bilingual, ['fr/', 'fr/loans/renew/']], [japanese, ['']]], r)],
  ];
  let failed = 0;
  for (const [name, check] of checks) {
    const report = { problems: [], notes: [], problem: (t) => report.problems.push(t), note: (t) => report.notes.push(t) };
    const started = Date.now();
    try {
      await check(report);
    } catch (error) {
      report.problem(`the check itself failed: ${error.stack ?? error}`);
    }
    for (const site of [bilingual, arabic, chinese, japanese]) {
      for (const error of site.errors.splice(0)) report.problem(error);
    }
    if (report.problems.length) failed++;
    console.log(`${report.problems.length ? 'FAIL' : 'PASS'} languages: ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    for (const note of report.notes) console.log(`     · ${note}`);
    for (const problem of report.problems) console.log(`     - ${problem}`);
  }
  await browser.close();
  for (const site of [bilingual, arabic, chinese, japanese]) site.server.close();
  console.log(`${checks.length - failed} of ${checks.length} language checks passed`);
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
