import { describe, expect, it, vi } from 'vitest';
import { createIdentifyCallerHandler } from '../../functions/identify-caller/create-handler.ts';
import { STRING_MAP_MAX_BYTES } from '../../shared/connect/contact-flow-event.ts';
import { FALLBACK_ATTRIBUTES, IDENTIFY_CALLER_KEYS } from '../../shared/connect/identify-caller-contract.ts';
import { DEFAULT_RISK_THRESHOLDS } from '../../shared/domain/risk.ts';
import type { IsoDate, ListedTenancyFile, TenancyId } from '../../shared/domain/tenancy.ts';
import { logger } from '../../shared/observability/logger.ts';
import { fixedClock } from '../../shared/ports/clock.ts';
import type { EnquiryLog } from '../../shared/ports/enquiry-log.ts';
import type { TenancyDirectory } from '../../shared/ports/tenancy-directory.ts';
import {
  type Identification,
  type IdentifyCallerQuery,
  LOOKUP_STATUSES,
  makeIdentifyCaller,
} from '../../shared/use-cases/identify-caller.ts';
import { ALLOWED_IDENTIFY_CALLER_ATTRIBUTES } from '../fixtures/contact-attributes.ts';
import { aContactFlowEvent, aListedTenancyFile } from '../fixtures/tenancy-files.ts';
import { captureLogsOfEachTest } from '../support/log-capture.ts';

const NOW = '2026-11-25T10:00:00Z';
const clock = fixedClock(NOW);

const logs = captureLogsOfEachTest();
const logEntries = () => logs.entries();

const aLawsuitFile = (): ListedTenancyFile =>
  aListedTenancyFile({
    tenancyId: '100200300',
    phoneNumbers: ['+436641234567'],
    preferredLanguage: 'tr',
    cases: [
      {
        caseId: 'C-77',
        stage: 'lawsuit',
        arrearsEur: 1200,
        monthsInArrears: 4,
        evictionDate: '2026-12-09' as IsoDate,
        courtHearingDate: '2026-11-26' as IsoDate,
      },
    ],
  });

const found = (overrides: Partial<Identification> = {}): Identification => {
  const file = aLawsuitFile();
  return {
    at: clock.now(),
    status: 'found',
    mode: 'phone',
    file,
    openCase: file.cases[0],
    matchCount: 1,
    risk: { level: 'critical', reasons: ['eviction_imminent', 'court_hearing_imminent', 'advanced_stage'] },
    ...overrides,
  };
};

const nothing = (status: Identification['status']): Identification => ({
  at: clock.now(),
  status,
  mode: 'phone',
  matchCount: status === 'ambiguous' ? 2 : 0,
  risk: { level: 'normal', reasons: [] },
});

const withUseCase = (answer: (query: IdentifyCallerQuery) => Promise<Identification>) => {
  const useCase = vi.fn(answer);
  return { useCase, handler: createIdentifyCallerHandler(useCase) };
};

const expectWellFormed = (attributes: unknown) => {
  expect(Object.keys(attributes as object).sort()).toEqual([...IDENTIFY_CALLER_KEYS].sort());
  for (const value of Object.values(attributes as object)) expect(typeof value).toBe('string');
  expect(Buffer.byteLength(JSON.stringify(attributes), 'utf8')).toBeLessThan(STRING_MAP_MAX_BYTES);
};

describe('identify-caller handler: events it cannot read', () => {
  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'hello'],
    ['an empty object', {}],
    ['an event without ContactData', { Name: 'ContactFlowEvent', Details: { Parameters: {} } }],
  ])('answers the fallback for %s without calling the use case', async (_what, event) => {
    // Prepare
    const { handler, useCase } = withUseCase(async () => found());
    // Act
    const attributes = await handler(event);
    // Assess
    expect(attributes).toEqual(FALLBACK_ATTRIBUTES);
    expect(useCase).not.toHaveBeenCalled();
  });

  it('answers the fallback for an event without ContactId', async () => {
    // Prepare
    const { handler, useCase } = withUseCase(async () => found());
    const event = aContactFlowEvent();
    const { ContactId: _id, ...contactData } = event.Details.ContactData;
    // Act
    const attributes = await handler({ ...event, Details: { ...event.Details, ContactData: contactData } });
    // Assess
    expect(attributes).toEqual(FALLBACK_ATTRIBUTES);
    expect(useCase).not.toHaveBeenCalled();
  });

  it('routes the fallback to general: unavailable, normal risk, nobody identified', () => {
    // Assess
    expect(FALLBACK_ATTRIBUTES).toMatchObject({
      lookupStatus: 'unavailable',
      identifiedBy: 'none',
      riskLevel: 'normal',
      tenancyId: '',
    });
    expectWellFormed(FALLBACK_ATTRIBUTES);
  });
});

