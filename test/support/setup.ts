import { allCustomMatcher } from 'aws-sdk-client-mock-vitest';
// Types only: declares the matchers on vitest's `Assertion`; registration stays below.
import type {} from 'aws-sdk-client-mock-vitest/extend';
import { expect } from 'vitest';

expect.extend(allCustomMatcher);
