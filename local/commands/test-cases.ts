import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { loadLocalEnv } from '../../shared/config/env.ts';
import { compileScenario } from '../../shared/connect/test-cases.ts';
import { PLACEHOLDER_REFERENCES } from '../../shared/flow/references.ts';
import { INBOUND_FLOW_SCENARIOS } from '../../shared/flow/scenarios.ts';
import { type CommandDescriptor, defineOptions, parseCommandArgs } from '../command-line.ts';
import { openStore } from '../store.ts';
import { type CaseVerdict, formatTotals, formatVerdict, makeTestCaseRunner } from '../test-case-runner.ts';
import { InputFileError, readInputFile, UsageError } from '../usage.ts';

/** Every scenario's test case, compiled against the local references (the interpreter's world). */
export const generatedTestCases = () =>
  INBOUND_FLOW_SCENARIOS.map((scenario) => ({
    name: scenario.name,
    content: compileScenario(scenario, PLACEHOLDER_REFERENCES),
  }));

/**
 * `hotline test-cases [--out DIR]`: the inbound flow's scenarios as Connect test cases, the very
 * documents CDK deploys (with the local references here). Without --out one JSON array on stdout,
 * with it one `<scenario>.json` per scenario.
 */
const TEST_CASES_OPTIONS = defineOptions({
  out: {
    type: 'string',
    value: 'DIR',
    meaning: 'write one <scenario>.json per scenario there (default: stdout)',
  },
});

export const testCasesCommand = async (args: string[]): Promise<void> => {
  const { values } = parseCommandArgs(TEST_CASES_OPTIONS, args);
  const cases = generatedTestCases();
  if (values.out === undefined) {
    process.stdout.write(`${JSON.stringify(cases, null, 2)}\n`);
    return;
  }
  mkdirSync(values.out, { recursive: true });
  for (const { name, content } of cases)
    writeFileSync(join(values.out, `${name}.json`), `${JSON.stringify(content, null, 2)}\n`);
  process.stdout.write(`wrote ${cases.length} test cases to ${values.out}\n`);
};

/** The documents --case names: a file, or every `.json` file of a folder, in name order. */
const readCases = (paths: readonly string[]): { name: string; content: unknown }[] =>
  paths.flatMap((path) => {
    let files: string[];
    try {
      files = statSync(path).isDirectory()
        ? readdirSync(path)
            .filter((file) => file.endsWith('.json'))
            .sort()
            .map((file) => join(path, file))
        : [path];
    } catch (error) {
      throw new InputFileError(`cannot read the test case ${path}: no such file or folder`, { cause: error });
    }
    if (files.length === 0) throw new InputFileError(`the folder ${path} holds no .json test case`);
    return files.map((file) => {
      const text = readInputFile(file, 'test case').toString('utf8');
      try {
        return { name: basename(file, '.json'), content: JSON.parse(text) as unknown };
      } catch (error) {
        throw new InputFileError(`the test case ${file} is not JSON`, { cause: error });
      }
    });
  });

const print = (verdicts: readonly CaseVerdict[], json: boolean): number => {
  const failed = verdicts.some((v) => v.status === 'FAILED');
  if (json) process.stdout.write(`${JSON.stringify({ verdicts, summary: formatTotals(verdicts) })}\n`);
  else process.stdout.write(`${[...verdicts.map(formatVerdict), formatTotals(verdicts)].join('\n')}\n`);
  return failed ? 1 : 0;
};

/**
 * `hotline test [--case FILE|DIR]... [--json]`: runs test cases (default: every generated one)
 * through the local interpreter, the real identify-caller and the local store, or the answers a
 * case substitutes; one verdict per case, then `N passed, M failed`; exit 1 on any failure.
 * `hotline test --stack NAME [--region R]`: the deployed cases, run by Amazon Connect.
 */
const TEST_OPTIONS = defineOptions({
  case: {
    type: 'string',
    multiple: true,
    default: [],
    value: 'FILE|DIR',
    meaning: 'a test-case document, or a folder of them (default: every generated case); repeatable',
  },
  stack: {
    type: 'string',
    value: 'NAME',
    meaning: "run the stack's deployed test cases on its Connect instance instead",
  },
  region: { type: 'string', value: 'R', meaning: "the stack's AWS region (default: your AWS config)" },
  data: { type: 'string', value: 'DIR', meaning: 'the local store (default: .hotline/)' },
  json: { type: 'boolean', default: false, meaning: 'one JSON document: the verdicts and the summary' },
});

export const testCommand = async (args: string[]): Promise<number> => {
  const { values } = parseCommandArgs(TEST_OPTIONS, args);
  if (values.stack !== undefined) {
    if (values.case.length > 0)
      throw new UsageError('--stack runs the deployed test cases: give either --stack or --case');
    // Loaded when used: the Connect and CloudFormation clients are not needed for a local run.
    const { runStackTestCases, StackTestCasesError } = await import('./test-stack.ts');
    try {
      return print(await runStackTestCases({ stack: values.stack, region: values.region }), values.json);
    } catch (error) {
      if (!(error instanceof StackTestCasesError)) throw error;
      process.stderr.write(`error: ${error.message}\n`);
      return 1;
    }
  }
  const cases = values.case.length > 0 ? readCases(values.case) : generatedTestCases();
  const store = await openStore({ local: loadLocalEnv(), dataDir: values.data });
  try {
    const run = makeTestCaseRunner({ env: store.env });
    const verdicts: CaseVerdict[] = [];
    for (const { name, content } of cases) verdicts.push(await run(name, content));
    return print(verdicts, values.json);
  } finally {
    await store.close();
  }
};

export const testCasesDescriptor: CommandDescriptor = {
  name: 'test-cases',
  usage: ['test-cases [--out DIR]'],
  summary: "the inbound flow's scenarios as Amazon Connect test cases",
  description:
    "Compiles the inbound flow's scenario table (shared/flow/scenarios.ts) into Amazon Connect " +
    'testing-language documents, the ones CDK deploys as AWS::Connect::TestCase (here with the local ' +
    'references): one JSON array on stdout, or one file per scenario with --out.',
  options: TEST_CASES_OPTIONS,
  examples: [
    { command: 'hotline test-cases --out cases/', shows: 'one <scenario>.json per scenario in cases/' },
  ],
  run: testCasesCommand,
};

export const testDescriptor: CommandDescriptor = {
  name: 'test',
  usage: ['test [--case FILE|DIR]... [--data DIR] [--json]', 'test --stack NAME [--region R] [--json]'],
  summary: 'runs Connect test cases locally, or on the deployed instance',
  description:
    'Runs test-case documents (default: every generated one) through the local interpreter, the real ' +
    'identify-caller and the local store, or with the answers a case substitutes; one verdict per case ' +
    "like Connect's execution summary, then `N passed, M failed`; exit code 1 on any failure. With " +
    "--stack, starts the stack's deployed test cases on its Connect instance and prints the same verdicts.",
  options: TEST_OPTIONS,
  examples: [
    { command: 'hotline test', shows: 'every scenario, run locally' },
    { command: 'hotline test --stack Hotline', shows: 'the deployed test cases, run by Amazon Connect' },
  ],
  run: testCommand,
};
