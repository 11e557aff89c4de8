// Helpers shared by the browser checks (run.mjs, search.mjs, serve.mjs) and the benchmarks
// that drive Chromium (bench/search.mjs).

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** Exits with status 2 unless Chromium is at `executable`: nothing can be checked without it. */
export function requireChromium(executable) {
  if (!existsSync(executable)) {
    console.error(`Chromium not found at ${executable}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH`);
    process.exit(2);
  }
}

/** Stops the process with a failure after `ms`, running `cleanup` first: a hung check fails. */
export function stopAfter(ms, what, cleanup = () => {}) {
  setTimeout(() => {
    console.error(`FAIL: ${what} took longer than ${ms / 1000} s and ${what.endsWith('s') ? 'were' : 'was'} stopped`);
    cleanup();
    process.exit(1);
  }, ms).unref();
}

/** The entries of a site's sources, in file order, drafts left out: question, aliases, answer
 * text (`body`), file and URL path under `basePath`. */
export function readEntries(contentDir, basePath = '/') {
  const entries = [];
  const walk = (dir) => {
    for (const item of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(dir, item.name);
      if (item.isDirectory()) walk(file);
      else if (item.name.endsWith('.md') && item.name !== '_index.md') {
        const text = readFileSync(file, 'utf8');
        const [, front = '', body = ''] = text.match(/^---\n([\s\S]*?)\n---\n([\s\S]*)$/) ?? [];
        if (/^draft:\s*true/m.test(front)) continue;
        const scalar = (key) => {
          const value = front.match(new RegExp(`^${key}:\\s*(.*)$`, 'm'))?.[1]?.trim();
          return value?.startsWith('"') ? JSON.parse(value) : value;
        };
        const aliasBlock = front.match(/^aliases:\s*\n((?:\s+-.*\n?)*)/m)?.[1] ?? '';
        const aliases = [...aliasBlock.matchAll(/^\s+-\s*(.*)$/gm)].map(([, v]) => (v.trim().startsWith('"') ? JSON.parse(v.trim()) : v.trim()));
        const category = path.relative(contentDir, dir).split(path.sep).join('/');
        const slug = scalar('slug') ?? item.name.slice(0, -3);
        entries.push({ file, question: scalar('question'), aliases, body, path: basePath + (category ? category + '/' : '') + slug + '/' });
      }
    }
  };
  walk(contentDir);
  return entries;
}
