#!/usr/bin/env node
// Real-browser checks of a site built by faqgen, run by tests/browser.rs (`cargo test`).
//
// By hand:
//   node tests/browser/run.mjs --site /tmp/sub --base-url https://example.org/my-faq/ \
//                              [--site /tmp/top --base-url https://example.org/] [--only crawl,print]
//
// Each built site is served over HTTP on 127.0.0.1 under its base URL's path, the way GitHub
// Pages serves it. Every site gets the link checks (crawl, sitemap, feed, not-found page); the
// first site also gets the browser checks (accessibility, accordion, print, …). Each check
// prints PASS or FAIL with its problems; the exit code is 1 if any check failed.

import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { requireChromium, stopAfter } from './common.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
// A file of an installed package (axe's script, vnu's jar), read or run directly.
const packageFile = (name) => path.join(HERE, 'node_modules', name);

const PHONE = { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const DESKTOP = { name: 'desktop', viewport: { width: 1280, height: 800 } };
const SCHEMES = ['light', 'dark'];
// The whole run must end even if a page hangs, so that `cargo test` never waits forever.
const RUN_TIMEOUT_MS = 5 * 60 * 1000;

// ---------------------------------------------------------------------------------------------
// The checks. Each takes the site and a report, and calls report.problem() for each thing wrong.

/** Every link and resource reachable from the home page answers 200 and stays under the base path. */
async function checkCrawl(site, report) {
  const page = await newPage(site, { ...DESKTOP, javaScriptEnabled: false }); // the static HTML's links
  const start = site.url('');
  const queue = [start];
  const linkedFrom = new Map([[start, new Set(['(start)'])]]);
  const idsOfPage = new Map(); // page URL -> ids on it, to check #fragment links
  const fragmentLinks = []; // { target, id, from }
  let pages = 0;
  while (queue.length > 0) {
    const url = queue.shift();
    const from = [...linkedFrom.get(url)].slice(0, 3).join(', ');
    const response = await fetch(url, { redirect: 'manual' });
    const isNotFoundPage = new URL(url).pathname === site.basePath + '404.html';
    if (response.status !== 200 && !isNotFoundPage) {
      const where = response.headers.get('location') ? ` (redirects to ${response.headers.get('location')})` : '';
      report.problem(`${site.display(url)} answered ${response.status}${where}; linked from ${from}`);
      continue;
    }
    if (!(response.headers.get('content-type') ?? '').startsWith('text/html')) continue;
    pages += 1;
    await page.goto(url);
    const found = await page.evaluate(() => ({
      links: [...document.querySelectorAll('a[href], link[href], script[src], img[src]')].map((el) => ({
        tag: el.tagName.toLowerCase(),
        raw: el.getAttribute('href') ?? el.getAttribute('src'),
        url: el.href || el.src,
      })),
      ids: [...document.querySelectorAll('[id]')].map((el) => el.id),
    }));
    idsOfPage.set(url, new Set(found.ids));
    for (const link of found.links) {
      let target;
      try {
        target = new URL(link.url);
      } catch {
        report.problem(`${site.display(url)}: <${link.tag}> has an invalid URL "${link.raw}"`);
        continue;
      }
      if (target.host !== new URL(site.origin).host) continue; // canonical URLs, other sites
      if (!target.pathname.startsWith(site.basePath)) {
        report.problem(`${site.display(url)}: <${link.tag}> "${link.raw}" leaves the site's path ${site.basePath}`);
        continue;
      }
      const key = target.origin + target.pathname + target.search;
      if (target.hash.length > 1) fragmentLinks.push({ target: key, id: decodeURIComponent(target.hash.slice(1)), from: url });
      if (!linkedFrom.has(key)) {
        linkedFrom.set(key, new Set());
        queue.push(key);
      }
      linkedFrom.get(key).add(site.display(url));
    }
  }
  // A link to #anchor that matches no id scrolls nowhere: the question it points to is lost.
  for (const { target, id, from } of fragmentLinks) {
    const ids = idsOfPage.get(target);
    if (ids && !ids.has(id)) report.problem(`${site.display(from)} links to ${site.display(target)}#${id}, which has no such id`);
  }
  report.note(`${linkedFrom.size} URLs checked, ${pages} of them HTML pages`);
  const unreached = site.htmlFiles
    .map((file) => site.url(site.pathOf(file)))
    .filter((url) => !url.endsWith('/404.html') && !linkedFrom.has(url));
  for (const url of unreached) report.problem(`${site.display(url)} is built but no page links to it`);
}

/** The sitemap is XML, lists every page once, with absolute URLs under the base URL that answer 200. */
async function checkSitemap(site, report) {
  const xml = await fetchOk(site.url('sitemap.xml'), report);
  if (xml === null) return;
  const parsed = await parseXml(site, xml, 'loc');
  if (parsed.error) return report.problem(`sitemap.xml is not well-formed XML: ${parsed.error}`);
  const locs = parsed.values;
  if (locs.length === 0) report.problem('sitemap.xml has no <loc>');
  for (const loc of locs) {
    if (!loc.startsWith(site.baseUrl)) {
      report.problem(`sitemap <loc> ${loc} does not start with ${site.baseUrl}`);
      continue;
    }
    const status = (await fetch(site.toLocal(loc), { redirect: 'manual' })).status;
    if (status !== 200) report.problem(`sitemap <loc> ${loc} answered ${status}`);
  }
  const listed = new Set(locs);
  for (const file of site.htmlFiles) {
    if (file === '404.html') continue; // served at any missing address: it has no URL of its own
    const url = site.canonical(file);
    if (!listed.has(url)) report.problem(`sitemap.xml does not list ${url}`);
  }
  if (listed.size !== locs.length) report.problem('sitemap.xml lists a URL more than once');
  report.note(`${locs.length} URLs`);
}

/** The Atom feed is well-formed XML and every link and id in it points under the base URL. */
async function checkFeed(site, report) {
  const xml = await fetchOk(site.url('feed.xml'), report);
  if (xml === null) return;
  const parsed = await parseXml(site, xml, null);
  if (parsed.error) return report.problem(`feed.xml is not well-formed XML: ${parsed.error}`);
  if (parsed.root !== 'feed' || parsed.namespace !== 'http://www.w3.org/2005/Atom') {
    report.problem(`feed.xml's root is <${parsed.root}> in namespace ${parsed.namespace}, not an Atom <feed>`);
  }
  for (const href of parsed.links) {
    if (!href.startsWith(site.baseUrl)) report.problem(`feed.xml links to ${href}, outside ${site.baseUrl}`);
  }
  for (const id of parsed.ids) {
    if (!id.startsWith(site.baseUrl)) report.problem(`feed.xml has <id> ${id}, outside ${site.baseUrl}`);
  }
  for (const entry of parsed.entries) {
    if (!entry.title || !entry.link || !entry.updated) {
      report.problem(`feed.xml has an <entry> without title, link or updated: ${JSON.stringify(entry)}`);
    } else if (entry.link.startsWith(site.baseUrl)) {
      const status = (await fetch(site.toLocal(entry.link), { redirect: 'manual' })).status;
      if (status !== 200) report.problem(`feed entry link ${entry.link} answered ${status}`);
    }
  }
  report.note(`${parsed.entries.length} entries`);
}

/** A missing address answers 404 with the 404 page, whose stylesheet and links work from any depth. */
async function checkNotFound(site, report) {
  const url = site.url('no/such/page/');
  const page = await newPage(site, DESKTOP);
  const response = await page.goto(url);
  if (response.status() !== 404) report.problem(`${site.display(url)} answered ${response.status()}, not 404`);
  const links = await page.evaluate(() => ({
    ids: [...document.querySelectorAll('[id]')].map((el) => el.id),
    stylesheets: [...document.querySelectorAll('link[rel~="stylesheet"]')].map((l) => l.href),
    anchors: [...document.querySelectorAll('a[href]')].map((a) => a.href),
    resources: [...document.querySelectorAll('link[href], script[src], img[src]')].map((el) => el.href || el.src),
  }));
  if (links.stylesheets.length === 0) report.problem('the 404 page has no stylesheet');
  if (!links.anchors.some((href) => new URL(href).pathname === site.basePath)) {
    report.problem(`the 404 page has no link to the home page ${site.basePath}`);
  }
  // Served at a deep, unknown address: relative links would resolve against it and break.
  const own = new URL(site.origin).host;
  for (const target of new Set([...links.stylesheets, ...links.anchors, ...links.resources])) {
    const parsed = new URL(target);
    if (parsed.host !== own) continue;
    if (parsed.origin + parsed.pathname + parsed.search === url) {
      // A link within the page itself (a skip link): nothing to fetch, but its target must exist.
      const id = decodeURIComponent(parsed.hash.slice(1));
      if (id && !links.ids.includes(id)) report.problem(`the 404 page links to #${id}, which it does not have`);
      continue;
    }
    const status = (await fetch(parsed.origin + parsed.pathname + parsed.search, { redirect: 'manual' })).status;
    if (status !== 200) report.problem(`the 404 page (at ${site.display(url)}) links to ${site.display(target)}, which answered ${status}`);
  }
}

/** No page asks another host for anything: fonts, scripts and analytics would leak the reader's visit. */
async function checkNoOtherHosts(site, report) {
  const page = await newPage(site, DESKTOP);
  for (const file of site.htmlFiles) await page.goto(site.url(site.pathOf(file)), { waitUntil: 'load' });
  // Every page opened by any check so far counts too (newPage records them all).
  const seen = new Set(offHostRequests.map((r) => `${site.display(r.page)} requested ${r.url}`));
  for (const line of seen) report.problem(line);
  report.note(`${site.htmlFiles.length} pages loaded`);
}

/** axe finds no serious or critical problem on any kind of page, on a phone or desktop, light or dark. */
async function checkAccessibility(site, report) {
  const axeSource = readFileSync(packageFile('axe-core/axe.min.js'), 'utf8');
  const found = new Map(); // one line per problem, listing the variants it appears in
  const minor = new Map(); // rule id -> count of moderate or minor findings, shown but not failed
  for (const device of [PHONE, DESKTOP]) {
    for (const colorScheme of SCHEMES) {
      const page = await newPage(site, { ...device, colorScheme });
      for (const [name, url] of Object.entries(site.samplePages())) {
        await page.goto(url);
        await page.addScriptTag({ content: axeSource });
        const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations);
        for (const v of violations) {
          if (v.impact !== 'serious' && v.impact !== 'critical') {
            minor.set(`${v.id} (${v.impact})`, (minor.get(`${v.id} (${v.impact})`) ?? 0) + v.nodes.length);
            continue;
          }
          for (const node of v.nodes) {
            const detail = node.any[0]?.message ?? node.failureSummary ?? '';
            const key = `${name}: ${v.id} (${v.impact}) at ${node.target.join(' ')}: ${v.help}. ${detail}`;
            if (!found.has(key)) found.set(key, []);
            found.get(key).push(`${device.name}/${colorScheme}`);
          }
        }
      }
    }
  }
  for (const [problem, variants] of found) report.problem(`${problem} [${variants.join(', ')}]`);
  if (minor.size > 0) report.note(`not failed: ${[...minor].map(([rule, n]) => `${rule} ×${n}`).join(', ')}`);
}

