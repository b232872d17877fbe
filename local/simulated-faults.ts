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
