#!/usr/bin/env node
// A made-up help centre of any size, for the search checks (search.mjs) and benchmarks: a
// complete faqgen site that needs nothing but Node.
//
//   node tests/browser/corpus.mjs N OUTDIR
//
// writes OUTDIR/faqgen.toml and N entries under OUTDIR/content/<category>/, each category with
// its _index.md. The same N always gives the same files (a seeded generator, no clock, no
// randomness from the system). Scripts can import `corpusFiles` (the files as text, nothing
// written) or `writeCorpus`.
//
// What search.mjs relies on:
// - Questions are distinct: each is an opener, a verb, an object and a context, and no two
//   entries share the same verb, object and context, so no two questions have the same words.
//   Every context has a word of seven letters or more, so a question's longest word survives a
//   typo (search.mjs drops its third letter) as a recognisable word.
// - Questions are written `question: "…"` (JSON-style quotes), which readEntries in common.mjs
//   reads.
// - Every answer holds a made-up word of its own (eight lowercase letters, in no other file),
//   and it is the first word of six letters or more in the answer; answers also use made-up
//   words shared with others. No made-up word is a prefix of another word of the corpus (each
//   is eight letters and none is a real word's beginning), and each ends in a, o or u, which an
//   English stemmer leaves alone: a search for one finds exactly the answers that have it.
// - About a third of the answers mention "account".

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BASE_URL = 'https://example.org/my-faq/';
const MARKER = '# Made by tests/browser/corpus.mjs: a generated corpus, safe to overwrite.';

// ---------------------------------------------------------------------------------------------
// The vocabulary.

const CATEGORIES = [
  {
    slug: 'account',
    title: 'Your account',
    description: 'Signing in, passwords and the details kept on your profile.',
    tags: ['sign-in', 'profile', 'password'],
    objects: ['my password', 'my email address', 'my username', 'two-step verification', 'my profile photo', 'my saved addresses', 'a second login', 'my notification settings', 'my account history', 'my security questions'],
  },
  {
    slug: 'orders',
    title: 'Orders',
    description: 'Placing, changing and following up on an order.',
    tags: ['ordering', 'basket', 'checkout'],
    objects: ['a recent purchase', 'an order confirmation', 'a gift message', 'a missing item', 'a duplicate order', 'an order number', 'a bulk order', 'a preorder', 'a wishlist', 'a shopping basket'],
  },
  {
    slug: 'payments',
    title: 'Payments and billing',
    description: 'Cards, invoices, vouchers and charges you do not recognise.',
    tags: ['billing', 'invoices', 'cards'],
    objects: ['a payment method', 'a declined payment', 'an invoice', 'a receipt', 'a voucher code', 'a gift card balance', 'a billing address', 'a pending charge', 'an instalment plan', 'a currency conversion'],
  },
  {
    slug: 'shipping',
    title: 'Shipping and delivery',
    description: 'Where your parcel is, when it arrives and how it gets there.',
    tags: ['delivery', 'tracking', 'parcels'],
    objects: ['a delivery address', 'a tracking number', 'a delivery slot', 'a parcel locker', 'express shipping', 'a customs declaration', 'a delayed parcel', 'a signature requirement', 'a collection point', 'a delivery note'],
  },
  {
    slug: 'returns',
    title: 'Returns and refunds',
    description: 'Sending things back and getting your money back.',
    tags: ['refunds', 'exchanges', 'warranty'],
    objects: ['a return label', 'a refund', 'a damaged item', 'an exchange', 'a return request', 'a price adjustment', 'a store credit', 'a faulty product', 'a return deadline', 'a replacement'],
  },
  {
    slug: 'subscriptions',
    title: 'Subscriptions and plans',
    description: 'Trials, renewals, memberships and discounts.',
    tags: ['membership', 'renewals', 'discounts'],
    objects: ['my subscription', 'a free trial', 'a renewal date', 'a membership plan', 'a family plan', 'an automatic renewal', 'a holiday pause', 'a student discount', 'a loyalty reward', 'a referral bonus'],
  },
  {
    slug: 'privacy',
    title: 'Privacy and security',
    description: 'Your data, your choices and keeping your sign-in safe.',
    tags: ['privacy', 'security', 'data'],
    objects: ['my personal data', 'my cookie preferences', 'my marketing emails', 'a data export', 'a login alert', 'a suspicious sign-in', 'my privacy settings', 'a connected device', 'my location history', 'an account deletion'],
  },
  {
    slug: 'apps',
    title: 'Apps and devices',
    description: 'The mobile and desktop apps, notifications and settings.',
    tags: ['mobile', 'desktop', 'settings'],
    objects: ['the mobile app', 'push notifications', 'a browser extension', 'the desktop application', 'an offline download', 'a dark theme', 'the accessibility options', 'a language setting', 'a barcode scanner', 'an app update'],
  },
];

