import { loadContactEventsEnv } from '../../shared/config/env.ts';
import { wireContactEvents } from './wiring.ts';

// Built once per cold start; the handler itself makes no SDK calls.
export const handler = wireContactEvents(loadContactEventsEnv());
