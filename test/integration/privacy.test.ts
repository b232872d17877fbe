import { paginateScan } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wireAgentApi } from '../../functions/agent-api/wiring.ts';
import { wireIdentifyCaller } from '../../functions/identify-caller/wiring.ts';
import { wirePrivacyApi } from '../../functions/privacy-api/wiring.ts';
import { createLocalAuth, DEMO_USERS, type LocalAuth } from '../../local/auth.ts';
import { LocalContactAssignments } from '../../local/contact-assignments.ts';
import { RecordingContactAttributes } from '../../local/recording-contact-attributes.ts';
import { makeDynamoAdapters } from '../../shared/adapters/dynamodb/import-wiring.ts';
import { KeyHashing } from '../../shared/adapters/dynamodb/key-hashing.ts';
import { hashKeysFromEnv } from '../../shared/adapters/hash-keys-from-env.ts';
import { loadAgentApiEnv, loadPrivacyApiEnv } from '../../shared/config/env.ts';
import type { E164 } from '../../shared/domain/phone.ts';
import type { IsoDate } from '../../shared/domain/vienna-calendar.ts';
import { fixedClock } from '../../shared/ports/clock.ts';
import { anHttpApiEvent } from '../fixtures/http-api-events.ts';
import { aContactFlowEvent, aTenancyFile, listedTenancyOf } from '../fixtures/tenancy-files.ts';
import { createTestTables } from '../support/dynamo.ts';

const NOW = '2026-11-25T10:00:00Z';
/** The tenant who asks: a number of their own, one shared with a neighbour, a case the hotline closes. */
const OWN_PHONE = '+436641110001';
const SHARED_PHONE = '+43140001111';
const TENANT = aTenancyFile({
  tenancyId: '100200400',
  tenantName: 'Erika Auskunft',
  address: 'Löschgasse 7/1/2',
  postalCode: '1100',
  phoneNumbers: [OWN_PHONE, SHARED_PHONE],
  cases: [{ caseId: 'C-400', stage: 'lawsuit', courtHearingDate: '2026-12-20' as IsoDate }],
});
/** A neighbour sharing the landline and the family name, in the same postal code: must stay whole. */
const NEIGHBOUR_PHONE = '+436641110002';
const NEIGHBOUR = aTenancyFile({
  tenancyId: '100200401',
  tenantName: 'Hans Auskunft',
  address: 'Löschgasse 7/1/3',
  postalCode: '1100',
  phoneNumbers: [NEIGHBOUR_PHONE, SHARED_PHONE],
  cases: [{ caseId: 'C-401', stage: 'reminder' }],
});

type Handler = (event: unknown) => Promise<{ statusCode: number; body: string }>;
type Item = Record<string, unknown>;