const VERBS = ['change', 'update', 'cancel', 'remove', 'restore', 'transfer', 'download', 'verify', 'track', 'share', 'recover', 'review', 'report', 'schedule', 'combine', 'replace'];

// Each has a word of seven letters or more (see the top of the file).
const CONTEXTS = [
  'from my smartphone', 'on a shared computer', 'after checkout', 'while travelling abroad', 'without a credit card', 'before it is dispatched',
  'as a business customer', 'in another currency', 'on the website', 'for a birthday present', 'once the trial has finished', 'with a prepaid card',
  'in a different country', 'during a seasonal sale', 'for someone else', 'without signing in',
];
for (const context of CONTEXTS) {
  if (!/[a-z]{7}/.test(context)) throw new Error(`the context "${context}" has no word of seven letters or more`);
}

const OPENERS = ['How do I', 'How can I', 'Can I', 'Is it possible to', 'What is the best way to', 'Where can I'];

const COMMON_TAGS = ['help', 'web', 'app', 'email', 'support', 'how-to'];

// The first sentence of an answer: its own made-up word ({own}) before any other word of six
// letters or more.
const OPENINGS = [
  'The {own} screen is where you {verb} {object} {context}.',
  'Use the {own} tool: it lets you {verb} {object} {context}.',
  'Look for {own} in the menu, then {verb} {object} from there.',
  'Our {own} form is the quick way to {verb} {object} {context}.',
  'The {own} page is the one to use when you want to {verb} {object}.',
];

// The rest of the answer. {shared} is a made-up word that several answers use.
const SENTENCES = [
  'Most requests are handled within two working days.',
  'We send a confirmation email once it is done.',
  'Nothing is charged for this.',
  'This works the same way {context}, although some steps can take longer.',
  'Some regions limit what can be done {context}.',
  'The {shared} setting must be switched on first; it is off by default.',
  'When {object} cannot be found, check the {shared} section of the help menu.',
  'If something looks wrong, contact support and quote the reference shown on the {shared} screen.',
  'Keep the confirmation until the whole process is complete.',
  'Changes made on one device appear on the others within a few minutes.',
  'Business customers can ask their {shared} administrator to do this for them.',
  'You can undo it for fourteen days afterwards.',
  'A short delay is normal during busy periods such as holidays.',
  'The steps are the same in the mobile app and on the website.',
  'Older versions of the {shared} module may show slightly different labels.',
  'Please allow up to an hour before trying again.',
];

const ACCOUNT_SENTENCES = [
  'You need to be signed in to your account first.',
  'Your account page lists every recent change, with its date.',
  'The email address linked to your account receives a copy.',
  'If you have more than one account, make sure you are in the right one.',
];

const STEPS = [
  '1. Sign in and open **Settings**.\n2. Choose **{Shared}**.\n3. Follow the steps to {verb} {object}.',
  '- Open the **{Own}** screen.\n- Pick what you want to {verb}.\n- Confirm with the button at the bottom.',
];

