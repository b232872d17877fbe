import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The project's documents stand on their own: every relative link in README.md and docs/*.md
 * reaches a file (and a heading, when it names one), and no file refers to the background
 * documents that are not in the repository.
 */
const ROOT = join(import.meta.dirname, '..', '..');

/** The names of the outside documents, built from parts so that this file does not mention them. */
const OUTSIDE_DOCUMENTS = ['BRIEF', 'DESIGN', 'CONNECT', 'GLOSSARY', 'STYLE'];
const OUTSIDE_REFERENCE = new RegExp(`\\b(?:${OUTSIDE_DOCUMENTS.join('|')})\\.md\\b`);

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const anchorOf = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

const headingsOf = (markdown: string): Set<string> =>
  new Set(
    markdown
      .replace(/```[\s\S]*?```/g, '')
      .split('\n')
      .flatMap((line) => {
        const match = /^#{1,6}\s+(.*)$/.exec(line);
        return match?.[1] === undefined ? [] : [anchorOf(match[1])];
      }),
  );

/** Relative link targets of a Markdown document, code blocks and inline code left out. */
const relativeLinksOf = (markdown: string): string[] =>
  [
    ...markdown
      .replace(/```[\s\S]*?```/g, '')
      .replace(/`[^`\n]*`/g, '')
      .matchAll(/\]\(([^)\s]+)\)/g),
  ]
    .map((match) => match[1] ?? '')
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));

const documents = (): string[] => [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** Where each link of `file` fails to land: a missing file, or a heading the target lacks. */
const brokenLinksOf = (file: string): string[] => {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return relativeLinksOf(text).flatMap((link) => {
    const [path = '', anchor] = link.split('#');
    const target = path === '' ? join(ROOT, file) : join(ROOT, dirname(file), path);
    if (!existsSync(target)) return [`${file}: ${link} (no such file)`];
    if (anchor === undefined || !target.endsWith('.md')) return [];
    return headingsOf(readFileSync(target, 'utf8')).has(anchor)
      ? []
      : [`${file}: ${link} (no heading #${anchor} in ${relative(ROOT, target)})`];
  });
};

describe('the project documents', () => {
  it('finds relative links and headings the way GitHub does', () => {
    expect(relativeLinksOf('see [a](docs/a.md#x), [b](https://x.y/z) and `[c](nope.md)`')).toEqual([
      'docs/a.md#x',
    ]);
    expect(anchorOf('Checking a deployed stack: `hotline doctor`')).toBe(
      'checking-a-deployed-stack-hotline-doctor',
    );
    expect(anchorOf("The agent's side")).toBe('the-agents-side');
  });

  it('links only to files and headings that exist, from README.md and every docs/*.md', () => {
    // Act
    const broken = documents().flatMap(brokenLinksOf);
    // Assess
    expect(broken).toEqual([]);
  });

  it('links every document of docs/ from README.md', () => {
    const readme = relativeLinksOf(readFileSync(join(ROOT, 'README.md'), 'utf8')).map(
      (link) => link.split('#')[0],
    );
    const unlinked = documents().filter((doc) => doc !== 'README.md' && !readme.includes(doc));
    expect(unlinked).toEqual([]);
  });

  it('refers to no document outside the repository, in any file git tracks or would track', () => {
    // Prepare
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
      cwd: ROOT,
      encoding: 'utf8',
    })
      .split('\0')
      .filter((file) => file !== '' && !file.startsWith('node_modules') && existsSync(join(ROOT, file)));
    // Act
    const citing = files.filter((file) => OUTSIDE_REFERENCE.test(readFileSync(join(ROOT, file), 'utf8')));
    // Assess
    expect(citing).toEqual([]);
    expect(OUTSIDE_REFERENCE.test(`see ${OUTSIDE_DOCUMENTS[0]}.md`)).toBe(true);
  });
});