/** The W3C Nu checker finds no error in any built HTML file. */
async function checkHtmlValidity(site, report) {
  const jar = packageFile('vnu-jar/build/dist/vnu.jar');
  const files = site.htmlFiles.map((file) => path.join(site.dir, file));
  const run = spawnSync('java', ['-jar', jar, '--errors-only', '--format', 'json', '--exit-zero-always', ...files], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000, // spawnSync blocks the run's own time limit, so it needs one of its own
  });
  if (run.error) return report.problem(`could not run java (install a JRE, e.g. default-jre-headless): ${run.error.message}`);
  let messages;
  try {
    messages = JSON.parse(run.stderr).messages;
  } catch {
    return report.problem(`vnu printed no JSON (exit ${run.status}): ${run.stderr.slice(0, 2000)}`);
  }
  for (const m of messages) {
    const file = m.url ? path.relative(site.dir, fileURLToPath(m.url)) : '?';
    const extract = m.extract ? ` in “${m.extract.replace(/\s+/g, ' ').trim()}”` : '';
    report.problem(`${file}:${m.lastLine ?? '?'}:${m.firstColumn ?? m.lastColumn ?? '?'}: ${m.type}: ${m.message}${extract}`);
  }
  report.note(`${files.length} files checked`);
}

/** Full-page screenshots for a human to look at; the check only fails if one cannot be taken. */
async function checkScreenshots(site, report) {
  mkdirSync(options.artifacts, { recursive: true });
  const { home, entry, category } = site.samplePages();
  for (const device of [PHONE, DESKTOP]) {
    for (const colorScheme of SCHEMES) {
      const page = await newPage(site, { ...device, colorScheme });
      for (const [name, url] of Object.entries({ home, entry, category })) {
        await page.goto(url);
        const file = path.join(options.artifacts, `${name}-${device.name}-${colorScheme}.png`);
        await page.screenshot({ path: file, fullPage: true });
        if (statSync(file).size === 0) report.problem(`${file} is empty`);
      }
    }
  }
  report.note(`written to ${path.relative(process.cwd(), options.artifacts) || '.'}`);
}

