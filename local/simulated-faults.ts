// Kept apart from the simulator so that the simulator page (web/src/simulator) can import the list
// without the simulator's Node dependencies.

/**
 * Faults a simulated call can be put through. identify-caller's own: it throws, answers after the
 * flow stopped waiting, answers something that is not a string map, a map with non-string values,
 * or one over Connect's 32 KB limit. Its store's: refused connections, every request throttled
 * (the SDK's own retries included), or no answer at all (a socket that never replies). And the
 * caller id Connect hands over is garbage.
 */
export const FAULTS = [
  'lambda-throws',
  'lambda-slow',
  'lambda-garbage',
  'lambda-non-strings',
  'lambda-oversized',
  'dynamodb-down',
  'dynamodb-throttled',
  'dynamodb-slow',
  'garbage-caller-id',
] as const;
export type Fault = (typeof FAULTS)[number];

/** What each fault does, one line each, for `hotline call --help`. */
export const FAULT_MEANINGS: Readonly<Record<Fault, string>> = {
  'lambda-throws': 'identify-caller throws: the flow takes its error branch to the general queue',
  'lambda-slow': 'identify-caller answers after the flow stopped waiting (a Lambda timeout)',
  'lambda-garbage': 'identify-caller answers something that is not a string map',
  'lambda-non-strings': 'identify-caller answers a map with non-string values',
  'lambda-oversized': "identify-caller answers a map over Connect's 32 KB limit",
  'dynamodb-down': 'the store refuses connections: the lookup answers unavailable',
  'dynamodb-throttled': "every store request is throttled, the SDK's retries included",
  'dynamodb-slow': 'the store never answers: the lookup gives up within its budget',
  'garbage-caller-id': 'Connect hands over a caller id that is no phone number',
};