describe('identify-caller handler: parameters it cannot read', () => {
  it.each<Record<string, string>>([
    { lookup: 'fax' },
    { lookup: 'PHONE' },
    { lookup: 'phone', courtLetter: 'yes' },
  ])('answers invalid_input for %j without calling the use case', async (parameters) => {
    // Prepare
    const { handler, useCase } = withUseCase(async () => found());
    // Act
    const attributes = await handler(aContactFlowEvent({ parameters }));
    // Assess
    expect(attributes).toMatchObject({
      lookupStatus: 'invalid_input',
      identifiedBy: 'none',
      riskLevel: 'normal',
    });
    expectWellFormed(attributes);
    expect(useCase).not.toHaveBeenCalled();
  });
});

describe('identify-caller handler: the query it passes on', () => {
  it('passes contact, caller number and parameters from the event', async () => {
    // Prepare
    const { handler, useCase } = withUseCase(async () => found());
    // Act
    await handler(
      aContactFlowEvent({
        contactId: 'leg-2',
        initialContactId: 'leg-1',
        callerNumber: '+436641234567',
        parameters: { lookup: 'tenancy', tenancyNumber: '100200300', courtLetter: 'true' },
      }),
    );
    // Assess
    expect(useCase).toHaveBeenCalledWith({
      contactId: 'leg-2',
      initialContactId: 'leg-1',
      channel: 'VOICE',
      mode: 'tenancy',
      callerNumber: '+436641234567',
      keyedTenancyNumber: '100200300',
      courtLetterReported: true,
    });
  });

  it('passes no caller number when Connect sends no CustomerEndpoint', async () => {
    // Prepare
    const { handler, useCase } = withUseCase(async () => nothing('anonymous'));
    // Act
    await handler(aContactFlowEvent({ callerNumber: null }));
    // Assess
    expect(useCase).toHaveBeenCalledWith(expect.objectContaining({ callerNumber: undefined }));
  });
});

describe('identify-caller handler: the attributes it answers', () => {
  it('maps a caller found by phone', async () => {
    // Prepare
    const { handler } = withUseCase(async () => found());
    // Act
    const attributes = await handler(aContactFlowEvent());
    // Assess
    expect(attributes).toEqual({
      lookupStatus: 'found',
      identifiedBy: 'phone',
      matchCount: '1',
      tenancyId: '100200300',
      caseId: 'C-77',
      riskLevel: 'critical',
      preferredLanguage: 'tr',
    });
  });

  it('marks a caller found by tenancy number as identified by keypad', async () => {
    // Prepare
    const { handler } = withUseCase(async () => found({ mode: 'tenancy' }));
    // Act
    const attributes = await handler(
      aContactFlowEvent({ parameters: { lookup: 'tenancy', tenancyNumber: '100200300' } }),
    );
    // Assess
    expect(attributes.identifiedBy).toBe('keypad');
  });

  it('answers a found tenancy without an open case with an empty case id', async () => {
    // Prepare
    const { handler } = withUseCase(async () =>
      found({ openCase: undefined, risk: { level: 'normal', reasons: [] } }),
    );
    // Act
    const attributes = await handler(aContactFlowEvent());
    // Assess
    expect(attributes).toMatchObject({ lookupStatus: 'found', tenancyId: '100200300', caseId: '' });
  });

  it('answers an ambiguous number without a tenancy', async () => {
    // Prepare
    const { handler } = withUseCase(async () => nothing('ambiguous'));
    // Act
    const attributes = await handler(aContactFlowEvent());
    // Assess
    expect(attributes).toMatchObject({
      lookupStatus: 'ambiguous',
      identifiedBy: 'none',
      matchCount: '2',
      tenancyId: '',
      preferredLanguage: 'de',
    });
  });

  it.each(LOOKUP_STATUSES)(
    'answers exactly the agreed keys, all strings, under 32 KB, for %s',
    async (status) => {
      // Prepare
      const { handler } = withUseCase(async () => (status === 'found' ? found() : nothing(status)));
      // Act
      const attributes = await handler(aContactFlowEvent());
      // Assess
      expect(attributes.lookupStatus).toBe(status);
      expectWellFormed(attributes);
    },
  );

  it('puts no name, address or phone number into the attributes', async () => {
    // Prepare
    const identification = found();
    const { handler } = withUseCase(async () => identification);
    // Act
    const attributes = await handler(aContactFlowEvent());
    // Assess
    const values = Object.values(attributes).join(' ');
    const { tenantName, address } = identification.file?.tenancy ?? { tenantName: '?', address: '?' };
    expect(values).not.toContain(tenantName);
    expect(values).not.toContain(address);
    expect(values).not.toContain('6641234567');
  });
});