const HEADINGS = ['Good to know', 'Before you start', 'If it does not work'];

// ---------------------------------------------------------------------------------------------
// Made-up words and the random choices.

/** A small seeded generator (mulberry32): the same seed gives the same numbers everywhere. */
function random(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const below = (n) => Math.floor(next() * n);
  return { next, below, pick: (list) => list[below(list.length)], chance: (p) => next() < p };
}

const CONSONANTS = 'bdfgklmnprstvz';
const VOWELS = 'aeiou';
const LAST_VOWELS = 'aou'; // endings an English stemmer does not touch

/** `count` distinct made-up words of eight letters, none the beginning of a word in `real`. */
function madeUpWords(rng, count, taken, real) {
  const words = [];
  while (words.length < count) {
    let word = '';
    for (let i = 0; i < 4; i++) word += CONSONANTS[rng.below(CONSONANTS.length)] + (i < 3 ? VOWELS[rng.below(VOWELS.length)] : LAST_VOWELS[rng.below(LAST_VOWELS.length)]);
    if (taken.has(word) || real.some((r) => r.startsWith(word) || word.startsWith(r))) continue;
    taken.add(word);
    words.push(word);
  }
  return words;
}

/** Every word of six letters or more in the fixed text of the corpus. */
function realWords() {
  const text = [
    ...CATEGORIES.flatMap((c) => [c.title, c.description, ...c.tags, ...c.objects]),
    ...VERBS, ...CONTEXTS, ...OPENERS, ...COMMON_TAGS, ...OPENINGS, ...SENTENCES, ...ACCOUNT_SENTENCES, ...STEPS, ...HEADINGS,
  ].join(' ').toLowerCase();
  return [...new Set(text.match(/[a-z]{6,}/g))];
}

function fill(template, slots) {
  return template.replace(/\{(\w+)\}/g, (_, key) => {
    if (!(key in slots)) throw new Error(`no value for {${key}} in "${template}"`);
    return slots[key];
  });
}

const capitalize = (text) => text[0].toUpperCase() + text.slice(1);
const slugify = (text) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

// ---------------------------------------------------------------------------------------------
// The corpus.

/** The largest corpus: one entry per verb, object and context. */
export const MAX_ENTRIES = VERBS.length * CONTEXTS.length * CATEGORIES.reduce((n, c) => n + c.objects.length, 0);

/**
 * The files of a corpus of `count` entries: a Map from paths relative to the site's root
 * (`faqgen.toml`, `content/…`) to their text. Nothing is written.
 */
