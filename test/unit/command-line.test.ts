import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../local/auth.ts';
import { CLI_DOC_PATH, README_PATH, unpadded, withCommandTable, withTour } from '../../local/cli-doc.ts';
import { defineOptions, helpOf, parseCommandArgs, usageLines } from '../../local/command-line.ts';
import { callDescriptor, describeLookups } from '../../local/commands/call.ts';
import { COMMANDS } from '../../local/commands/index.ts';
import { tourOf } from '../../local/commands/start.ts';
import { DEMO_CALLER_SHOWS, DEMO_CALLERS } from '../../local/demo/demo-data.ts';
import { FAULTS } from '../../local/simulated-faults.ts';
import { UsageError } from '../../local/usage.ts';

const OPTIONS = defineOptions({
  calls: { type: 'string', value: 'N', meaning: 'how many' },
  json: { type: 'boolean', default: false, meaning: 'as JSON' },
});

describe('parsing a command’s options from its own table', () => {
  it('reads the values with their types', () => {
    const { values } = parseCommandArgs(OPTIONS, ['--calls', '40', '--json']);
    expect(values).toEqual({ calls: '40', json: true });
  });

  it.each([
    [['--calls', '-5'], '--calls takes no negative numbers, got "-5"'],
    [['--calls', '--json'], '--calls needs a value before the next option "--json"'],
    [['--calls'], '--calls needs a value'],
    [['--bogus'], 'unknown option --bogus'],
    [['--json=yes'], '--json takes no value'],
    [['extra'], 'unexpected argument "extra"'],
  ])('refuses %j in plain words: %s', (args, message) => {
    expect(() => parseCommandArgs(OPTIONS, args)).toThrow(new UsageError(message));
  });

  it('leaves a dash after -- alone', () => {
    expect(() => parseCommandArgs(OPTIONS, ['--', '--calls', '-5'], true)).not.toThrow();
  });
});

describe('the command descriptors', () => {
  it('name each command once, each option with a meaning, in usage lines that start with the name', () => {
    const names = COMMANDS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const command of COMMANDS) {
      expect(command.usage.every((line) => line.startsWith(command.name))).toBe(true);
      for (const [name, spec] of Object.entries(command.options)) {
        expect(spec.meaning, `${command.name} --${name}`).not.toBe('');
        // Every option but the store's folder, which all local commands share, is in the synopsis.
        if (name !== 'data')
          expect(command.usage.join(' '), `${command.name} --${name}`).toContain(`--${name}`);
      }
    }
  });

  it('give call --help its options, every fault and every demo caller with what it shows', () => {
    const help = helpOf(callDescriptor);
    for (const name of Object.keys(callDescriptor.options))
      expect(help).toMatch(new RegExp(`^  --${name}\\b`, 'm'));
    for (const fault of FAULTS) expect(help).toMatch(new RegExp(`^  ${fault} +\\S`, 'm'));
    expect(help).toContain(`${DEMO_CALLERS.critical.written}  `);
    expect(help).toContain(`${DEMO_CALLERS.shared.written}  `);
    for (const shows of Object.values(DEMO_CALLER_SHOWS)) expect(help).toContain(shows);
  });

  it('give a mistake the command’s own usage only', () => {
    expect(usageLines(COMMANDS.find((c) => c.name === 'privacy') ?? callDescriptor)).toBe(
      [
        'usage: hotline privacy export --tenancy ID [--json]',
        '   or: hotline privacy erase --tenancy ID --yes [--json]',
      ].join('\n'),
    );
  });

  it("are the README's tour: the pages, logins and demo callers npm start knows", () => {
    const readme = readFileSync(README_PATH, 'utf8');
    expect(unpadded(withTour(readme))).toBe(unpadded(readme));
    expect(unpadded(readme)).toContain('|critical|`+436641234567`|eviction in 5 days');
  });

  it('are the command table of docs/cli.md (npm run docs:commands writes it)', () => {
    const readme = readFileSync(CLI_DOC_PATH, 'utf8');
    expect(unpadded(withCommandTable(readme))).toBe(unpadded(readme));
  });
});

describe('hotline call names each lookup as it is', () => {
  it('says shared for a number two tenancies list, then the keyed lookup by its own name', () => {
    expect(
      describeLookups([
        { by: 'phone', status: 'ambiguous', matchCount: 2 },
        { by: 'tenancy', status: 'invalid_input', matchCount: 0 },
      ]),
    ).toBe('by number: shared (2 tenancies), then by tenancy number: invalid input');
  });

  it.each([
    ['found', 'by number: found'],
    ['not_found', 'by number: not found'],
    ['anonymous', 'by number: anonymous'],
    ['unavailable', 'by number: unavailable'],
  ])('says %s as %j', (status, line) => {
    expect(describeLookups([{ by: 'phone', status, matchCount: 0 }])).toBe(line);
  });
});

describe('npm start', () => {
  it('prints the pages and every demo login', () => {
    const tour = tourOf('http://localhost:3000');
    for (const page of ['simulator', 'workspace', 'agent', 'dashboard'])
      expect(tour).toContain(`http://localhost:3000/${page}.html`);
    for (const user of Object.values(DEMO_USERS))
      expect(tour).toContain(`${user.username} / ${user.password}`);
  });
});
