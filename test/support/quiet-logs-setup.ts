import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { logger } from '../../shared/observability/logger.ts';

/**
 * Set-up file of the unit tests (vitest.config.ts): the logger's lines stay off the runner's
 * output, so that a failing assertion is not buried under them. They still reach the log scan:
 * the collector (log-collector-setup.ts, which runs first) wraps every Console's methods, this
 * one's too. A test that reads the lines (log-capture.ts) sends them elsewhere and back here.
 */
export const quietLogsOf = (instance: typeof logger): void => {
  const nowhere = new Writable({ write: (_chunk, _encoding, done) => done() });
  instance.sendTo(new Console({ stdout: nowhere, stderr: nowhere }));
};

quietLogsOf(logger);
