import { describe, expect, it, vi } from 'vitest';
import { HELD_CONTACT_HEADER } from '../../shared/http/agent-api-contract.ts';
import { type Api, fetchContext, holdingContact } from '../../web/src/agent/agent-api.ts';

/** The page's API as the shell makes it, answering 403 so that nothing needs a context to parse. */
const aRecordingApi = () => {
  const api = vi.fn<Api>(
    async () => new Response(JSON.stringify({ message: 'not your contact' }), { status: 403 }),
  );
  const headersOf = (call: number) => new Headers(api.mock.calls[call]?.[1]?.headers);
  return { api, headersOf };
};

describe('the agent page on a transferred call', () => {
  it('names the contact the agent holds on every request of that call, keeping the other headers', async () => {
    // Prepare
    const { api, headersOf } = aRecordingApi();
    // Act
    await holdingContact(api, 'transfer-1')('/api/contacts/initial-1/outcomes', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    await fetchContext(holdingContact(api, 'transfer-1'), 'initial-1');
    // Assess
    expect(headersOf(0).get(HELD_CONTACT_HEADER)).toBe('transfer-1');
    expect(headersOf(0).get('content-type')).toBe('application/json');
    expect(api.mock.calls[0]?.[1]?.method).toBe('POST');
    expect(headersOf(1).get(HELD_CONTACT_HEADER)).toBe('transfer-1');
    expect(api.mock.calls[1]?.[0]).toBe('/api/contacts/initial-1/context');
  });

  it('sends no such header for a call the agent took directly', async () => {
    // Prepare
    const { api, headersOf } = aRecordingApi();
    // Act
    await fetchContext(holdingContact(api, undefined), 'direct-1');
    // Assess
    expect(headersOf(0).has(HELD_CONTACT_HEADER)).toBe(false);
  });
});