/** On a phone, no page is wider than the screen: sideways scrolling hides the end of every line. */
async function checkPhoneLayout(site, report) {
  const page = await newPage(site, PHONE);
  for (const [name, url] of Object.entries(site.samplePages())) {
    await page.goto(url);
    // Compared with the screen's width, not innerWidth: a mobile browser zooms out to fit a
    // too-wide page, which makes innerWidth grow with it.
    const screenWidth = PHONE.viewport.width;
    const { scrollWidth, widest } = await page.evaluate((width) => {
      const overflowing = [...document.querySelectorAll('body *')].find((el) => el.getBoundingClientRect().right > width + 1);
      return {
        scrollWidth: document.documentElement.scrollWidth,
        widest: overflowing ? overflowing.tagName.toLowerCase() + (overflowing.className ? '.' + overflowing.className : '') : null,
      };
    }, screenWidth);
    if (scrollWidth > screenWidth) report.problem(`${name}: page is ${scrollWidth}px wide on a ${screenWidth}px screen (first too-wide element: ${widest})`);
  }
}

/** On a phone the header is compact: the title and a menu button on one row, the search box
 * below, the navigation behind the button (which opens it, marks it open, and closes on Esc
 * and when the focus leaves it); the header takes at most a fifth of the screen. */
async function checkPhoneHeader(site, report) {
  const page = await newPage(site, PHONE);
  await page.goto(site.samplePages().category);
  const links = page.locator('.site-nav li a');
  const button = page.locator('.nav-toggle');
  if (!(await button.isVisible())) return report.problem('no visible menu button on a phone');
  if (await links.first().isVisible()) report.problem('the navigation links are shown on a phone before the menu is opened');
  const header = await page.evaluate(() => document.querySelector('.header-row').getBoundingClientRect().height);
  const screen = PHONE.viewport.height;
  if (header > screen / 5) report.problem(`the header row is ${Math.round(header)} px high on a ${screen} px screen (more than a fifth)`);
  if (!(await page.locator('.header-row #search-input').isVisible())) report.problem('the search box is not visible in the phone header');
  await button.click();
  if (!(await links.first().isVisible()) || (await button.getAttribute('aria-expanded')) !== 'true') {
    return report.problem('the menu button did not open the navigation (or did not say so with aria-expanded)');
  }
  const current = await page.locator('.site-nav a[aria-current]').count();
  if (current !== 1) report.problem(`${current} navigation links are marked as the current section on a category page, expected 1`);
  await links.first().focus();
  await page.keyboard.press('Escape');
  if ((await button.getAttribute('aria-expanded')) !== 'false' || (await links.first().isVisible())) report.problem('Esc did not close the menu');
  if (!(await page.evaluate(() => document.activeElement?.classList.contains('nav-toggle')))) report.problem('after Esc the focus is not back on the menu button');
  await button.click();
  await links.last().focus();
  await page.keyboard.press('Tab');
  if ((await button.getAttribute('aria-expanded')) !== 'false') report.problem('tabbing past the last link left the menu open');
}