describe('identify-caller handler: no case facts in the contact attributes', () => {
  /**
   * Connect keeps contact attributes with the contact record for 24 months and they cannot be
   * deleted: ids, status and the risk level the flow routes on, nothing else. The list is written
   * out here rather than taken from IDENTIFY_CALLER_KEYS, so that a key added to the contract fails.
   */
  const ALLOWED_KEYS: readonly string[] = ALLOWED_IDENTIFY_CALLER_ATTRIBUTES;

  it('answers an urgent known caller with ids, status and risk level only: no stage, reasons, amounts or dates', async () => {
    // Prepare: the real use case over the lawsuit file (hearing tomorrow, eviction in 14 days)
    const file = aLawsuitFile();
    const identifyCaller = makeIdentifyCaller({
      directory: { findByPhone: async () => [file], findByTenancyId: async () => file },
      enquiries: { logEnquiry: async () => ({ firstForContact: true }) },
      clock,
      thresholds: DEFAULT_RISK_THRESHOLDS,
      budgetMs: 1000,
    });
    const handler = createIdentifyCallerHandler(identifyCaller);
    // Act
    const attributes = await handler(aContactFlowEvent({ callerNumber: '+436641234567' }));
    // Assess
    expect(attributes).toMatchObject({ lookupStatus: 'found', riskLevel: 'critical', caseId: 'C-77' });
    expect(Object.keys(attributes).sort()).toEqual(ALLOWED_KEYS);
    const values = Object.values(attributes).join(' ');
    // The file's stage, eviction and hearing dates, arrears (as stored and as de-AT writes them)
    const facts = [
      'lawsuit',
      '2026-12-09',
      '2026-11-26',
      '1200',
      '1.200',
      file.tenancy.tenantName,
      file.tenancy.address,
    ];
    for (const fact of facts) expect(values).not.toContain(fact);
    expect(values).not.toMatch(/eviction_imminent|court_hearing|advanced_stage|arrears_months/);
    expect(values).not.toMatch(/Offener Fall|Rückstand|Räumung|Verhandlung|Mon\.|€/);
  });
});

describe('identify-caller handler: failures', () => {
  it('answers the fallback when the use case rejects', async () => {
    // Prepare
    const { handler } = withUseCase(async () => {
      throw new Error('boom');
    });
    // Act
    const attributes = await handler(aContactFlowEvent());
    // Assess
    expect(attributes).toEqual(FALLBACK_ATTRIBUTES);
  });

  it('answers the fallback when the use case throws before returning a promise', async () => {
    // Prepare
    const handler = createIdentifyCallerHandler(() => {
      throw new Error('boom');
    });
    // Act
    const attributes = await handler(aContactFlowEvent());
    // Assess
    expect(attributes).toEqual(FALLBACK_ATTRIBUTES);
  });

  it('answers the fallback instead of attributes of 32 KB or more', async () => {
    // Prepare: a tenancy id no import would accept, so that the answer is too big for Connect
    const huge = found();
    const file = huge.file ?? aLawsuitFile();
    const { handler } = withUseCase(async () => ({
      ...huge,
      file: {
        ...file,
        tenancy: { ...file.tenancy, tenancyId: '1'.repeat(STRING_MAP_MAX_BYTES) as TenancyId },
      },
    }));
    // Act
    const attributes = await handler(aContactFlowEvent());
    // Assess
    expect(attributes).toEqual(FALLBACK_ATTRIBUTES);
  });

  it('logs a failure with the contact id and forgets the id afterwards', async () => {
    // Prepare
    const { handler } = withUseCase(async () => {
      throw new Error('boom');
    });
    // Act
    await handler(aContactFlowEvent({ contactId: 'c-failing' }));
    logger.info('next line');
    // Assess
    const [failure, next] = logEntries();
    expect(failure).toMatchObject({
      level: 'ERROR',
      message: 'caller identification failed',
      contactId: 'c-failing',
    });
    expect(next).toMatchObject({ message: 'next line' });
    expect(next).not.toHaveProperty('contactId');
  });
});

