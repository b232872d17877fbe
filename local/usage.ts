import { accessSync, constants, readFileSync, statSync } from 'node:fs';

/** The command line was used wrongly: the message says how to call it instead. */
export class UsageError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UsageError';
  }
}

/** A file named on the command line cannot be read or is not what it should be. */
export class InputFileError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InputFileError';
  }
}

/**
 * `hotline doctor` could not read the stack at all: no region, no credentials, no such stack, no
 * permission. The message says what to do. Here, not in the command, so the CLI maps it without
 * loading the doctor's SDK clients for every command.
 */
export class DoctorUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DoctorUnavailableError';
  }
}

const unreadable = (path: string, what: string, error: unknown): InputFileError => {
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : 'it cannot be read';
  return new InputFileError(`cannot read the ${what} file ${path}: ${why}`, { cause: error });
};

export const readInputFile = (path: string, what: string): Buffer => {
  try {
    return readFileSync(path);
  } catch (error) {
    throw unreadable(path, what, error);
  }
};

/** Says now, in one line, when a file that will be streamed later cannot be read. */
export const assertReadableFile = (path: string, what: string): void => {
  try {
    accessSync(path, constants.R_OK);
    if (statSync(path).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  } catch (error) {
    throw unreadable(path, what, error);
  }
};

export const readJsonFile = (path: string, what: string): unknown => {
  const text = readInputFile(path, what).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputFileError(`the ${what} file ${path} is not valid JSON`, { cause: error });
  }
};

/** Reads a required option, or says which one is missing. */
export const required = (value: string | undefined, option: string): string => {
  if (value === undefined || value === '') throw new UsageError(`missing ${option}`);
  return value;
};

/** What a command that works on a deployed stack says when CloudFormation knows no such stack. */
export const noSuchStack = (stack: string): string =>
  `there is no stack ${stack} in this account and region; check --stack, AWS_PROFILE and AWS_REGION`;
