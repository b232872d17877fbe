import { ensureChromium, probeThisMachine, terminalRunner } from './chromium.ts';

/** The first step of `npm test`: Chromium is there, or is installed, or the run stops at once. */
const outcome = ensureChromium(probeThisMachine(), terminalRunner);
if (!outcome.ok) {
  process.stderr.write(`${outcome.message}\n`);
  process.exitCode = 1;
}
