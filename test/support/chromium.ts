import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Where the browser tests find Chromium: Debian's package (playwright-core downloads no browser),
 * or CHROMIUM_PATH. `npm test` checks for it before anything else runs, so that a machine without
 * it learns so at once instead of after the unit and integration tests.
 */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';
export const chromiumPath = (env: NodeJS.ProcessEnv = process.env): string =>
  env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM_PATH;

/** The one command a person runs on a machine where `npm test` cannot install Chromium itself. */
export const INSTALL_COMMAND = 'sudo apt-get install -y chromium';

/** What .ci/run does on a bare machine, as root: the same two apt-get calls. */
export const APT_INSTALL: readonly (readonly string[])[] = [
  ['apt-get', 'update', '-qq'],
  ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'chromium'],
];

export interface ChromiumProbe {
  readonly path: string;
  /** CHROMIUM_PATH was set: a path someone chose is never replaced by an installed package. */
  readonly chosenPath: boolean;
  readonly exists: (path: string) => boolean;
  readonly isRoot: boolean;
  readonly hasAptGet: boolean;
}

export type ChromiumDecision =
  | { readonly kind: 'present'; readonly path: string }
  | { readonly kind: 'install'; readonly commands: readonly (readonly string[])[] }
  | { readonly kind: 'stop'; readonly message: string };

export const missingMessage = (path: string): string =>
  `Chromium is missing at ${path}; the browser tests need it. Run: ${INSTALL_COMMAND}`;

export const decideChromium = (probe: ChromiumProbe): ChromiumDecision => {
  if (probe.exists(probe.path)) return { kind: 'present', path: probe.path };
  if (probe.chosenPath) {
    return {
      kind: 'stop',
      message: `CHROMIUM_PATH is ${probe.path}, which does not exist: point it at a Chromium, or unset it and run: ${INSTALL_COMMAND}`,
    };
  }
  if (probe.isRoot && probe.hasAptGet) return { kind: 'install', commands: APT_INSTALL };
  return { kind: 'stop', message: missingMessage(probe.path) };
};

export interface ChromiumRunner {
  /** Runs a command with the output on the terminal; the exit code. */
  readonly run: (command: readonly string[]) => number;
  readonly say: (line: string) => void;
}

/**
 * Installs Chromium where `decideChromium` says it can, and checks it again afterwards. Answers
 * the path, or the message to stop with.
 */
export const ensureChromium = (
  probe: ChromiumProbe,
  runner: ChromiumRunner,
): { readonly ok: true; readonly path: string } | { readonly ok: false; readonly message: string } => {
  const decision = decideChromium(probe);
  if (decision.kind === 'present') return { ok: true, path: decision.path };
  if (decision.kind === 'stop') return { ok: false, message: decision.message };
  runner.say(`Chromium is missing at ${probe.path}; installing it with apt-get, as .ci/run does`);
  for (const command of decision.commands) {
    const code = runner.run(command);
    if (code !== 0) {
      return {
        ok: false,
        message: `${command.join(' ')} failed (exit ${code}); install Chromium and run npm test again: ${INSTALL_COMMAND}`,
      };
    }
  }
  return probe.exists(probe.path)
    ? { ok: true, path: probe.path }
    : { ok: false, message: missingMessage(probe.path) };
};

/** This machine, as `decideChromium` needs to know it. */
export const probeThisMachine = (env: NodeJS.ProcessEnv = process.env): ChromiumProbe => ({
  path: chromiumPath(env),
  chosenPath: env.CHROMIUM_PATH !== undefined,
  exists: existsSync,
  isRoot: process.getuid?.() === 0,
  hasAptGet: existsSync('/usr/bin/apt-get'),
});

export const terminalRunner: ChromiumRunner = {
  run: ([file = '', ...args]) => {
    const result = spawnSync(file, args, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    return result.status ?? 1;
  },
  say: (line) => process.stderr.write(`${line}\n`),
};