describe('privacy: access and erasure requests against DynamoDB Local', () => {
  let identify: (event: unknown) => Promise<Record<string, string>>;
  let agentApi: Handler;
  let privacyApi: Handler;
  let auth: LocalAuth;
  let adapters: ReturnType<typeof makeDynamoAdapters>;
  let tables: { readModel: string; calls: string; audit: string };
  /** The tenant's own number as the store's keys hold it. */
  let ownPhoneHash: string;
  const assignments = new LocalContactAssignments();

  beforeAll(async () => {
    // Prepare: two imports, so that the tenancy is stored in two generations (the active one and
    // the one kept for readers that cached it), and a history of calls of both tenancies.
    const { env, envVars } = await createTestTables({ READ_MODEL_CACHE_SECONDS: '0' });
    tables = { readModel: env.READ_MODEL_TABLE, calls: env.CALLS_TABLE, audit: envVars.AUDIT_TABLE ?? '' };
    adapters = makeDynamoAdapters(env);
    const others = [aTenancyFile({ tenancyId: '100200402', phoneNumbers: ['+436641110003'] })];
    await adapters.readModel.replace([TENANT, NEIGHBOUR, ...others]);
    await adapters.readModel.replace([TENANT, NEIGHBOUR, ...others]);
    const clock = fixedClock(NOW);
    identify = wireIdentifyCaller(env, { clock });
    agentApi = wireAgentApi(loadAgentApiEnv(envVars), {
      clock,
      contactAttributes: new RecordingContactAttributes(),
      contactAssignments: assignments,
    });
    privacyApi = wirePrivacyApi(loadPrivacyApiEnv(envVars), { clock });
    ownPhoneHash = (await new KeyHashing(hashKeysFromEnv(env)).current()).phone(OWN_PHONE as E164);
    auth = createLocalAuth({ clock });
  });

  afterAll(() => adapters.destroy());

  const send = async (
    api: Handler,
    user: keyof typeof DEMO_USERS,
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: unknown,
  ) => {
    const event = anHttpApiEvent({ method, path, body, claims: null });
    const token = auth.signIn(user, DEMO_USERS[user].password).idToken;
    const [rawPath, query = ''] = path.split('?');
    const result = await api({
      ...event,
      rawPath,
      rawQueryString: query,
      requestContext: { ...event.requestContext, authorizer: auth.authorizerFor(`Bearer ${token}`) },
    });
    return { status: result.statusCode, body: JSON.parse(result.body) };
  };
  const privacy = (method: 'GET' | 'POST', path: string, body?: unknown) =>
    send(privacyApi, 'privacy', method, path, body);

  /** A call the flow logged and the demo agent answered, read after the identity check. */
  const answeredCall = async (contactId: string, callerNumber: string) => {
    assignments.assign(contactId, DEMO_USERS.agent.connectUserId, new Date(NOW));
    await identify(aContactFlowEvent({ contactId, callerNumber }));
    expect((await send(agentApi, 'agent', 'POST', `/api/contacts/${contactId}/identity`, {})).status).toBe(
      200,
    );
  };

  const scan = async (table: string): Promise<Item[]> => {
    const items: Item[] = [];
    for await (const page of paginateScan(
      { client: adapters.doc },
      { TableName: table, ConsistentRead: true },
    )) {
      items.push(...(page.Items ?? []));
    }
    return items;
  };
  const dayCounters = async () =>
    (await scan(tables.calls)).filter((item) => String(item.pk).startsWith('METRICS#'));

  const recordHistory = async () => {
    // From the tenant's own number: an outcome that closes the case, then corrected (a revision).
    await answeredCall('priv-own-1', OWN_PHONE);
    const outcomes = '/api/contacts/priv-own-1/outcomes';
    expect(
      (
        await send(agentApi, 'agent', 'POST', outcomes, {
          codes: ['fund_application'],
          caseResolution: 'housing_secured',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await send(agentApi, 'agent', 'POST', outcomes, {
          codes: ['fund_application'],
          note: 'Antrag beim Fonds eingereicht',
          caseResolution: 'housing_secured',
          expectedRevision: 1,
        })
      ).status,
    ).toBe(200);
    // From the shared landline: the agent attaches the call to the tenant.
    await answeredCall('priv-shared-1', SHARED_PHONE);
    expect(
      (
        await send(agentApi, 'agent', 'PUT', '/api/contacts/priv-shared-1/tenancy', {
          tenancyId: TENANT.tenancy.tenancyId,
        })
      ).status,
    ).toBe(200);
    // The neighbour's own call, which no request about the tenant may touch.
    await answeredCall('priv-neighbour-1', NEIGHBOUR_PHONE);
    await send(agentApi, 'agent', 'POST', '/api/contacts/priv-neighbour-1/outcomes', {
      codes: ['information_only'],
    });
  };

  it('admits the privacy office only, and says which field is wrong', async () => {
    // Act
    const byAgent = await send(privacyApi, 'agent', 'GET', '/api/privacy/tenancies/100200400');
    const bySupervisor = await send(
      privacyApi,
      'supervisor',
      'POST',
      '/api/privacy/tenancies/100200400/erasure',
      {},
    );
    const badId = await privacy('GET', '/api/privacy/tenancies/12ab');
    const badDay = await privacy('GET', '/api/privacy/tenancies/100200400/audit?from=2026-02-30');
    const noBody = await privacy('POST', '/api/privacy/tenancies/100200400/erasure', { confirm: 'yes' });
    const wrongMethod = await privacy('GET', '/api/privacy/tenancies/100200400/erasure');
    // Assess
    expect(byAgent).toEqual({ status: 403, body: { message: 'for the privacy office only' } });
    expect(bySupervisor.status).toBe(403);
    expect(badId).toEqual({ status: 400, body: { message: 'invalid request', fields: ['tenancyId'] } });
    expect(badDay).toEqual({ status: 400, body: { message: 'invalid request', fields: ['from'] } });
    expect(noBody).toEqual({ status: 400, body: { message: 'invalid request', fields: ['confirm'] } });
    expect(wrongMethod.status).toBe(405);
  });

  it('exports, erases all but day counters and audit ids, and finds nothing the second time', async () => {
    // Prepare
    await recordHistory();
    const countersBefore = await dayCounters();

    // Act: the access request
    const exported = await privacy('GET', '/api/privacy/tenancies/100200400');

    // Assess: everything held, in both generations, with the outcome's history and who saw it
    expect(exported.status).toBe(200);
    const body = exported.body;
    expect(body.readModel).toHaveLength(2);
    expect(body.readModel[0].file.tenancy).toMatchObject({
      tenantName: 'Erika Auskunft',
      address: 'Löschgasse 7/1/2',
    });
    expect(body.calls.map((held: { call: { contactId: string } }) => held.call.contactId).sort()).toEqual([
      'priv-own-1',
      'priv-shared-1',
    ]);
    const own = body.calls.find(
      (held: { call: { contactId: string } }) => held.call.contactId === 'priv-own-1',
    );
    expect(own.outcomes.map((o: { revision: number }) => o.revision)).toEqual([2, 1]);
    expect(own.outcomes[0].note).toBe('Antrag beim Fonds eingereicht');
    expect(body.caseResolutions).toEqual([
      expect.objectContaining({ caseId: 'C-400', tenancyId: '100200400', resolution: 'housing_secured' }),
    ]);
    const actions = body.audit.map((entry: { action: string }) => entry.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'context_read',
        'identity_confirmed',
        'outcome_recorded',
        'outcome_corrected',
        'privacy_export',
      ]),
    );

    // Act: the erasure
    const erased = await privacy('POST', '/api/privacy/tenancies/100200400/erasure', {});

    // Assess: what it says it removed
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({
      tenancyId: '100200400',
      nothingHeld: false,
      erased: { readModelEntries: 2, calls: 2, outcomes: 2, caseResolutions: 1 },
    });
    // Assess: a Scan of every table holds nothing of the tenant but day counters and audit ids
    const traces = [
      '100200400',
      'Erika',
      'Löschgasse 7/1/2',
      'C-400',
      'priv-own-1',
      'priv-shared-1',
      OWN_PHONE,
      ownPhoneHash,
      'Antrag beim Fonds',
    ];
    for (const item of [...(await scan(tables.readModel)), ...(await scan(tables.calls))]) {
      const text = JSON.stringify(item);
      for (const trace of traces) expect(text, `${item.pk} ${item.sk}`).not.toContain(trace);
    }
    expect(await dayCounters()).toEqual(countersBefore);
    for (const entry of await scan(tables.audit)) {
      expect(Object.keys(entry).filter((key) => !AUDIT_ATTRIBUTES.includes(key))).toEqual([]);
    }
    // Assess: the neighbour keeps their file, their call, the shared number and the name entry
    const neighbour = await privacy('GET', '/api/privacy/tenancies/100200401');
    expect(neighbour.body.readModel).toHaveLength(2);
    expect(neighbour.body.calls.map((held: { call: { contactId: string } }) => held.call.contactId)).toEqual([
      'priv-neighbour-1',
    ]);
    expect((await adapters.directory.findByPhone(SHARED_PHONE as E164)).map((file) => file.tenancy)).toEqual([
      listedTenancyOf(NEIGHBOUR.tenancy),
    ]);
    const named = await adapters.directory.findByName('1100', ['auskunft'], { readLimit: 10 });
    expect(named.kind === 'found' && named.files.map((file) => file.tenancy.tenancyId)).toEqual([
      '100200401',
    ]);
    expect(await adapters.directory.findByPhone(OWN_PHONE as E164)).toEqual([]);

    // Act: the erasure again
    const again = await privacy('POST', '/api/privacy/tenancies/100200400/erasure', {});

    // Assess: nothing found, nothing changed, both requests in the trail
    expect(again.body).toMatchObject({
      nothingHeld: true,
      erased: { readModelEntries: 0, calls: 0, outcomes: 0, caseResolutions: 0 },
    });
    const trail = await privacy('GET', '/api/privacy/tenancies/100200400/audit?from=2026-11-25');
    expect(trail.status).toBe(200);
    const trailActions = trail.body.entries.map((entry: { action: string }) => entry.action);
    expect(trailActions.filter((action: string) => action === 'privacy_erase')).toHaveLength(2);
    // (The fixed clock gives every entry the same instant: their order within it is the ids'.)
    expect(
      trail.body.entries.find((entry: { action: string }) => entry.action === 'audit_read'),
    ).toMatchObject({
      subject: DEMO_USERS.privacy.sub,
      groups: ['privacy'],
      route: 'GET /api/privacy/tenancies/{tenancyId}/audit',
    });
    const later = await privacy('GET', '/api/privacy/tenancies/100200400/audit?from=2026-11-26');
    expect(later.body.entries).toEqual([]);
  });
});

/** What an audit item may hold: keys, TTL and ids, never a name, number or case fact. */
const AUDIT_ATTRIBUTES = [
  'pk',
  'sk',
  'entity',
  'version',
  'action',
  'subject',
  'groups',
  'contactId',
  'tenancyId',
  'route',
  'at',
  'expiresAt',
];
