// Helpers shared by the browser checks (run.mjs, search.mjs, serve.mjs, languages.mjs) and the benchmarks
// that drive Chromium (bench/search.mjs).

import { createServer } from 'node:http';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
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

/** Serves the built site in `dir` under `basePath` on a free port of 127.0.0.1, as GitHub Pages
 * does (its 404 page for a missing address). */
export function serveStatic(dir, basePath) {
  const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.json': 'application/json', '.svg': 'image/svg+xml', '.xml': 'application/xml' };
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    let file = pathname.startsWith(basePath) ? path.join(dir, pathname.slice(basePath.length)) : null;
    if (file && existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!file || !file.startsWith(dir) || !existsSync(file)) {
      response.writeHead(404, { 'content-type': types['.html'] });
      return response.end(readFileSync(path.join(dir, '404.html')));
    }
    response.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