/** A category page's questions open and close: buttons, keyboard and #anchor links. */
async function checkAccordion(site, report) {
  const page = await newPage(site, DESKTOP);
  const listing = site.samplePages().category;
  await page.goto(listing);
  const faqs = await page.$$eval('details.faq', (all) =>
    all.map((d) => ({
      id: d.id,
      question: d.querySelector(':scope > summary')?.textContent.trim() ?? '',
      hasAnswer: d.querySelector('.faq-answer') !== null,
    })),
  );
  if (faqs.length < 3) return report.problem(`${site.display(listing)} has ${faqs.length} details.faq, expected every question of the category (at least 3)`);
  faqs.forEach((faq, i) => {
    if (!faq.id) report.problem(`details.faq #${i + 1} has no id: its question cannot be linked to`);
    if (!faq.question) report.problem(`details.faq #${i + 1} (${faq.id}) has no summary text`);
    if (!faq.hasAnswer) report.problem(`details.faq #${i + 1} (${faq.id}) has no .faq-answer`);
  });
  const ids = faqs.map((f) => f.id).filter(Boolean);
  if (new Set(ids).size !== ids.length) report.problem('two details.faq share an id');

  const openCount = () => page.$$eval('details.faq', (all) => all.filter((d) => d.open).length);
  const initiallyOpen = await openCount();
  if (initiallyOpen !== 0) report.problem(`${initiallyOpen} of ${faqs.length} questions are open before anything is clicked`);

  // The buttons only work with JavaScript, so the theme hides them until its script shows them.
  for (const [selector, wanted] of [['[data-faq-expand-all]', faqs.length], ['[data-faq-collapse-all]', 0]]) {
    const button = page.locator(selector).first();
    if ((await button.count()) === 0 || !(await button.isVisible())) {
      report.problem(`no visible ${selector} button with JavaScript on`);
      continue;
    }
    await button.click();
    const reached = await waitFor(page, (n) => document.querySelectorAll('details.faq[open]').length === n, wanted);
    if (!reached) report.problem(`after clicking ${selector}, ${await openCount()} of ${faqs.length} questions are open, expected ${wanted}`);
  }

  // Keyboard: Tab from the top of a fresh page reaches a question, which shows focus and opens on Enter.
  await page.goto(listing);
  let presses = 0;
  while (presses < 40 && !(await page.evaluate(() => document.activeElement?.tagName === 'SUMMARY'))) {
    await page.keyboard.press('Tab');
    presses += 1;
  }
  if (!(await page.evaluate(() => document.activeElement?.tagName === 'SUMMARY'))) {
    report.problem(`40 presses of Tab from the top of ${site.display(listing)} never reached a question (summary)`);
  } else {
    const focus = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement);
      return { outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth), boxShadow: style.boxShadow };
    });
    const outlined = focus.outlineStyle !== 'none' && focus.outlineWidth > 0;
    if (!outlined && focus.boxShadow === 'none') report.problem(`the focused question shows no focus indicator: ${JSON.stringify(focus)}`);
    await page.keyboard.press('Enter');
    const opened = await waitFor(page, () => document.activeElement?.parentElement?.open === true);
    if (!opened) report.problem('Enter on the focused question did not open it');
  }

  // A shared link to #question opens that question and shows it.
  const target = faqs[2].id;
  if (target) {
    const linked = await newPage(site, DESKTOP);
    await linked.goto(listing + '#' + encodeURIComponent(target));
    const open = await waitFor(linked, (id) => document.getElementById(id)?.open === true, target);
    if (!open) report.problem(`opening ${site.display(listing)}#${target} leaves that question closed`);
    const { top, height } = await linked.evaluate((id) => ({ top: document.getElementById(id).getBoundingClientRect().top, height: window.innerHeight }), target);
    if (top < 0 || top >= height) report.problem(`opening ${site.display(listing)}#${target} does not scroll to it (its top is at ${Math.round(top)}px, the window is ${height}px high)`);
  }
}

/** With JavaScript off, every question and answer is still there: the home page links to
 * every category, whose pages list each of its questions with its answer; and the buttons that
 * need a script are not shown. */
async function checkWithoutJavaScript(site, report) {
  const page = await newPage(site, { ...DESKTOP, javaScriptEnabled: false });
  await page.goto(site.url(''));
  const homeLinks = await page.evaluate(() => [...document.querySelectorAll('a[href]')].map((a) => new URL(a.href).pathname));
  const entryPaths = new Set(site.entries.map((file) => site.pathOf(file)));
  const listed = new Set();
  for (const file of site.categories) {
    const listing = site.pathOf(file);
    const firstPage = listing.replace(/page\/\d+\/$/, '');
    if (!homeLinks.includes(firstPage) && !homeLinks.some((l) => firstPage.startsWith(l) && l !== site.basePath)) {
      report.problem(`the home page links neither to ${firstPage} nor to a category above it`);
    }
    await page.goto(site.url(listing));
    const cards = await page.evaluate(() =>
      [...document.querySelectorAll('details.faq')].map((d) => ({
        id: d.id,
        page: d.querySelector('.faq-more a') ? new URL(d.querySelector('.faq-more a').href).pathname : '',
        answered: Boolean(d.querySelector('.faq-answer')?.textContent.trim()),
      })),
    );
    for (const card of cards) {
      listed.add(card.page);
      if (!card.answered) report.problem(`question ${card.id} has no answer text on ${listing}`);
    }
    for (const selector of ['[data-faq-expand-all]', '[data-faq-collapse-all]']) {
      if (await page.locator(selector).first().isVisible()) report.problem(`${listing}: ${selector} is visible with JavaScript off, where it cannot work`);
    }
  }
  const missing = [...entryPaths].filter((p) => !listed.has(p) && !homeLinks.includes(p));
  if (missing.length > 0) report.problem(`${missing.length} of ${entryPaths.size} entries are on no category page: ${missing.join(', ')}`);
  for (const file of site.entries) {
    await page.goto(site.url(site.pathOf(file)));
    const h1 = await page.locator('h1').count();
    const answer = page.locator('.answer').first();
    const text = (await answer.count()) > 0 ? (await answer.textContent()).trim() : '';
    if (h1 === 0) report.problem(`${site.pathOf(file)} has no h1`);
    if (!text) report.problem(`${site.pathOf(file)} has no .answer text`);
    else if (!(await answer.isVisible())) report.problem(`${site.pathOf(file)}: .answer is hidden`);
  }
}

