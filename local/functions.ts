/**
 * The Lambda handlers the local runtime can run, by function name. Each is the very module that
 * CDK bundles; it reads its configuration from the environment at import, as in AWS.
 */
type Handler = (event: unknown) => Promise<unknown>;

const FUNCTIONS: Record<string, () => Promise<{ handler: Handler }>> = {
  'identify-caller': () => import('../functions/identify-caller/handler.ts'),
};

export const functionNames = (): string[] => Object.keys(FUNCTIONS);

export class UnknownFunctionError extends Error {
  constructor(name: string) {
    super(`unknown function "${name}": choose one of ${functionNames().join(', ')}`);
    this.name = 'UnknownFunctionError';
  }
}

/** Sets the function's environment, as Lambda would, then loads its handler once. */
export const loadHandler = async (name: string, envVars: Record<string, string>): Promise<Handler> => {
  const load = FUNCTIONS[name];
  if (!load) throw new UnknownFunctionError(name);
  Object.assign(process.env, envVars);
  return (await load()).handler;
};