describe('identify-caller handler with the real use case over fake ports', () => {
  const setUp = (directory: Partial<TenancyDirectory> = {}, budgetMs = 1000) => {
    const fullDirectory: TenancyDirectory = {
      findByPhone: async () => [aLawsuitFile()],
      findByTenancyId: async () => aLawsuitFile(),
      ...directory,
    };
    const enquiries: EnquiryLog = { logEnquiry: async () => ({ firstForContact: true }) };
    const identifyCaller = makeIdentifyCaller({
      directory: fullDirectory,
      enquiries,
      clock,
      thresholds: DEFAULT_RISK_THRESHOLDS,
      budgetMs,
    });
    return createIdentifyCallerHandler(identifyCaller);
  };

  it.each([
    ['anonymous', 'anonymous'],
    ['Anonymous', 'Anonymous'],
    ['an empty number', ''],
    ['no CustomerEndpoint', null],
  ])('answers anonymous for %s', async (_what, callerNumber) => {
    // Prepare
    const handler = setUp();
    // Act
    const attributes = await handler(aContactFlowEvent({ callerNumber }));
    // Assess
    expect(attributes).toMatchObject({
      lookupStatus: 'anonymous',
      identifiedBy: 'none',
      riskLevel: 'normal',
    });
    expectWellFormed(attributes);
  });

  it.each([
    ['Connect’s Timeout marker', 'Timeout'],
    ['5 digits', '12345'],
    ['13 digits', '1234567890123'],
    ['letters', 'abcdefg'],
    ['digits and letters', '1002003x0'],
  ])('answers invalid_input for a keyed %s', async (_what, tenancyNumber) => {
    // Prepare
    const handler = setUp();
    // Act
    const attributes = await handler(aContactFlowEvent({ parameters: { lookup: 'tenancy', tenancyNumber } }));
    // Assess
    expect(attributes).toMatchObject({ lookupStatus: 'invalid_input', identifiedBy: 'none', tenancyId: '' });
    expectWellFormed(attributes);
  });

  it('answers a caller found by phone with ids and risk level', async () => {
    // Prepare
    const handler = setUp();
    // Act
    const attributes = await handler(aContactFlowEvent({ callerNumber: '+436641234567' }));
    // Assess
    expect(attributes).toMatchObject({
      lookupStatus: 'found',
      identifiedBy: 'phone',
      tenancyId: '100200300',
      caseId: 'C-77',
      riskLevel: 'critical',
    });
  });

  it('raises an unknown caller who reports a court letter to high', async () => {
    // Prepare
    const handler = setUp({ findByPhone: async () => [] });
    // Act
    const attributes = await handler(
      aContactFlowEvent({ parameters: { lookup: 'phone', courtLetter: 'true' } }),
    );
    // Assess
    expect(attributes).toMatchObject({
      lookupStatus: 'not_found',
      riskLevel: 'high',
    });
  });

  it('answers unavailable within the budget when the store never answers', async () => {
    // Prepare
    const budgetMs = 200;
    const handler = setUp({ findByPhone: () => new Promise(() => {}) }, budgetMs);
    const started = performance.now();
    // Act
    const attributes = await handler(aContactFlowEvent());
    // Assess
    expect(attributes).toMatchObject({ lookupStatus: 'unavailable', riskLevel: 'normal' });
    expectWellFormed(attributes);
    expect(performance.now() - started).toBeLessThan(budgetMs + 800);
  });
});

describe('DEFECT (hardening): a Connect-style "True" for courtLetter discards the lookup (shared/connect/identify-caller-contract.ts:18)', () => {
  // Connect writes booleans as "True"/"False" (docs/amazon-connect.md, "The flow language"). `courtLetter: z.enum(['true', 'false'])`
  // turns "True" into invalid_input: the caller who just said they hold a court letter is neither
  // looked up nor rated high, and is routed to general.
  it('looks the caller up and counts a court letter reported as "True"', async () => {
    // Prepare
    const { handler, useCase } = withUseCase(async () => found());
    // Act
    await handler(aContactFlowEvent({ parameters: { lookup: 'phone', courtLetter: 'True' } }));
    // Assess
    expect(useCase).toHaveBeenCalledWith(expect.objectContaining({ courtLetterReported: true }));
  });
});
