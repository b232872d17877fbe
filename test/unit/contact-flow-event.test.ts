import { describe, expect, it } from 'vitest';
import {
  ContactFlowEvent,
  issuePaths,
  STRING_MAP_MAX_BYTES,
  StringMap,
} from '../../shared/connect/contact-flow-event.ts';
import { IdentifyCallerParameters, toQuery } from '../../shared/connect/identify-caller-contract.ts';
import { aContactFlowEvent } from '../fixtures/tenancy-files.ts';

/** The fixture event with one part of ContactData changed, as a plain object. */
const withContactData = (change: (contactData: Record<string, unknown>) => void): unknown => {
  const event = structuredClone(aContactFlowEvent()) as {
    Details: { ContactData: Record<string, unknown> };
  };
  change(event.Details.ContactData);
  return event;
};

const parse = (event: unknown) => ContactFlowEvent.safeParse(event);

describe('ContactFlowEvent: tolerated omissions', () => {
  it('accepts the event as the flow sends it', () => {
    // Act
    const parsed = parse(aContactFlowEvent());
    // Assess
    expect(parsed.success).toBe(true);
  });

  it.each([
    ['no CustomerEndpoint', (c: Record<string, unknown>) => delete c.CustomerEndpoint],
    ['CustomerEndpoint null', (c: Record<string, unknown>) => (c.CustomerEndpoint = null)],
    [
      'CustomerEndpoint without Address',
      (c: Record<string, unknown>) => (c.CustomerEndpoint = { Type: 'TELEPHONE_NUMBER' }),
    ],
    [
      'CustomerEndpoint.Address null',
      (c: Record<string, unknown>) => (c.CustomerEndpoint = { Address: null, Type: null }),
    ],
    ['no SystemEndpoint', (c: Record<string, unknown>) => delete c.SystemEndpoint],
    ['no InitialContactId', (c: Record<string, unknown>) => delete c.InitialContactId],
    ['InitialContactId null', (c: Record<string, unknown>) => (c.InitialContactId = null)],
    ['no PreviousContactId', (c: Record<string, unknown>) => delete c.PreviousContactId],
    ['no Attributes', (c: Record<string, unknown>) => delete c.Attributes],
    ['Attributes null', (c: Record<string, unknown>) => (c.Attributes = null)],
    ['Queue null', (c: Record<string, unknown>) => (c.Queue = null)],
    ['no Queue', (c: Record<string, unknown>) => delete c.Queue],
    ['no Channel', (c: Record<string, unknown>) => delete c.Channel],
    [
      'no LanguageCode, InstanceARN or InitiationMethod',
      (c: Record<string, unknown>) => {
        delete c.LanguageCode;
        delete c.InstanceARN;
        delete c.InitiationMethod;
      },
    ],
  ])('accepts an event with %s', (_what, change) => {
    // Prepare
    const event = withContactData(change);
    // Act
    const parsed = parse(event);
    // Assess
    expect(parsed.success).toBe(true);
  });

  it('accepts an event without Name and without Parameters', () => {
    // Prepare
    const { Name: _name, ...event } = aContactFlowEvent();
    const { Parameters: _parameters, ...details } = event.Details;
    // Act
    const parsed = parse({ ...event, Details: details });
    // Assess
    expect(parsed.success).toBe(true);
    expect(parsed.data?.Details.Parameters).toEqual({});
  });

  it('reads a missing Channel as VOICE', () => {
    // Prepare
    const event = withContactData((c) => delete c.Channel);
    // Act
    const parsed = parse(event);
    // Assess
    expect(parsed.data?.Details.ContactData.Channel).toBe('VOICE');
  });
});

describe('ContactFlowEvent: unknown extra fields', () => {
  it('passes unknown fields at every level', () => {
    // Prepare
    const event = withContactData((c) => {
      c.SomethingNew = { nested: [1, 2, 3] };
      c.CustomerEndpoint = { Address: '+436641234567', Type: 'TELEPHONE_NUMBER', Carrier: 'x' };
      c.SystemEndpoint = { Address: '+43140008000', Type: 'TELEPHONE_NUMBER', Label: 'main' };
      c.Queue = { ARN: 'arn:queue', Name: 'general', OutboundCallerId: { Address: '+43140008000' } };
      c.Tags = { team: 'eviction-prevention' };
      c.SegmentAttributes = { 'connect:Subtype': { ValueString: 'connect:Telephony' } };
    }) as Record<string, unknown> & { Details: Record<string, unknown> };
    event.Details.NewDetail = 'x';
    event.Version = 2;
    // Act
    const parsed = parse(event);
    // Assess
    expect(parsed.success).toBe(true);
    expect(parsed.data?.Details.ContactData).toMatchObject({
      SomethingNew: { nested: [1, 2, 3] },
      Queue: { OutboundCallerId: { Address: '+43140008000' } },
    });
  });

  it('lets the flow pass parameters it adds later', () => {
    // Prepare
    const event = aContactFlowEvent({ parameters: { lookup: 'phone', flowVersion: '7' } });
    // Act
    const parameters = IdentifyCallerParameters.safeParse(parse(event).data?.Details.Parameters);
    // Assess
    expect(parameters.success).toBe(true);
  });
});