/** Highlighted code is coloured in both schemes, and its copy button copies the code exactly (of a shell session, the commands). */
async function checkCode(site, report) {
  const html = (file) => readFileSync(path.join(site.dir, file), 'utf8');
  const withCode = site.entries.find((file) => html(file).includes('class="hl-'));
  if (!withCode) {
    if (site.entries.some((file) => html(file).includes('<pre><code class="language-'))) report.problem('code blocks in a language, none highlighted');
    else report.note('no code on this site');
    return;
  }
  const colours = {};
  for (const colorScheme of SCHEMES) {
    const page = await newPage(site, { ...DESKTOP, colorScheme });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
    await page.goto(site.url(site.pathOf(withCode)));
    colours[colorScheme] = await page.evaluate(() => {
      const of = (selector) => { const e = document.querySelector(selector); return e && getComputedStyle(e).color; };
      return { keyword: of('.answer .hl-k'), string: of('.answer .hl-s'), text: of('.answer pre') };
    });
    const c = colours[colorScheme];
    if (!c.keyword || !c.string) report.problem(`${colorScheme}: no keyword or string token on ${withCode}`);
    else if (c.keyword === c.text || c.string === c.text) report.problem(`${colorScheme}: tokens in the text colour (${JSON.stringify(c)})`);
    const buttons = page.locator('.answer .code-copy');
    const blocks = await page.locator('.answer pre > code').count();
    if ((await buttons.count()) !== blocks) report.problem(`${colorScheme}: ${await buttons.count()} copy buttons for ${blocks} blocks`);
    const last = blocks - 1;
    // With a mouse, the button shows only while the block is hovered or focused: it covers
    // the end of a long first line.
    const opacity = (i) => `getComputedStyle(document.querySelectorAll('.answer .code-copy')[${i}]).opacity`;
    if ((await page.evaluate(opacity(0))) !== '0') report.problem(`${colorScheme}: the copy button shows on a block nobody points at`);
    await page.locator('.answer pre').nth(0).focus();
    if (!(await waitFor(page, `${opacity(0)} === '1'`))) report.problem(`${colorScheme}: the copy button stays hidden on a focused block`);
    const code = await page.locator('.answer pre > code').nth(last).evaluate((e) => e.textContent);
    await page.locator('.answer pre').nth(last).hover();
    if (!(await waitFor(page, `${opacity(last)} === '1'`))) report.problem(`${colorScheme}: the copy button stays hidden on a hovered block`);
    await buttons.nth(last).click();
    await waitFor(page, () => document.querySelectorAll('.answer .code-copy')[document.querySelectorAll('.answer .code-copy').length - 1].textContent === 'Copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    if (copied !== code) report.problem(`${colorScheme}: copied ${JSON.stringify(copied)}, the block holds ${JSON.stringify(code)}`);
    await page.screenshot({ path: path.join(options.artifacts, `code-${colorScheme}.png`), fullPage: true });
  }
  if (colours.light.keyword && colours.light.keyword === colours.dark.keyword) report.problem(`keywords have the same colour in light and dark: ${colours.light.keyword}`);
  // A shell session's prompts are not copied: pasted into a shell, `$ ` would fail.
  const session = site.entries.find((file) => html(file).includes('class="hl-p"'));
  if (!session) {
    if (site.entries.some((file) => /<code class="language-console">\$ /.test(html(file)))) report.problem('a shell session not marked as one');
    return report.note('no shell session on this site');
  }
  const page = await newPage(site, DESKTOP);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
  await page.goto(site.url(site.pathOf(session)));
  const block = page.locator('.answer .code-block').filter({ has: page.locator('.hl-p') }).first();
  const shown = await block.locator('code').evaluate((e) => e.textContent);
  await block.hover();
  await block.locator('.code-copy').click();
  await waitFor(page, () => [...document.querySelectorAll('.answer .code-copy')].some((b) => b.textContent === 'Copied'));
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  // The fixture's sessions have one-line commands: the lines after `$ `, without it.
  const commands = shown.split('\n').filter((line) => line.startsWith('$ ')).map((line) => `${line.slice(2)}\n`).join('');
  if (!shown.startsWith('$ ') || copied !== commands) report.problem(`a session showing ${JSON.stringify(shown)} copied ${JSON.stringify(copied)}`);
}

/** An entry's old address sends the reader on to its page, keeping the #fragment with script, and without script by its refresh. */
async function checkRedirects(site, report) {
  const redirects = site.htmlFiles.filter((file) => readFileSync(path.join(site.dir, file), 'utf8').includes('http-equiv="refresh"'));
  if (redirects.length === 0) return report.note('no old addresses on this site');
  for (const javaScriptEnabled of [true, false]) {
    const page = await newPage(site, { ...DESKTOP, javaScriptEnabled });
    for (const file of redirects) {
      const html = readFileSync(path.join(site.dir, file), 'utf8');
      const target = html.match(/http-equiv="refresh" content="0; url=([^"]+)"/)[1];
      const fragment = javaScriptEnabled ? '#how-to' : '';
      const expected = site.origin + target + fragment;
      await page.goto(site.url(site.pathOf(file)) + fragment);
      try {
        await page.waitForURL(expected, { timeout: 10_000 });
      } catch {
        report.problem(`${file} (script ${javaScriptEnabled ? 'on' : 'off'}) led to ${page.url()}, not ${expected}`);
      }
    }
  }
  report.note(`${redirects.length} old addresses`);
}

