import { describe, expect, it } from 'vitest';
import {
  dynamoDbClientOptions,
  lambdaEnvShapes,
  loadAgentApiEnv,
  loadContactEventsEnv,
  loadIdentifyCallerEnv,
  loadMetricsApiEnv,
  loadPrivacyApiEnv,
} from '../../shared/config/env.ts';

const TABLES = { READ_MODEL_TABLE: 'rm', CALLS_TABLE: 'calls', AUDIT_TABLE: 'audit' };

describe("each function's configuration", () => {
  it.each([
    ['identify-caller', () => loadIdentifyCallerEnv(TABLES), { requestTimeoutMs: 600, maxAttempts: 2 }],
    ['contact-events', () => loadContactEventsEnv(TABLES), { requestTimeoutMs: 2000, maxAttempts: 3 }],
    ['agent-api', () => loadAgentApiEnv(TABLES), { requestTimeoutMs: 2000, maxAttempts: 3 }],
    ['metrics-api', () => loadMetricsApiEnv(TABLES), { requestTimeoutMs: 2000, maxAttempts: 3 }],
    ['privacy-api', () => loadPrivacyApiEnv(TABLES), { requestTimeoutMs: 2000, maxAttempts: 3 }],
  ] as const)('%s: its DynamoDB client keeps its own defaults', (_name, load, bounds) => {
    expect(dynamoDbClientOptions(load())).toEqual({ region: 'eu-central-1', endpoint: undefined, ...bounds });
  });

  it('reads the DynamoDB client settings under the same names in every function', () => {
    // Prepare
    const vars = { ...TABLES, DYNAMODB_REQUEST_TIMEOUT_MS: '900', DYNAMODB_MAX_ATTEMPTS: '4' };
    // Act
    const options = [
      loadIdentifyCallerEnv,
      loadContactEventsEnv,
      loadAgentApiEnv,
      loadMetricsApiEnv,
      loadPrivacyApiEnv,
    ].map((load) => dynamoDbClientOptions(load(vars)));
    // Assess
    for (const option of options) expect(option).toMatchObject({ requestTimeoutMs: 900, maxAttempts: 4 });
  });

  it("leaves out of agent-api what only the lookup reads (its budget, the call logs' retention)", () => {
    // Act
    const env = loadAgentApiEnv({ ...TABLES, LOOKUP_BUDGET_MS: '1500', CALL_RETENTION_DAYS: '400' });
    // Assess
    expect(env).not.toHaveProperty('LOOKUP_BUDGET_MS');
    expect(env).not.toHaveProperty('CALL_RETENTION_DAYS');
    expect(Object.keys(lambdaEnvShapes()['agent-api'])).not.toContain('LOOKUP_BUDGET_MS');
  });

  it('names no variable by the function it configures, so that one name means one setting', () => {
    // Act
    const keys = Object.values(lambdaEnvShapes()).flatMap((shape) => Object.keys(shape));
    // Assess
    expect(keys.filter((key) => /^(AGENT|METRICS|PRIVACY)_API_/.test(key))).toEqual([]);
  });
});
