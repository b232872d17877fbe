import { describe, expect, it } from 'vitest';
import {
  APT_INSTALL,
  type ChromiumProbe,
  chromiumPath,
  DEFAULT_CHROMIUM_PATH,
  decideChromium,
  ensureChromium,
  INSTALL_COMMAND,
} from '../support/chromium.ts';

const probe = (overrides: Partial<ChromiumProbe> = {}): ChromiumProbe => ({
  path: DEFAULT_CHROMIUM_PATH,
  chosenPath: false,
  exists: () => false,
  isRoot: false,
  hasAptGet: true,
  ...overrides,
});

/** A runner that records the commands and answers each with the next exit code (0 when none is left). */
const recordingRunner = (codes: number[] = [], onRun: () => void = () => {}) => {
  const ran: string[] = [];
  const said: string[] = [];
  return {
    ran,
    said,
    runner: {
      run: (command: readonly string[]) => {
        ran.push(command.join(' '));
        onRun();
        return codes.shift() ?? 0;
      },
      say: (line: string) => {
        said.push(line);
      },
    },
  };
};

describe('npm test on a machine without Chromium', () => {
  it('goes on when /usr/bin/chromium is there, whoever runs it', () => {
    const checked: string[] = [];
    const exists = (path: string) => {
      checked.push(path);
      return true;
    };
    expect(decideChromium(probe({ exists }))).toEqual({ kind: 'present', path: '/usr/bin/chromium' });
    expect(checked).toEqual(['/usr/bin/chromium']);
  });

  it('installs it with apt-get as .ci/run does, when it runs as root on a machine with apt-get', () => {
    expect(decideChromium(probe({ isRoot: true }))).toEqual({ kind: 'install', commands: APT_INSTALL });
    expect(APT_INSTALL.map((command) => command.join(' '))).toEqual([
      'apt-get update -qq',
      'apt-get install -y -qq --no-install-recommends chromium',
    ]);
  });

  it('stops with the one command to run when it cannot install (not root, or no apt-get)', () => {
    for (const machine of [probe({ isRoot: false }), probe({ isRoot: true, hasAptGet: false })]) {
      const decision = decideChromium(machine);
      expect(decision.kind).toBe('stop');
      expect(decision.kind === 'stop' && decision.message).toContain(`Run: ${INSTALL_COMMAND}`);
    }
    expect(INSTALL_COMMAND).toBe('sudo apt-get install -y chromium');
  });

  it('never installs over a CHROMIUM_PATH that someone chose and that does not exist', () => {
    const decision = decideChromium(probe({ path: '/opt/chrome', chosenPath: true, isRoot: true }));
    expect(decision).toMatchObject({ kind: 'stop' });
    expect(decision.kind === 'stop' && decision.message).toContain('CHROMIUM_PATH is /opt/chrome');
    expect(chromiumPath({ CHROMIUM_PATH: '/opt/chrome' })).toBe('/opt/chrome');
    expect(chromiumPath({})).toBe(DEFAULT_CHROMIUM_PATH);
  });

  it('runs the install, then finds Chromium where it looked', () => {
    // Prepare
    let installed = false;
    const { ran, said, runner } = recordingRunner([], () => {
      installed = ran.length === APT_INSTALL.length;
    });
    // Act
    const outcome = ensureChromium(probe({ isRoot: true, exists: () => installed }), runner);
    // Assess
    expect(outcome).toEqual({ ok: true, path: DEFAULT_CHROMIUM_PATH });
    expect(ran).toEqual(APT_INSTALL.map((command) => command.join(' ')));
    expect(said).toHaveLength(1);
  });

  it('stops at the first failing apt-get call, naming it and the command to run', () => {
    const { ran, runner } = recordingRunner([100]);
    const outcome = ensureChromium(probe({ isRoot: true }), runner);
    expect(ran).toEqual(['apt-get update -qq']);
    expect(outcome).toEqual({
      ok: false,
      message: `apt-get update -qq failed (exit 100); install Chromium and run npm test again: ${INSTALL_COMMAND}`,
    });
  });

  it('stops when the install succeeded but Chromium is still not there', () => {
    const { runner } = recordingRunner();
    const outcome = ensureChromium(probe({ isRoot: true }), runner);
    expect(outcome).toMatchObject({ ok: false });
    expect(!outcome.ok && outcome.message).toContain(INSTALL_COMMAND);
  });

  it('runs nothing when it stops', () => {
    const { ran, runner } = recordingRunner();
    expect(ensureChromium(probe(), runner)).toMatchObject({ ok: false });
    expect(ran).toEqual([]);
  });
});