/** Printing a category page prints every answer, even those whose question is closed. */
async function checkPrint(site, report) {
  const page = await newPage(site, DESKTOP);
  await page.goto(site.samplePages().category);
  await page.evaluate(() => document.querySelectorAll('details.faq').forEach((d) => (d.open = false)));
  await page.emulateMedia({ media: 'print' });
  const hidden = await hiddenAnswers(page);
  const total = await page.locator('.faq-answer').count();
  if (total === 0) return report.problem('the category page has no .faq-answer');
  if (hidden.length === 0) return;
  // Tell the theme author whether a script-only fix (opening details on beforeprint) would do.
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  const afterEvent = await hiddenAnswers(page);
  report.problem(
    `${hidden.length} of ${total} answers are not printed when their question is closed (first: ${hidden.slice(0, 3).join(', ')})` +
      (afterEvent.length === 0 ? '; they do print after a beforeprint event, so printing needs JavaScript' : ''),
  );
}

/** Entry pages: breadcrumb trail from home, the question as h1, BreadcrumbList structured data. */
async function checkEntryPages(site, report) {
  const page = await newPage(site, DESKTOP);
  for (const file of site.entries) {
    const url = site.url(site.pathOf(file));
    const name = site.pathOf(file);
    await page.goto(url);
    const facts = await page.evaluate(() => ({
      crumbs: [...document.querySelectorAll('nav[aria-label="Breadcrumb"] a[href]')].map((a) => new URL(a.href).pathname),
      h1: [...document.querySelectorAll('h1')].map((h) => h.textContent.replace(/\s+/g, ' ').trim()),
      jsonLd: [...document.querySelectorAll('script[type="application/ld+json"]')].map((s) => s.textContent),
    }));
    if (facts.crumbs.length === 0) report.problem(`${name}: no nav[aria-label="Breadcrumb"] with links`);
    else if (facts.crumbs[0] !== site.basePath) report.problem(`${name}: the breadcrumb starts at ${facts.crumbs[0]}, not the home page ${site.basePath}`);
    if (facts.h1.length !== 1) report.problem(`${name}: ${facts.h1.length} h1 elements, expected 1`);
    const blocks = facts.jsonLd.flatMap((text) => {
      try {
        return jsonLdNodes(JSON.parse(text));
      } catch (error) {
        report.problem(`${name}: JSON-LD does not parse: ${error.message}`);
        return [];
      }
    });
    const trail = blocks.find((b) => b['@type'] === 'BreadcrumbList');
    if (!trail) {
      report.problem(`${name}: no JSON-LD BreadcrumbList`);
      continue;
    }
    const items = trail.itemListElement ?? [];
    const last = items[items.length - 1];
    const canonical = site.canonical(file);
    if (items[0]?.item !== site.baseUrl) report.problem(`${name}: the BreadcrumbList starts at ${items[0]?.item}, not ${site.baseUrl}`);
    if (last?.item !== canonical) report.problem(`${name}: the BreadcrumbList ends at ${last?.item}, not ${canonical}`);
    // The question comes from the site data (structured data), the h1 from the template: they must agree.
    const question = site.questions.get(canonical) ?? last?.name;
    if (facts.h1.length > 0 && facts.h1[0] !== question) report.problem(`${name}: h1 "${facts.h1[0]}" is not the question "${question}"`);
  }
  report.note(`${site.entries.length} entry pages`);
}

/**
 * Each question is marked up in exactly one FAQPage across the site, on a page that shows it
 * (search engines require both), and every JSON-LD block parses. Which page carries a question's
 * FAQPage is the generator's choice: its category page, or the home page for top-level entries.
 */
async function checkStructuredData(site, report) {
  const markedUpOn = new Map(); // question URL -> files whose FAQPage lists it
  const faqPages = []; // { file, questions }
  for (const file of site.htmlFiles) {
    const html = readFileSync(path.join(site.dir, file), 'utf8');
    const found = [];
    for (const [, text] of html.matchAll(JSON_LD_SCRIPT)) {
      try {
        found.push(...jsonLdNodes(JSON.parse(text)).filter((node) => node['@type'] === 'FAQPage'));
      } catch (error) {
        report.problem(`${file}: JSON-LD does not parse: ${error.message}`);
      }
    }
    if (found.length > 1) report.problem(`${file} has ${found.length} FAQPage blocks, expected at most 1`);
    if (found.length === 0) continue;
    const questions = [found[0].mainEntity ?? []].flat();
    faqPages.push({ file, questions });
    for (const q of questions) {
      if (q?.['@type'] !== 'Question' || !q.name || !q.acceptedAnswer?.text) report.problem(`${file}: FAQPage question without name or answer: ${JSON.stringify(q).slice(0, 200)}`);
      if (!markedUpOn.has(q?.url)) markedUpOn.set(q?.url, []);
      markedUpOn.get(q?.url).push(file);
    }
  }
  const entryUrls = new Set(site.entries.map((file) => site.canonical(file)));
  for (const url of entryUrls) {
    const files = markedUpOn.get(url) ?? [];
    if (files.length !== 1) report.problem(`the question at ${url} is in ${files.length} FAQPage blocks (${files.join(', ') || 'none'}), expected exactly 1`);
  }
  for (const [url, files] of markedUpOn) {
    if (!entryUrls.has(url)) report.problem(`${files.join(', ')}: FAQPage question url ${url} is not an entry page`);
  }
  // A page may only mark up questions it shows: one details.faq per question, same text.
  const page = await newPage(site, DESKTOP);
  for (const { file, questions } of faqPages) {
    await page.goto(site.url(site.pathOf(file)));
    const shown = await page.$$eval('details.faq > summary', (all) => all.map((s) => s.textContent.replace(/\s+/g, ' ').trim()));
    if (shown.length !== questions.length) report.problem(`${file}: its FAQPage has ${questions.length} questions, the page shows ${shown.length} details.faq`);
    for (const q of questions) {
      if (q?.name && !shown.includes(q.name)) report.problem(`${file}: FAQPage question "${q.name}" is not shown on the page`);
    }
  }
  report.note(`${faqPages.length} pages with a FAQPage: ${faqPages.map((f) => f.file).join(', ')}`);
}

