import { describe, expect, it, vi } from 'vitest';
import { CorruptRecordError, StoreUnavailableError } from '../../shared/domain/errors.ts';
import type { E164 } from '../../shared/domain/phone.ts';
import { DEFAULT_RISK_THRESHOLDS, type RiskThresholds } from '../../shared/domain/risk.ts';
import type { IsoDate, ListedTenancyFile } from '../../shared/domain/tenancy.ts';
import { fixedClock } from '../../shared/ports/clock.ts';
import type { EnquiryLog } from '../../shared/ports/enquiry-log.ts';
import type { TenancyDirectory } from '../../shared/ports/tenancy-directory.ts';
import { type IdentifyCallerQuery, makeIdentifyCaller } from '../../shared/use-cases/identify-caller.ts';
import { aListedTenancyFile } from '../fixtures/tenancy-files.ts';
import { captureLogsOfEachTest } from '../support/log-capture.ts';

const NOW = '2026-11-25T10:00:00Z'; // a Wednesday morning in Vienna

const logs = captureLogsOfEachTest();

const deferred = <T>() => {
  let resolve: (value: T) => void = () => {};
  let reject: (reason: unknown) => void = () => {};
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

const never = <T>(): Promise<T> => new Promise<T>(() => {});

const setUp = (
  options: {
    files?: readonly ListedTenancyFile[];
    byId?: ListedTenancyFile;
    budgetMs?: number;
    thresholds?: RiskThresholds;
  } = {},
) => {
  const directory = {
    findByPhone: vi.fn<TenancyDirectory['findByPhone']>(async () => options.files ?? []),
    findByTenancyId: vi.fn<TenancyDirectory['findByTenancyId']>(async () => options.byId),
  };
  const enquiries = {
    logEnquiry: vi.fn<EnquiryLog['logEnquiry']>(async () => ({ firstForContact: true })),
  };
  const identifyCaller = makeIdentifyCaller({
    directory,
    enquiries,
    clock: fixedClock(NOW),
    thresholds: options.thresholds ?? DEFAULT_RISK_THRESHOLDS,
    budgetMs: options.budgetMs ?? 1000,
  });
  return { directory, enquiries, identifyCaller };
};

const byPhone = (callerNumber: string | undefined, extra: Partial<IdentifyCallerQuery> = {}) => ({
  contactId: 'contact-2',
  initialContactId: 'contact-1',
  channel: 'VOICE',
  mode: 'phone' as const,
  callerNumber,
  ...extra,
});

const byKeypad = (keyed: string | undefined, extra: Partial<IdentifyCallerQuery> = {}) => ({
  contactId: 'contact-2',
  initialContactId: 'contact-1',
  channel: 'VOICE',
  mode: 'tenancy' as const,
  callerNumber: '+436641234567',
  keyedTenancyNumber: keyed,
  ...extra,
});

const aLawsuitFile = () =>
  aListedTenancyFile({
    tenancyId: '100200300',
    phoneNumbers: ['+436641234567'],
    cases: [{ stage: 'lawsuit', monthsInArrears: 1 }],
  });

describe('identify-caller: by the caller number', () => {
  it('finds one tenancy with its open case and rates the risk', async () => {
    // Prepare
    const file = aLawsuitFile();
    const { identifyCaller } = setUp({ files: [file] });
    // Act
    const result = await identifyCaller(byPhone('+436641234567'));
    // Assess
    expect(result).toEqual({
      at: new Date(NOW),
      status: 'found',
      mode: 'phone',
      file,
      openCase: file.cases[0],
      matchCount: 1,
      risk: { level: 'high', reasons: ['advanced_stage'] },
    });
  });

  it('looks the caller id up as Connect presents it, in E.164', async () => {
    // Prepare
    const { identifyCaller, directory } = setUp();
    // Act
    await identifyCaller(byPhone(' +436641234567 '));
    // Assess
    expect(directory.findByPhone).toHaveBeenCalledWith('+436641234567', expect.anything());
    expect(directory.findByTenancyId).not.toHaveBeenCalled();
  });

  it('reports a number shared by two tenancies as ambiguous, with neither file', async () => {
    // Prepare
    const { identifyCaller } = setUp({
      files: [
        aLawsuitFile(),
        aListedTenancyFile({ tenancyId: '100200301', cases: [{ evictionDate: undefined }] }),
      ],
    });
    // Act
    const result = await identifyCaller(byPhone('+436641234567'));
    // Assess
    expect(result).toMatchObject({
      status: 'ambiguous',
      matchCount: 2,
      file: undefined,
      openCase: undefined,
    });
    expect(result.risk).toEqual({ level: 'normal', reasons: [] });
  });

  it('rates an ambiguous caller who reports a court letter as high', async () => {
    // Prepare
    const { identifyCaller } = setUp({
      files: [aLawsuitFile(), aListedTenancyFile({ tenancyId: '100200301' })],
    });
    // Act
    const result = await identifyCaller(byPhone('+436641234567', { courtLetterReported: true }));
    // Assess
    expect(result.risk).toEqual({ level: 'high', reasons: ['court_letter_reported'] });
  });

  it('reports an unknown number as not found and rates it normal', async () => {
    // Prepare
    const { identifyCaller } = setUp({ files: [] });
    // Act
    const result = await identifyCaller(byPhone('+436641234567'));
    // Assess
    expect(result).toEqual({
      at: new Date(NOW),
      status: 'not_found',
      mode: 'phone',
      file: undefined,
      openCase: undefined,
      matchCount: 0,
      risk: { level: 'normal', reasons: [] },
    });
  });

  it('finds a tenancy whose only case is closed, without an open case', async () => {
    // Prepare
    const file = aListedTenancyFile({
      cases: [{ status: 'closed', resolution: 'housing_secured', stage: 'judgment', monthsInArrears: 6 }],
    });
    const { identifyCaller } = setUp({ files: [file] });
    // Act
    const result = await identifyCaller(byPhone('+436641234567'));
    // Assess
    expect(result).toMatchObject({ status: 'found', openCase: undefined });
    expect(result.risk.level).toBe('normal');
  });

  it.each(['anonymous', '', undefined])(
    'reports the withheld number %j as anonymous without a read',
    async (raw) => {
      // Prepare
      const { identifyCaller, directory } = setUp();
      // Act
      const result = await identifyCaller(byPhone(raw));
      // Assess
      expect(result).toMatchObject({ status: 'anonymous', matchCount: 0 });
      expect(directory.findByPhone).not.toHaveBeenCalled();
    },
  );

  it('rates an anonymous caller who reports a court letter as high', async () => {
    // Prepare
    const { identifyCaller } = setUp();
    // Act
    const result = await identifyCaller(byPhone('anonymous', { courtLetterReported: true }));
    // Assess
    expect(result.risk).toEqual({ level: 'high', reasons: ['court_letter_reported'] });
  });

  it.each(['12ab', '+++', '--', '0664 123 45 67', '436641234567', '+0436641234567'])(
    'reports the caller id %j, not in E.164, as invalid input without a read',
    async (raw) => {
      // Prepare
      const { identifyCaller, directory } = setUp();
      // Act
      const result = await identifyCaller(byPhone(raw));
      // Assess
      expect(result.status).toBe('invalid_input');
      expect(directory.findByPhone).not.toHaveBeenCalled();
    },
  );

  it('applies the configured thresholds', async () => {
    // Prepare: an eviction 20 days ahead, critical only with a 21-day window
    const file = aListedTenancyFile({ cases: [{ evictionDate: '2026-12-15' as IsoDate }] });
    const { identifyCaller } = setUp({
      files: [file],
      thresholds: { ...DEFAULT_RISK_THRESHOLDS, criticalEvictionDays: 21 },
    });
    // Act
    const result = await identifyCaller(byPhone('+436641234567'));
    // Assess
    expect(result.risk).toEqual({ level: 'critical', reasons: ['eviction_imminent'] });
  });
});

describe('identify-caller: by the tenancy number keyed in', () => {
  it('finds the tenancy by its number and ignores the caller number', async () => {
    // Prepare
    const file = aLawsuitFile();
    const { identifyCaller, directory } = setUp({ byId: file });
    // Act
    const result = await identifyCaller(byKeypad('100200300'));
    // Assess
    expect(result).toMatchObject({ status: 'found', mode: 'tenancy', file, matchCount: 1 });
    expect(directory.findByTenancyId).toHaveBeenCalledWith('100200300', expect.anything());
    expect(directory.findByPhone).not.toHaveBeenCalled();
  });

  it.each(['100200', '100200300400'])('accepts %s, at the length boundary', async (keyed) => {
    // Prepare
    const { identifyCaller, directory } = setUp({ byId: aListedTenancyFile({ tenancyId: keyed }) });
    // Act
    const result = await identifyCaller(byKeypad(keyed));
    // Assess
    expect(result.status).toBe('found');
    expect(directory.findByTenancyId).toHaveBeenCalledWith(keyed, expect.anything());
  });

  it('trims blanks around the keyed number', async () => {
    // Prepare
    const { identifyCaller, directory } = setUp({ byId: aLawsuitFile() });
    // Act
    await identifyCaller(byKeypad(' 100200300 '));
    // Assess
    expect(directory.findByTenancyId).toHaveBeenCalledWith('100200300', expect.anything());
  });

  it('reports an unknown tenancy number as not found', async () => {
    // Prepare
    const { identifyCaller } = setUp({ byId: undefined });
    // Act
    const result = await identifyCaller(byKeypad('999999999'));
    // Assess
    expect(result).toMatchObject({ status: 'not_found', mode: 'tenancy', matchCount: 0 });
  });

  it.each([
    ['Connect’s timeout marker', 'Timeout'],
    ['5 digits', '12345'],
    ['13 digits', '1234567890123'],
    ['letters', '10020030a'],
    ['a star', '100200*300'],
    ['nothing', ''],
    ['no parameter at all', undefined],
  ])('reports %s as invalid input without a read', async (_what, keyed) => {
    // Prepare
    const { identifyCaller, directory, enquiries } = setUp();
    // Act
    const result = await identifyCaller(byKeypad(keyed));
    // Assess
    expect(result).toMatchObject({ status: 'invalid_input', mode: 'tenancy', matchCount: 0 });
    expect(directory.findByTenancyId).not.toHaveBeenCalled();
    expect(enquiries.logEnquiry).toHaveBeenCalledWith(
      expect.objectContaining({ keyedTenancyId: undefined }),
      expect.anything(),
    );
  });
});

describe('identify-caller: the enquiry log', () => {
  it('logs the enquiry with what is known before the lookup', async () => {
    // Prepare
    const { identifyCaller, enquiries } = setUp();
    // Act
    await identifyCaller(byPhone('+436641234567', { channel: 'VOICE' }));
    // Assess
    expect(enquiries.logEnquiry).toHaveBeenCalledTimes(1);
    expect(enquiries.logEnquiry).toHaveBeenCalledWith(
      {
        initialContactId: 'contact-1',
        contactId: 'contact-2',
        channel: 'VOICE',
        receivedAt: new Date(NOW),
        mode: 'phone',
        callerNumber: '+436641234567' as E164,
        keyedTenancyId: undefined,
      },
      { signal: expect.any(AbortSignal) },
    );
  });

  it('logs the keyed tenancy number, not the caller number, on a keypad lookup', async () => {
    // Prepare
    const { identifyCaller, enquiries } = setUp({ byId: aLawsuitFile() });
    // Act
    await identifyCaller(byKeypad('100200300'));
    // Assess
    expect(enquiries.logEnquiry).toHaveBeenCalledWith(
      expect.objectContaining({ mode: 'tenancy', keyedTenancyId: '100200300', callerNumber: undefined }),
      expect.anything(),
    );
  });

  it('logs a withheld caller without a number', async () => {
    // Prepare
    const { identifyCaller, enquiries } = setUp();
    // Act
    await identifyCaller(byPhone('anonymous'));
    // Assess
    expect(enquiries.logEnquiry).toHaveBeenCalledWith(
      expect.objectContaining({ callerNumber: undefined }),
      expect.anything(),
    );
  });
});

describe('identify-caller: one round trip', () => {
  it('starts the read before the enquiry write has answered', async () => {
    // Prepare
    const write = deferred<{ firstForContact: boolean }>();
    const { identifyCaller, directory, enquiries } = setUp({ files: [aLawsuitFile()] });
    enquiries.logEnquiry.mockReturnValue(write.promise);
    // Act
    const pending = identifyCaller(byPhone('+436641234567'));
    // Assess
    await vi.waitFor(() => expect(directory.findByPhone).toHaveBeenCalledTimes(1));
    expect(enquiries.logEnquiry).toHaveBeenCalledTimes(1);
    write.resolve({ firstForContact: true });
    await expect(pending).resolves.toMatchObject({ status: 'found' });
  });

  it('starts the enquiry write before the read has answered', async () => {
    // Prepare
    const read = deferred<readonly ListedTenancyFile[]>();
    const { identifyCaller, directory, enquiries } = setUp();
    directory.findByPhone.mockReturnValue(read.promise);
    // Act
    const pending = identifyCaller(byPhone('+436641234567'));
    // Assess
    await vi.waitFor(() => expect(enquiries.logEnquiry).toHaveBeenCalledTimes(1));
    read.resolve([aLawsuitFile()]);
    await expect(pending).resolves.toMatchObject({ status: 'found' });
  });

  it('still answers the lookup result when the enquiry write fails', async () => {
    // Prepare
    const { identifyCaller, enquiries } = setUp({ files: [aLawsuitFile()] });
    enquiries.logEnquiry.mockRejectedValue(new StoreUnavailableError());
    // Act
    const result = await identifyCaller(byPhone('+436641234567'));
    // Assess
    expect(result).toMatchObject({ status: 'found', matchCount: 1, risk: { level: 'high' } });
  });

  it('still answers the lookup result by the budget when the enquiry write never answers', async () => {
    // Prepare
    const budgetMs = 150;
    const { identifyCaller, enquiries } = setUp({ files: [aLawsuitFile()], budgetMs });
    enquiries.logEnquiry.mockImplementation(() => never());
    const started = performance.now();
    // Act
    const result = await identifyCaller(byPhone('+436641234567'));
    // Assess
    expect(result.status).toBe('found');
    expect(performance.now() - started).toBeLessThan(budgetMs + 850);
  });
});

describe('identify-caller: a slow or failing store', () => {
  it('answers unavailable within the budget when neither port ever answers', async () => {
    // Prepare
    const budgetMs = 200;
    const { identifyCaller, directory, enquiries } = setUp({ budgetMs });
    directory.findByPhone.mockImplementation(() => never());
    enquiries.logEnquiry.mockImplementation(() => never());
    const started = performance.now();
    // Act
    const result = await identifyCaller(byPhone('+436641234567'));
    // Assess: a correctness bound with a generous margin for a shared machine, not a benchmark
    const elapsed = performance.now() - started;
    expect(result).toMatchObject({ status: 'unavailable', matchCount: 0, file: undefined });
    expect(elapsed).toBeGreaterThanOrEqual(budgetMs - 20);
    expect(elapsed).toBeLessThan(budgetMs + 800);
  });

  it('answers unavailable within the budget when a keypad read never answers', async () => {
    // Prepare
    const budgetMs = 200;
    const { identifyCaller, directory } = setUp({ budgetMs });
    directory.findByTenancyId.mockImplementation(() => never());
    const started = performance.now();
    // Act
    const result = await identifyCaller(byKeypad('100200300'));
    // Assess
    expect(result.status).toBe('unavailable');
    expect(performance.now() - started).toBeLessThan(budgetMs + 800);
  });

  it('aborts the signal it gave the ports when the budget is spent', async () => {
    // Prepare
    const { identifyCaller, directory } = setUp({ budgetMs: 100 });
    directory.findByPhone.mockImplementation(() => never());
    // Act
    await identifyCaller(byPhone('+436641234567'));
    // Assess
    const signal = directory.findByPhone.mock.calls[0]?.[1]?.signal;
    expect(signal?.aborted).toBe(true);
  });

  it('waits for a read that is slow but within the budget', async () => {
    // Prepare
    const { identifyCaller, directory } = setUp({ budgetMs: 2000 });
    directory.findByPhone.mockImplementation(
      () => new Promise((resolve) => setTimeout(() => resolve([aLawsuitFile()]), 50)),
    );
    // Act
    const result = await identifyCaller(byPhone('+436641234567'));
    // Assess
    expect(result.status).toBe('found');
  });

  it.each([
    ['an unavailable store', new StoreUnavailableError()],
    ['a corrupt record', new CorruptRecordError('phone-entry')],
    ['an unexpected error', new TypeError('boom')],
  ])('answers unavailable for %s', async (_what, error) => {
    // Prepare
    const { identifyCaller, directory } = setUp();
    directory.findByPhone.mockRejectedValue(error);
    // Act
    const result = await identifyCaller(byPhone('+436641234567'));
    // Assess
    expect(result).toEqual({
      at: new Date(NOW),
      status: 'unavailable',
      mode: 'phone',
      file: undefined,
      openCase: undefined,
      matchCount: 0,
      risk: { level: 'normal', reasons: [] },
    });
  });

  it('rates an unavailable caller who reports a court letter as high', async () => {
    // Prepare
    const { identifyCaller, directory } = setUp();
    directory.findByPhone.mockRejectedValue(new StoreUnavailableError());
    // Act
    const result = await identifyCaller(byPhone('+436641234567', { courtLetterReported: true }));
    // Assess
    expect(result).toMatchObject({
      status: 'unavailable',
      risk: { level: 'high', reasons: ['court_letter_reported'] },
    });
  });

  it('writes no caller number to the logs, even from a store error that carries one', async () => {
    // Prepare
    const { identifyCaller, directory, enquiries } = setUp();
    directory.findByPhone.mockRejectedValue(new Error('no route for +436641234567'));
    enquiries.logEnquiry.mockRejectedValue(new Error('write failed for 0664 123 45 67'));
    // Act
    await identifyCaller(byPhone('+436641234567'));
    // Assess
    const logged = logs.text();
    expect(logged).toContain('caller lookup failed');
    expect(logged).not.toMatch(/6641234567|664 123 45 67/);
    // Each line says which call it is about.
    const lines = logs.entries();
    expect(lines.map((line) => line.message)).toEqual([
      'enquiry log write failed',
      'caller lookup failed',
      'caller identified',
    ]);
    for (const line of lines) expect(line.contactId).toBe('contact-2');
  });
});
