import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

/** What needs no AWS account: the command is there, and a wrong call says how to call it. */
describe('hotline doctor as a person calls it', () => {
  it('is listed in the usage and refuses a call without --stack with exit code 2', async () => {
    const help = await runCli(['--help']);
    expect(help.stdout).toMatch(/^ {2}doctor +read-only checks of a deployed stack/m);

    const result = await runCli(['doctor', '--region', 'eu-central-1']);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'error: missing --stack NAME\nusage: hotline doctor --stack NAME [--region R] [--json]\n',
    );
    expect(result.stdout).toBe('');
  });
});
