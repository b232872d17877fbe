import type { ReplaceProgress } from '../../shared/ports/read-model.ts';

/**
 * Progress on stderr, so stdout stays clean for results: a self-updating line on a terminal,
 * a line every 10 % otherwise (CI logs, pipes).
 */
export const progressReporter = (label: string) => {
  const tty = process.stderr.isTTY === true;
  let lastShown = -1;
  return {
    update: ({ written, total }: ReplaceProgress): void => {
      if (total === 0) return;
      const percent = Math.floor((written / total) * 100);
      const step = tty ? percent : Math.floor(percent / 10) * 10;
      if (step === lastShown) return;
      lastShown = step;
      const line = `${label} ${written.toLocaleString('en')}/${total.toLocaleString('en')} items (${percent} %)`;
      process.stderr.write(tty ? `\r${line}` : `${line}\n`);
    },
    done: (): void => {
      if (tty && lastShown >= 0) process.stderr.write('\n');
    },
  };
};