describe('ContactFlowEvent: refused events', () => {
  it.each([
    ['no ContactId', (c: Record<string, unknown>) => delete c.ContactId],
    ['an empty ContactId', (c: Record<string, unknown>) => (c.ContactId = '')],
    ['ContactId null', (c: Record<string, unknown>) => (c.ContactId = null)],
    ['a numeric ContactId', (c: Record<string, unknown>) => (c.ContactId = 42)],
  ])('refuses an event with %s and names the field', (_what, change) => {
    // Prepare
    const event = withContactData(change);
    // Act
    const parsed = parse(event);
    // Assess
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(issuePaths(parsed.error)).toContain('Details.ContactData.ContactId');
  });

  it.each([
    ['null', null],
    ['a string', 'ContactFlowEvent'],
    ['an empty object', {}],
    ['an event without ContactData', { Name: 'ContactFlowEvent', Details: { Parameters: {} } }],
    ['an event of another name', { ...aContactFlowEvent(), Name: 'SomethingElse' }],
  ])('refuses %s', (_what, event) => {
    // Act
    const parsed = parse(event);
    // Assess
    expect(parsed.success).toBe(false);
  });

  it('names the failing paths without the values', () => {
    // Prepare
    const event = withContactData((c) => {
      delete c.ContactId;
      c.CustomerEndpoint = { Address: 4366412345 };
    });
    // Act
    const parsed = parse(event);
    // Assess
    expect(parsed.success).toBe(false);
    if (!parsed.success) {
      const paths = issuePaths(parsed.error);
      expect(paths).toEqual(
        expect.arrayContaining([
          'Details.ContactData.ContactId',
          'Details.ContactData.CustomerEndpoint.Address',
        ]),
      );
      expect(paths.join(' ')).not.toContain('4366412345');
    }
  });
});

describe('toQuery', () => {
  const parametersOf = (event: unknown) => {
    const parsed = ContactFlowEvent.parse(event);
    return { parsed, parameters: IdentifyCallerParameters.parse(parsed.Details.Parameters) };
  };

  it('uses the ContactId as initial contact id when InitialContactId is missing', () => {
    // Prepare
    const { parsed, parameters } = parametersOf(withContactData((c) => delete c.InitialContactId));
    // Act
    const query = toQuery(parsed, parameters);
    // Assess
    expect(query.initialContactId).toBe('c0ffee00-0000-4000-8000-000000000001');
  });

  it('keeps the InitialContactId of a transferred contact', () => {
    // Prepare
    const { parsed, parameters } = parametersOf(
      aContactFlowEvent({ contactId: 'second-leg', initialContactId: 'first-leg' }),
    );
    // Act
    const query = toQuery(parsed, parameters);
    // Assess
    expect(query).toMatchObject({ contactId: 'second-leg', initialContactId: 'first-leg' });
  });

  it('passes no caller number when CustomerEndpoint is null', () => {
    // Prepare
    const { parsed, parameters } = parametersOf(aContactFlowEvent({ callerNumber: null }));
    // Act
    const query = toQuery(parsed, parameters);
    // Assess
    expect(query.callerNumber).toBeUndefined();
  });

  it('defaults to a lookup by phone without a court letter', () => {
    // Prepare
    const { parsed, parameters } = parametersOf(aContactFlowEvent({ parameters: {} }));
    // Act
    const query = toQuery(parsed, parameters);
    // Assess
    expect(query).toMatchObject({ mode: 'phone', courtLetterReported: false, callerNumber: '+436641234567' });
  });

  it('passes the keyed tenancy number and the court letter answer', () => {
    // Prepare
    const { parsed, parameters } = parametersOf(
      aContactFlowEvent({
        parameters: { lookup: 'tenancy', tenancyNumber: '100200300', courtLetter: 'true' },
      }),
    );
    // Act
    const query = toQuery(parsed, parameters);
    // Assess
    expect(query).toMatchObject({
      mode: 'tenancy',
      keyedTenancyNumber: '100200300',
      courtLetterReported: true,
    });
  });

  it.each([{ lookup: 'fax' }, { lookup: '' }, { courtLetter: 'yes' }])(
    'refuses the parameters %j',
    (parameters) => {
      // Act
      const parsed = IdentifyCallerParameters.safeParse(parameters);
      // Assess
      expect(parsed.success).toBe(false);
    },
  );
});

describe('StringMap', () => {
  it('accepts a flat map of strings', () => {
    // Act
    const parsed = StringMap.safeParse({ a: '1', b: '' });
    // Assess
    expect(parsed.success).toBe(true);
  });

  it.each([
    ['a number', { a: 1 }],
    ['null', { a: null }],
    ['a nested object', { a: { b: 'c' } }],
  ])('refuses a map holding %s', (_what, map) => {
    // Act
    const parsed = StringMap.safeParse(map);
    // Assess
    expect(parsed.success).toBe(false);
  });

  it('refuses a map of 32 KB or more', () => {
    // Prepare
    const map = { summary: 'x'.repeat(STRING_MAP_MAX_BYTES) };
    // Act
    const parsed = StringMap.safeParse(map);
    // Assess
    expect(parsed.success).toBe(false);
  });

  it('counts bytes, not characters', () => {
    // Prepare: 11,000 three-byte characters are 33,000 bytes
    const map = { summary: '€'.repeat(11_000) };
    // Act
    const parsed = StringMap.safeParse(map);
    // Assess
    expect(parsed.success).toBe(false);
  });
});

describe('ContactFlowEvent: an empty InitialContactId', () => {
  it('accepts an event whose InitialContactId is empty and uses the ContactId', () => {
    // Prepare
    const event = withContactData((c) => (c.InitialContactId = ''));
    // Act
    const parsed = parse(event);
    // Assess
    expect(parsed.success).toBe(true);
    if (parsed.success) {
      const query = toQuery(parsed.data, IdentifyCallerParameters.parse(parsed.data.Details.Parameters));
      expect(query.initialContactId).toBe('c0ffee00-0000-4000-8000-000000000001');
    }
  });
});