export function corpusFiles(count, { seed = 1000, baseUrl = BASE_URL } = {}) {
  if (!Number.isInteger(count) || count < 1 || count > MAX_ENTRIES) throw new Error(`the number of entries must be from 1 to ${MAX_ENTRIES}, not ${count}`);
  const rng = random(seed);
  const files = new Map();
  files.set(
    'faqgen.toml',
    `${MARKER}\ntitle = "Example Shop Help Centre"\n` +
      `description = "Generated questions and answers about a made-up online shop: ${count} entries for testing faqgen's search."\n` +
      `base_url = ${JSON.stringify(baseUrl)}\n`,
  );
  for (const [i, category] of CATEGORIES.entries()) {
    files.set(`content/${category.slug}/_index.md`, `---\ntitle: ${category.title}\ndescription: ${category.description}\nweight: ${i + 1}\n---\n`);
  }

  // Which verb, object and context each entry asks about: `count` distinct combinations, spread
  // over the categories (a partial shuffle of all of them).
  const objects = CATEGORIES.flatMap((category) => category.objects.map((object) => ({ category, object })));
  const combinations = Array.from({ length: MAX_ENTRIES }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + rng.below(MAX_ENTRIES - i);
    [combinations[i], combinations[j]] = [combinations[j], combinations[i]];
  }

  const real = realWords();
  const taken = new Set();
  const own = madeUpWords(rng, count, taken, real);
  const shared = madeUpWords(rng, Math.max(8, Math.ceil(count / 8)), taken, real);

  for (let n = 0; n < count; n++) {
    const combination = combinations[n];
    const verb = VERBS[combination % VERBS.length];
    const context = CONTEXTS[Math.floor(combination / VERBS.length) % CONTEXTS.length];
    const { category, object } = objects[Math.floor(combination / (VERBS.length * CONTEXTS.length))];
    const question = `${rng.pick(OPENERS)} ${verb} ${object} ${context}?`;
    const slots = { verb, object, context, own: own[n], Own: capitalize(own[n]), shared: '', Shared: '' };
    /** The slots with a shared made-up word drawn afresh. */
    const sharedSlots = () => {
      slots.shared = rng.pick(shared);
      slots.Shared = capitalize(slots.shared);
      return slots;
    };

    const paragraphs = [];
    const first = [fill(rng.pick(OPENINGS), slots)];
    if (rng.chance(0.35)) first.push(rng.pick(ACCOUNT_SENTENCES));
    paragraphs.push(first.join(' '));
    const more = 2 + rng.below(3);
    for (let p = 0; p < more; p++) {
      if (p === 1 && rng.chance(0.3)) {
        paragraphs.push(fill(rng.pick(STEPS), sharedSlots()));
        continue;
      }
      if (p === more - 1 && more > 2 && rng.chance(0.3)) paragraphs.push(`## ${rng.pick(HEADINGS)}`);
      const sentences = [];
      const length = 2 + rng.below(3);
      while (sentences.length < length) {
        const sentence = fill(rng.pick(SENTENCES), sharedSlots());
        if (!sentences.includes(sentence)) sentences.push(sentence);
      }
      paragraphs.push(sentences.join(' '));
    }

    const tags = [rng.pick(category.tags), rng.pick(COMMON_TAGS)];
    const front = [`question: ${JSON.stringify(question)}`, `tags: [${tags.join(', ')}]`];
    if (rng.chance(0.2)) front.push(`weight: ${1 + rng.below(9)}`);
    if (rng.chance(0.5)) front.push(`updated: 2026-${String(1 + rng.below(12)).padStart(2, '0')}-${String(1 + rng.below(28)).padStart(2, '0')}`);
    files.set(`content/${category.slug}/${slugify(question)}.md`, `---\n${front.join('\n')}\n---\n${paragraphs.join('\n\n')}\n`);
  }
  return files;
}

/**
 * Writes a corpus of `count` entries to `outDir`; returns the number of files written. A
 * corpus written there before is replaced; any other content/ folder is left alone (an error).
 */
export function writeCorpus(count, outDir, options = {}) {
  const files = corpusFiles(count, options);
  const config = path.join(outDir, 'faqgen.toml');
  const content = path.join(outDir, 'content');
  if (existsSync(content) || existsSync(config)) {
    if (!existsSync(config) || !readFileSync(config, 'utf8').startsWith(MARKER)) {
      throw new Error(`${outDir} already holds a site that this script did not generate: choose another folder`);
    }
    rmSync(content, { recursive: true, force: true });
  }
  const folders = new Set();
  for (const [file, text] of files) {
    const target = path.join(outDir, file);
    const folder = path.dirname(target);
    if (!folders.has(folder)) mkdirSync(folder, { recursive: true });
    folders.add(folder);
    writeFileSync(target, text);
  }
  return files.size;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [countArg, outDir] = process.argv.slice(2);
  const count = Number(countArg);
  if (!outDir || !Number.isInteger(count) || count < 1) {
    console.error(`usage: node corpus.mjs N OUTDIR (N from 1 to ${MAX_ENTRIES})`);
    process.exit(2);
  }
  try {
    const written = writeCorpus(count, outDir);
    console.log(`Wrote ${count} entries (${written} files) to ${outDir}`);
  } catch (error) {
    console.error(`error: ${error.message}`);
    process.exit(1);
  }
}
