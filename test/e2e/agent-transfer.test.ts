import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_CALLERS } from '../../local/demo/demo-data.ts';
import { HELD_CONTACT_HEADER } from '../../shared/http/agent-api-contract.ts';
import { launchBrowser } from '../support/browser.ts';
import { type StartedServer, startServer } from '../support/cli.ts';
import { nextOpenAt } from '../support/office-time.ts';

/**
 * A call transferred from one agent to another, as in Connect: the second agent holds a new
 * contact of the call (new contact id, the call's initial contact id), and the agent page, framed
 * in their workspace, is admitted to the caller's context by that held contact
 * (`x-connect-contact-id`). Two browser contexts: two agents, each signed in on their own.
 */
describe('a call transferred to a colleague, in a real browser', () => {
  let server: StartedServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'hotline-transfer-'));

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startServer(['--port', '0', '--data', dataDir], {
        DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
        HOTLINE_TABLE_PREFIX: `transfer${Date.now()}`,
      }),
      launchBrowser(),
    ]);
  });
  // Each test's workspaces close with it: an open one would ring the next test's calls.
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  afterAll(async () => {
    await Promise.all([server?.stop(), browser?.close()]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const signIn = async (page: Page, username: string) => {
    await page.getByLabel('Benutzername').fill(username);
    await page.getByLabel('Passwort').fill(username);
    await page.getByRole('button', { name: 'Anmelden' }).click();
  };

  /**
   * `username`'s workspace in a browser context of its own, signed in, the agent page framed, and
   * its first look at the calls taken (calls placed before it are not offered again).
   */
  const openWorkspace = async (username: string) => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    contexts.push(context);
    const workspace = await context.newPage();
    await workspace.goto(`${server.url}/workspace.html`);
    await signIn(workspace, username);
    const app = workspace.frameLocator('#app-frame');
    await expect.poll(() => app.getByText(/Kein Anruf/).isVisible()).toBe(true);
    await expect.poll(() => workspace.locator('#calls').getAttribute('aria-busy')).toBe('false');
    return { workspace, app };
  };

  /** The tenancy region's words, '' while it is not there: read without waiting, so a poll can fail. */
  const tenancyShown = async (app: FrameLocator) =>
    (await app.getByRole('region', { name: 'Mietverhältnis', exact: true }).allTextContents()).join(' ');
  const callsListed = (workspace: Page) =>
    workspace.locator('#calls').getByRole('listitem').allTextContents();

  const contextStatus = async (contactId: string, token: string, heldContactId?: string) => {
    const response = await fetch(`${server.url}/api/contacts/${contactId}/context`, {
      headers: {
        authorization: `Bearer ${token}`,
        ...(heldContactId ? { [HELD_CONTACT_HEADER]: heldContactId } : {}),
      },
    });
    const body = (await response.json()) as { reason?: string };
    return { status: response.status, reason: body.reason };
  };

  /** The contacts of the call `initialContactId` transferred to the token's agent and waiting for them. */
  const transferredContactsOf = async (token: string, initialContactId: string) => {
    const response = await fetch(`${server.url}/api/agent/calls`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const { calls } = (await response.json()) as { calls: { contactId: string; initialContactId: string }[] };
    return calls
      .filter((one) => one.initialContactId === initialContactId && one.contactId !== initialContactId)
      .map((one) => one.contactId);
  };

  const placeCallAs = async (username: string, from: string) => {
    const response = await fetch(`${server.url}/api/calls`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await server.tokenOf(username)}`,
      },
      body: JSON.stringify({ from, at: nextOpenAt('10:00').iso }),
    });
    const report = (await response.json()) as { contactId: string; result: string };
    expect(report.result).toBe('queued');
    return report.contactId;
  };

  /** The agent's workspace, opened, and the call from the critical demo caller it took once its caller showed. */
  const agentTakesCriticalCall = async () => {
    const agent = await openWorkspace('agent');
    const call = await placeCallAs('agent', DEMO_CALLERS.critical.phone);
    await expect
      .poll(() => tenancyShown(agent.app), { timeout: 10_000, interval: 50 })
      .toContain(DEMO_CALLERS.critical.tenancyId);
    await agent.workspace.getByRole('button', { name: 'Annehmen' }).click();
    return { agent, call };
  };

  /** The transferred call rings in the workspace alone, and its framed page shows the critical demo caller. */
  const expectRingingWithCriticalCaller = async ({
    workspace,
    app,
  }: {
    workspace: Page;
    app: FrameLocator;
  }) => {
    await expect
      .poll(() => callsListed(workspace), { timeout: 10_000, interval: 50 })
      .toEqual(['Eingehender Anruf (dringend) Annehmen']);
    await expect
      .poll(() => tenancyShown(app), { timeout: 10_000, interval: 50 })
      .toContain(DEMO_CALLERS.critical.tenancyId);
  };

  it("offers the colleague the new contact of the call, and the framed page shows the caller's context by it", async () => {
    // Prepare: the agent takes a call from the critical demo caller
    const { agent, call } = await agentTakesCriticalCall();
    const colleague = await openWorkspace('colleague');
    expect(await callsListed(colleague.workspace)).toEqual([]);

    // Act: the agent transfers the connected call to the colleague
    await agent.workspace.getByRole('button', { name: 'Weiterleiten an colleague' }).click();

    // Assess: the call ends for the agent (after-call work), and rings at the colleague's
    await expect
      .poll(() => agent.workspace.locator('#message').textContent())
      .toBe('Anruf an colleague weitergeleitet.');
    expect(await callsListed(agent.workspace)).toEqual([
      'Nachbearbeitung (dringend) Nachbearbeitung beenden',
    ]);
    // The framed agent page opens the call and is admitted by the held contact
    await expectRingingWithCriticalCaller(colleague);
    const urgency = colleague.app.getByRole('region', { name: /^Dringlichkeit/ });
    expect(await urgency.getByRole('heading').textContent()).toBe('Dringlichkeit: KRITISCH');

    // Assess, by the API: the contact waiting for the colleague is the call's, under a new id
    const colleagueToken = await server.tokenOf('colleague');
    const held = await transferredContactsOf(colleagueToken, call);
    expect(held).toHaveLength(1);
    const heldId = held[0] ?? '';

    // Act: the colleague accepts
    await colleague.workspace.getByRole('button', { name: 'Annehmen' }).click();

    // Assess: connected, with the transfer control naming the agent; taken, so no longer waiting
    expect(await callsListed(colleague.workspace)).toEqual([
      'Verbunden (dringend) Auflegen Weiterleiten an agent',
    ]);
    await expect.poll(() => transferredContactsOf(colleagueToken, call)).toEqual([]);
    expect(await contextStatus(call, colleagueToken, heldId)).toEqual({ status: 200, reason: undefined });
    // Without the held contact, the call is the agent's, not the colleague's
    expect(await contextStatus(call, colleagueToken)).toEqual({ status: 403, reason: 'not_your_contact' });
    // A contact the colleague holds of another call does not open this one
    const ownCall = await placeCallAs('colleague', DEMO_CALLERS.high.phone);
    expect((await contextStatus(ownCall, colleagueToken)).status).toBe(200);
    expect(await contextStatus(call, colleagueToken, ownCall)).toEqual({
      status: 403,
      reason: 'not_your_contact',
    });
    // The agent keeps the call for the after-call work, as in Connect
    expect((await contextStatus(call, await server.tokenOf('agent'))).status).toBe(200);
    // Two agents' pages, each with its app framed: more than one page's worth of the default time.
  }, 60_000);

  it('rings at a colleague who opens the workspace after the transfer, and at no workspace once taken', async () => {
    // Prepare: the agent takes a call and transfers it while no workspace of the colleague is open
    const { agent, call } = await agentTakesCriticalCall();
    await agent.workspace.getByRole('button', { name: 'Weiterleiten an colleague' }).click();
    await expect
      .poll(() => agent.workspace.locator('#message').textContent())
      .toBe('Anruf an colleague weitergeleitet.');

    // Act: the colleague opens the workspace afterwards
    const colleague = await openWorkspace('colleague');

    // Assess: the waiting call rings there, and the framed page shows its caller
    await expectRingingWithCriticalCaller(colleague);

    // Act: the colleague accepts, then opens a second workspace
    await colleague.workspace.getByRole('button', { name: 'Annehmen' }).click();
    const colleagueToken = await server.tokenOf('colleague');
    await expect.poll(() => transferredContactsOf(colleagueToken, call)).toEqual([]);
    const second = await openWorkspace('colleague');

    // Assess: the second workspace rings a call placed now (general queue), and only that: the
    // transferred contact was taken
    await placeCallAs('agent', DEMO_CALLERS.normal.phone);
    await expect
      .poll(() => callsListed(second.workspace), { timeout: 10_000, interval: 50 })
      .toEqual(['Eingehender Anruf (allgemein) Annehmen']);
    await expect
      .poll(() => callsListed(colleague.workspace), { timeout: 10_000, interval: 50 })
      .toEqual([
        'Verbunden (dringend) Auflegen Weiterleiten an agent',
        'Eingehender Anruf (allgemein) Annehmen',
      ]);
  }, 60_000);
});
