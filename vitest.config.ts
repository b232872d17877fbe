import { defineConfig } from 'vitest/config';

/** Every line the run writes is collected and scanned for the test data's personal data at its end. */
const collectLogs = 'test/support/log-collector-global-setup.ts';
/** Log collection, and one DynamoDB Local for the whole run (about 4 s to start); files isolate by table prefix. */
const withDynamoDbLocal = [collectLogs, 'test/support/global-setup.ts'];

export default defineConfig({
  test: {
    setupFiles: ['test/support/log-collector-setup.ts', 'test/support/setup.ts'],
    // No EMF line on the runner's output (shared/observability/metrics.ts); the metrics tests turn
    // Powertools Metrics back on for the instances they read.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', POWERTOOLS_METRICS_DISABLED: 'true' },
    testTimeout: 30_000,
    hookTimeout: 90_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          globalSetup: [collectLogs],
          // After the shared set-up files (projects add to them): the collector is in place first.
          setupFiles: ['test/support/quiet-logs-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: withDynamoDbLocal,
        },
      },
      {
        extends: true,
        test: { name: 'infra', include: ['test/infra/**/*.test.ts'], globalSetup: [collectLogs] },
      },
      {
        extends: true,
        // Chromium first: without it the browser tests stop before DynamoDB Local starts.
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/chromium-global-setup.ts', ...withDynamoDbLocal],
        },
      },
    ],
  },
});
