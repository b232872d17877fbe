import type { CaseVerdict } from '../test-case-runner.ts';

export const runStackTestCases = async (_options: {
  readonly stack: string;
  readonly region: string | undefined;
}): Promise<CaseVerdict[]> => {
  throw new Error('not yet');
};
