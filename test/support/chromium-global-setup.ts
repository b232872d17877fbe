import { decideChromium, missingMessage, probeThisMachine } from './chromium.ts';

/**
 * The browser tests' project stops at once when Chromium is missing (also when run on its own
 * with `npx vitest run test/e2e/…`), with the command to install it; it never installs anything.
 */
export default function checkChromium(): void {
  const probe = probeThisMachine();
  const decision = decideChromium(probe);
  if (decision.kind === 'present') return;
  throw new Error(decision.kind === 'stop' ? decision.message : missingMessage(probe.path));
}
