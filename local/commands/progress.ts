import type { ReplaceProgress } from '../../shared/ports/read-model.ts';

export interface ProgressOptions {
  /** What is counted, after the numbers. @default 'items' */
  readonly unit?: string;
  /** On a terminal, a bar of this many characters before the numbers. @default no bar */
  readonly barWidth?: number;
}

const bar = (fraction: number, width: number): string => {
  const filled = Math.min(width, Math.floor(fraction * width));
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] `;
};

/**
 * Progress on stderr, so stdout stays clean for results: a self-updating line on a terminal,
 * a line every 10 % otherwise (CI logs, pipes).
 */
export const progressReporter = (label: string, options: ProgressOptions = {}) => {
  const tty = process.stderr.isTTY === true;
  const unit = options.unit ?? 'items';
  let lastShown = -1;
  return {
    update: ({ written, total }: ReplaceProgress): void => {
      if (total === 0) return;
      const percent = Math.floor((written / total) * 100);
      const step = tty ? percent : Math.floor(percent / 10) * 10;
      if (step === lastShown) return;
      lastShown = step;
      const drawn = tty && options.barWidth ? bar(written / total, options.barWidth) : '';
      const line = `${label} ${drawn}${written.toLocaleString('en')}/${total.toLocaleString('en')} ${unit} (${percent} %)`;
      process.stderr.write(tty ? `\r${line}` : `${line}\n`);
    },
    done: (): void => {
      if (tty && lastShown >= 0) process.stderr.write('\n');
    },
  };
};