// ---------------------------------------------------------------------------------------------
// Which checks run where.

const LINK_CHECKS = [
  ['crawl', checkCrawl],
  ['sitemap', checkSitemap],
  ['feed', checkFeed],
  ['not-found page', checkNotFound],
];
const BROWSER_CHECKS = [
  ['accessibility', checkAccessibility],
  ['html validity', checkHtmlValidity],
  ['screenshots', checkScreenshots],
  ['phone layout', checkPhoneLayout],
  ['phone header', checkPhoneHeader],
  ['accordion', checkAccordion],
  ['javascript off', checkWithoutJavaScript],
  ['print', checkPrint],
  ['code', checkCode],
  ['redirects', checkRedirects],
  ['entry pages', checkEntryPages],
  ['structured data', checkStructuredData],
  // Last, so that it also reports requests made by the pages of every check before it.
  ['no other hosts', checkNoOtherHosts],
];

// ---------------------------------------------------------------------------------------------
// Helpers.

const { values: options } = parseArgs({
  options: {
    site: { type: 'string', multiple: true, default: [] },
    'base-url': { type: 'string', multiple: true, default: [] },
    only: { type: 'string' },
    artifacts: { type: 'string', default: path.join(HERE, 'artifacts') },
    chromium: { type: 'string', default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
  },
});

let browser;
const offHostRequests = []; // { page, url }: requests to anything but our server

/** A page in a fresh browser context that records and blocks every request to another host. */
async function newPage(site, { name, ...contextOptions }) {
  const context = await browser.newContext({ colorScheme: 'light', ...contextOptions });
  context.setDefaultTimeout(15_000);
  const own = new URL(site.origin).host;
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.host === own || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
    offHostRequests.push({ page: route.request().frame()?.url() ?? '?', url: url.href });
    return route.abort('blockedbyclient');
  });
  return context.newPage();
}

/** Polls `predicate` in the page for up to two seconds; true if it came true. */
async function waitFor(page, predicate, arg) {
  try {
    await page.waitForFunction(predicate, arg, { timeout: 2_000 });
    return true;
  } catch {
    return false;
  }
}

async function hiddenAnswers(page) {
  return page.$$eval('.faq-answer', (answers) =>
    answers
      .filter((a) => a.getBoundingClientRect().height === 0 || !a.checkVisibility({ visibilityProperty: true, opacityProperty: true }))
      .map((a) => a.closest('details')?.id || '(no id)'),
  );
}

async function fetchOk(url, report) {
  const response = await fetch(url, { redirect: 'manual' });
  if (response.status !== 200) {
    report.problem(`${url} answered ${response.status}`);
    return null;
  }
  return response.text();
}

/** Parses XML with the browser's own parser: its text values by tag, and the Atom bits. */
async function parseXml(site, xml, tag) {
  const page = await newPage(site, DESKTOP);
  return page.evaluate(
    ([text, tagName]) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      const error = doc.querySelector('parsererror');
      // Chromium wraps the parser's message in text of its own; keep only the message.
      if (error) return { error: (error.querySelector('div') ?? error).textContent.replace(/\s+/g, ' ').trim().slice(0, 300) };
      const root = doc.documentElement;
      const child = (el, name) => [...el.children].find((c) => c.localName === name);
      return {
        root: root.localName,
        namespace: root.namespaceURI,
        values: tagName ? [...doc.getElementsByTagNameNS('*', tagName)].map((e) => e.textContent.trim()) : [],
        links: [...doc.getElementsByTagNameNS('*', 'link')].map((l) => l.getAttribute('href') ?? ''),
        ids: [...doc.getElementsByTagNameNS('*', 'id')].map((e) => e.textContent.trim()),
        entries: [...doc.getElementsByTagNameNS('*', 'entry')].map((e) => ({
          title: child(e, 'title')?.textContent.trim(),
          link: child(e, 'link')?.getAttribute('href'),
          updated: child(e, 'updated')?.textContent.trim(),
        })),
      };
    },
    [xml, tag],
  );
}

const JSON_LD_SCRIPT = /<script\b[^>]*\btype=["']?application\/ld\+json["']?[^>]*>([\s\S]*?)<\/script>/gi;

/** The nodes of a JSON-LD value: itself, the items of an array, or those of an @graph. */
function jsonLdNodes(value) {
  if (Array.isArray(value)) return value.flatMap(jsonLdNodes);
  if (value && Array.isArray(value['@graph'])) return value['@graph'].flatMap(jsonLdNodes);
  return value && typeof value === 'object' ? [value] : [];
}

/** Every file under `dir`, as paths relative to it with `/` separators, sorted. */
function listFiles(dir, prefix = '') {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(dir, prefix + e.name + '/') : [prefix + e.name]))
    .sort();
}

