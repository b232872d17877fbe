import { relative } from 'node:path';
import { expect, inject } from 'vitest';
import { installLogCollector } from './log-collector.ts';

/**
 * Set-up file of every project (vitest.config.ts): collects the lines this test file writes, for
 * the scan at the end of the run (log-collector-global-setup.ts). Listed first, so that it wraps
 * the consoles before any module builds one (the logger does when it is imported).
 */
const runDir = inject('logRunDir');
if (runDir) installLogCollector(runDir, relative(process.cwd(), expect.getState().testPath ?? 'unknown'));
