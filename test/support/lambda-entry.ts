import { vi } from 'vitest';

/**
 * Imports a Lambda entry (functions/<name>/handler.ts) afresh with `env` as its environment, as a
 * cold start does: the module reads its configuration at import. Undo with `vi.unstubAllEnvs()`.
 */
export const coldStart = async <T>(load: () => Promise<T>, env: Record<string, string>): Promise<T> => {
  vi.resetModules();
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return load();
};