/** Serves `dir` at `basePath` on 127.0.0.1 like GitHub Pages: index.html for folders, 404.html for the rest. */
function serve(dir, basePath) {
  const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml', '.xml': 'application/xml', '.txt': 'text/plain', '.png': 'image/png', '.json': 'application/json', '.woff2': 'font/woff2', '.ico': 'image/x-icon' };
  const server = createServer((request, response) => {
    const url = new URL(request.url, 'http://localhost');
    const send = (status, file, headers = {}) => {
      response.writeHead(status, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream', ...headers });
      response.end(request.method === 'HEAD' ? undefined : readFileSync(file));
    };
    const redirect = (location) => {
      response.writeHead(301, { location });
      response.end();
    };
    const notFound = () => send(404, path.join(dir, '404.html'));
    let pathname;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return notFound();
    }
    if (pathname + '/' === basePath) return redirect(basePath + url.search);
    if (!pathname.startsWith(basePath)) return notFound();
    const file = path.join(dir, pathname.slice(basePath.length));
    if (!file.startsWith(dir)) return notFound();
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!pathname.endsWith('/')) return redirect(url.pathname + '/' + url.search);
      const index = path.join(file, 'index.html');
      return existsSync(index) ? send(200, index) : notFound();
    }
    return existsSync(file) ? send(200, file) : notFound();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** What the checks know about one built site being served. */
function describeSite(dir, baseUrl, server) {
  const basePath = new URL(baseUrl).pathname.replace(/\/?$/, '/');
  const origin = `http://127.0.0.1:${server.address().port}`;
  const htmlFiles = listFiles(dir).filter((f) => f.endsWith('.html'));
  const pageDirs = htmlFiles.filter((f) => f.endsWith('/index.html')).map((f) => f.slice(0, -'index.html'.length));
  // An entry page is a leaf: no other page lives below it. Tags and the home page are not entries.
  // Later pages of a long list (`causes/page/2/`) are leaves too, but list questions.
  const later = (d) => /(^|\/)page\/\d+\/$/.test(d);
  const entries = pageDirs
    .filter((d) => !d.startsWith('tags/') && !later(d) && !pageDirs.some((other) => other !== d && other.startsWith(d)))
    .map((d) => d + 'index.html');
  const categories = pageDirs
    .filter((d) => d !== '' && !d.startsWith('tags/') && !entries.includes(d + 'index.html'))
    .map((d) => d + 'index.html');
  const tags = htmlFiles.filter((f) => /^tags\/[^/]+\/index\.html$/.test(f));
  const site = {
    dir,
    baseUrl: baseUrl.replace(/\/?$/, '/'),
    basePath,
    origin,
    htmlFiles,
    entries,
    categories,
    questions: new Map(), // canonical URL -> question, from the FAQPage blocks
    /** The URL path a built file is served at: `causes/index.html` -> `/my-faq/causes/`. */
    pathOf: (file) => basePath + file.replace(/(^|\/)index\.html$/, '$1'),
    /** The public address of a built page: `causes/index.html` -> `https://example.org/my-faq/causes/`. */
    canonical: (file) => site.baseUrl + site.pathOf(file).slice(basePath.length),
    /** The local URL of a path under the base (`causes/`) or of a full path (`/my-faq/causes/`). */
    url: (p) => origin + (p.startsWith('/') ? p : basePath + p),
    toLocal: (absolute) => origin + basePath + absolute.slice(site.baseUrl.length),
    display: (url) => url.replace(origin, ''),
    /** One page of each kind, by name, as URLs. */
    samplePages: () => ({
      home: site.url(''),
      category: site.url(site.pathOf(categories[0] ?? 'index.html')),
      entry: site.url(site.pathOf(entries[0] ?? 'index.html')),
      tags: site.url('tags/'),
      tag: site.url(site.pathOf(tags[0] ?? 'tags/index.html')),
      '404': site.url('no/such/page/'),
    }),
  };
  for (const file of htmlFiles) {
    for (const [, text] of readFileSync(path.join(dir, file), 'utf8').matchAll(JSON_LD_SCRIPT)) {
      try {
        for (const node of jsonLdNodes(JSON.parse(text))) {
          for (const q of [node.mainEntity ?? []].flat()) if (q?.url) site.questions.set(q.url, q.name);
        }
      } catch {
        // The structured data check reports JSON-LD that does not parse; here it only names questions.
      }
    }
  }
  return site;
}

function createReport() {
  const problems = [];
  const notes = [];
  return { problems, notes, problem: (text) => problems.push(text), note: (text) => notes.push(text) };
}

async function main() {
  const sites = options.site;
  const baseUrls = options['base-url'];
  if (sites.length === 0 || sites.length !== baseUrls.length) {
    console.error('usage: node run.mjs --site DIR --base-url URL [--site DIR --base-url URL …] [--only check,check] [--artifacts DIR]');
    process.exit(2);
  }
  const only = options.only ? new Set(options.only.split(',').map((s) => s.trim())) : null;
  const known = new Set([...LINK_CHECKS, ...BROWSER_CHECKS].map(([name]) => name));
  for (const name of only ?? []) {
    if (!known.has(name)) {
      console.error(`unknown check "${name}"; known: ${[...known].join(', ')}`);
      process.exit(2);
    }
  }
  requireChromium(options.chromium);
  stopAfter(RUN_TIMEOUT_MS, 'the run');

  browser = await chromium.launch({
    executablePath: options.chromium,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  let passed = 0;
  let failed = 0;
  try {
    for (const [index, dir] of sites.entries()) {
      const absoluteDir = path.resolve(dir);
      const basePath = new URL(baseUrls[index]).pathname.replace(/\/?$/, '/');
      const server = await serve(absoluteDir, basePath);
      const site = describeSite(absoluteDir, baseUrls[index], server);
      const checks = index === 0 ? [...LINK_CHECKS, ...BROWSER_CHECKS] : LINK_CHECKS;
      offHostRequests.length = 0;
      try {
        for (const [name, check] of checks) {
          if (only && !only.has(name)) continue;
          const report = createReport();
          const started = Date.now();
          try {
            await check(site, report);
          } catch (error) {
            report.problem(`the check itself failed: ${error.stack ?? error}`);
          }
          const seconds = ((Date.now() - started) / 1000).toFixed(1);
          const ok = report.problems.length === 0;
          ok ? passed++ : failed++;
          console.log(`${ok ? 'PASS' : 'FAIL'} ${name} [${basePath}] (${seconds} s)${report.notes.length ? ': ' + report.notes.join('; ') : ''}`);
          for (const problem of report.problems) console.log(`     - ${problem}`);
        }
      } finally {
        for (const context of browser.contexts()) await context.close();
        server.close();
      }
    }
  } finally {
    await browser.close();
  }
  console.log(`\nchecks: ${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

await main();
