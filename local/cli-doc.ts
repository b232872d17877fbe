// `npm run docs:commands`: writes the command table of docs/cli.md from the commands' descriptors
// (local/commands/index.ts), between its two markers; a unit test fails when the two differ.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { markdownCommandTable } from './command-line.ts';
import { COMMANDS } from './commands/index.ts';

export const CLI_DOC_PATH = fileURLToPath(new URL('../docs/cli.md', import.meta.url));
export const TABLE_START = '<!-- commands: written by npm run docs:commands from local/commands/ -->';
export const TABLE_END = '<!-- end of commands -->';

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

/** The page with its command table replaced by the one the descriptors give. */
export const withCommandTable = (page: string): string => {
  const start = page.indexOf(TABLE_START);
  const end = page.indexOf(TABLE_END);
  if (start === -1 || end < start)
    throw new Error(`docs/cli.md lacks the markers ${TABLE_START} … ${TABLE_END}`);
  return `${page.slice(0, start + TABLE_START.length)}\n\n${markdownCommandTable(COMMANDS)}\n${page.slice(end)}`;
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(CLI_DOC_PATH, withCommandTable(readFileSync(CLI_DOC_PATH, 'utf8')));
  // Biome pads the table's columns (the project's format); the unit test ignores the padding.
  execFileSync('npx', ['biome', 'format', '--write', CLI_DOC_PATH], { stdio: 'inherit' });
}
