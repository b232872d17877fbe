// `npm run docs:commands`: writes the command table of docs/cli.md from the commands' descriptors
// (local/commands/index.ts), and the README's five-minute tour from the pages, logins and demo
// callers `npm start` knows, each between its two markers; a unit test fails when they differ.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { markdownCommandTable } from './command-line.ts';
import { COMMANDS } from './commands/index.ts';
import { LOGINS, PAGES } from './commands/start.ts';
import { DEMO_CALLER_SHOWS, DEMO_CALLERS } from './demo/demo-data.ts';

export const CLI_DOC_PATH = fileURLToPath(new URL('../docs/cli.md', import.meta.url));
export const TABLE_START = '<!-- commands: written by npm run docs:commands from local/commands/ -->';
export const TABLE_END = '<!-- end of commands -->';
export const README_PATH = fileURLToPath(new URL('../README.md', import.meta.url));
export const TOUR_START =
  '<!-- tour: written by npm run docs:commands from local/commands/start.ts and the demo data -->';
export const TOUR_END = '<!-- end of tour -->';

/** A table as Biome pads it and as written here read alike: each cell trimmed, rules shortened. */
export const unpadded = (markdown: string): string =>
  markdown
    .split('\n')
    .map((line) =>
      line.startsWith('|')
        ? line
            .split(/(?<!\\)\|/)
            .map((cell) => cell.trim().replace(/^-+$/, '-'))
            .join('|')
        : line,
    )
    .join('\n');

/** `page` with what stands between the two markers replaced by `content`. */
const between = (page: string, start: string, end: string, content: string): string => {
  const from = page.indexOf(start);
  const to = page.indexOf(end);
  if (from === -1 || to < from) throw new Error(`the page lacks the markers ${start} … ${end}`);
  return `${page.slice(0, from + start.length)}\n\n${content}\n${page.slice(to)}`;
};

/** The page with its command table replaced by the one the descriptors give. */
export const withCommandTable = (page: string): string =>
  between(page, TABLE_START, TABLE_END, markdownCommandTable(COMMANDS));

/** How to reach a demo caller: the number to call from, or the tenancy number to key in. */
const dialling = (caller: (typeof DEMO_CALLERS)[keyof typeof DEMO_CALLERS]): string =>
  'phone' in caller ? `\`${caller.phone}\`` : `\`anonymous\`, keying in \`${caller.tenancyId}\``;

/** The README's tour: the pages, the demo logins and the demo callers, as `npm start` has them. */
export const tourMarkdown = (url = 'http://localhost:3000'): string =>
  [
    '| page | what it is | sign in as |',
    '| ---- | ---------- | ---------- |',
    ...PAGES.map(([page, what, user]) => `| ${url}/${page} | ${what} | \`${user.username}\` |`),
    '',
    '| login / password | who |',
    '| ---------------- | --- |',
    ...LOGINS.map(([user, what]) => `| \`${user.username}\` / \`${user.password}\` | ${what} |`),
    '',
    '| demo caller | calls from | what the call shows |',
    '| ----------- | ---------- | ------------------- |',
    ...(Object.keys(DEMO_CALLERS) as (keyof typeof DEMO_CALLERS)[]).map(
      (name) => `| ${name} | ${dialling(DEMO_CALLERS[name])} | ${DEMO_CALLER_SHOWS[name]} |`,
    ),
    '',
  ].join('\n');

export const withTour = (readme: string): string => between(readme, TOUR_START, TOUR_END, tourMarkdown());

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(CLI_DOC_PATH, withCommandTable(readFileSync(CLI_DOC_PATH, 'utf8')));
  writeFileSync(README_PATH, withTour(readFileSync(README_PATH, 'utf8')));
  // Biome pads the tables' columns (the project's format); the unit test ignores the padding.
  execFileSync('npx', ['biome', 'format', '--write', CLI_DOC_PATH, README_PATH], { stdio: 'inherit' });
}
