import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_CALLERS } from '../../local/demo/demo-data.ts';
import { launchBrowser } from '../support/browser.ts';
import { type StartedServer, startServer } from '../support/cli.ts';
import { nextOpenAt } from '../support/office-time.ts';

describe('the agent page in a real browser', () => {
  let server: StartedServer;
  let browser: Browser;
  const dataDir = mkdtempSync(join(tmpdir(), 'hotline-agent-'));

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startServer(['--port', '0', '--data', dataDir], {
        DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
        HOTLINE_TABLE_PREFIX: `agent${Date.now()}`,
      }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await Promise.all([server?.stop(), browser?.close()]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const signIn = async (page: Page, username: string, password: string) => {
    await page.getByLabel('Benutzername').fill(username);
    await page.getByLabel('Passwort').fill(password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
  };

  const section = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

  it('pops up a call placed on the simulator, shows its context and keeps the recorded outcome', async ({
    annotate,
  }) => {
    // Prepare: the agent signs in and waits for calls
    const agentPage = await browser.newPage();
    await agentPage.goto(`${server.url}/agent.html`);
    await signIn(agentPage, 'agent', 'agent');
    await expect.poll(() => agentPage.getByRole('status').textContent()).toBe('Angemeldet als agent.');
    await expect
      .poll(() => agentPage.getByText('Neue Anrufe öffnen sich hier von selbst.').isVisible())
      .toBe(true);
    expect(
      await agentPage.evaluate(() => document.activeElement?.textContent),
      'focus moves to the workspace after sign-in',
    ).toBe('Aktueller Anruf');
    const simulator = await browser.newPage();
    await simulator.goto(`${server.url}/simulator.html`);
    await simulator.getByRole('button', { name: 'kritisch', exact: true }).click();
    await simulator.getByLabel('Zeitpunkt (Ortszeit Wien)').fill(nextOpenAt('10:00').local);

    // Act: the demo critical caller rings
    const placedAt = Date.now();
    await simulator.getByRole('button', { name: 'Anruf starten' }).click();

    // Assess: the context pops up on the agent page
    const tenancy = section(agentPage, 'Mietverhältnis');
    await expect
      .poll(() => tenancy.getByRole('definition').first().textContent(), { timeout: 10_000, interval: 50 })
      .toBe('104711001');
    const shownAfterMs = Date.now() - placedAt;
    // Measured, not asserted: speed belongs to the bench, not to tests (DEVELOPERS.md).
    await annotate(`caller context shown ${shownAfterMs} ms after the call was placed`);
    expect(await section(agentPage, 'Dringlichkeit').getByRole('definition').first().textContent()).toBe(
      'kritisch',
    );
    const openCase = await section(agentPage, 'Offener Fall').getByRole('definition').allTextContents();
    expect(openCase).toContain('Räumungstermin festgesetzt');
    expect(openCase.join(' | ')).toMatch(/€\s4\.873,40/);
    expect(await agentPage.getByRole('group', { name: 'Fall abschließen (optional)' }).isVisible()).toBe(
      true,
    );

    // Act: the agent records what came of the call
    await agentPage.getByRole('checkbox', { name: 'Gerichtsschreiben erklärt' }).check();
    await agentPage.getByRole('checkbox', { name: 'persönliche Beratung vereinbart' }).check();
    await agentPage.getByLabel(/^Notiz/).fill('Räumungsklage erklärt, Termin vereinbart.');
    await agentPage.getByRole('button', { name: 'Ergebnis speichern' }).click();

    // Assess: stored, and in the call history after a reload
    await expect
      .poll(() => agentPage.getByRole('status').textContent())
      .toBe('Ergebnis gespeichert (Version 1).');
    await agentPage.reload();
    const thisCall = section(agentPage, 'Letzte Anrufe und ihr Ergebnis').getByRole('row', {
      name: /dieser Anruf/,
    });
    await expect
      .poll(() => thisCall.getByRole('cell').nth(1).textContent())
      .toBe(
        'Gerichtsschreiben erklärt, persönliche Beratung vereinbart · Räumungsklage erklärt, Termin vereinbart.',
      );

    // Act: English on request
    await agentPage.getByRole('button', { name: 'Switch to English' }).click();

    // Assess
    expect(await section(agentPage, 'Risk').getByRole('definition').first().textContent()).toBe('critical');
    expect(await agentPage.getByRole('checkbox', { name: 'court letter explained' }).isChecked()).toBe(true);
  });

  it('shows the errors of the outcome form next to the fields', async () => {
    // Prepare: a call, opened by its contact id in the URL
    const call = (await (
      await fetch(`${server.url}/api/calls`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ from: DEMO_CALLERS.high.phone, at: nextOpenAt('11:00').iso }),
      })
    ).json()) as { contactId: string };
    const page = await browser.newPage();
    await page.goto(`${server.url}/agent.html?contactId=${call.contactId}`);
    await signIn(page, 'agent', 'agent');
    await expect
      .poll(() => section(page, 'Mietverhältnis').textContent())
      .toContain(DEMO_CALLERS.high.tenancyId);
    // Act: a consultation at night, outside the opening hours
    await page.getByRole('checkbox', { name: 'nur Auskunft' }).check();
    await page.getByRole('radio', { name: 'persönliche Beratung' }).check();
    await page.getByLabel(/^Zeitpunkt/).fill(`${nextOpenAt('11:00').local.slice(0, 10)}T22:00`);
    await page.getByRole('button', { name: 'Ergebnis speichern' }).click();
    // Assess
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('Bitte die markierten Angaben prüfen.');
    expect(await page.getByText(/Eine Beratung braucht einen Zeitpunkt/).isVisible()).toBe(true);
    expect(await page.getByLabel(/^Zeitpunkt/).getAttribute('aria-invalid')).toBe('true');
  });

  it("shows the caller's keypad report of a court letter as a risk reason", async () => {
    // Prepare: a normal-risk caller presses 1 for "court letter" (after declining English)
    const placed = await fetch(`${server.url}/api/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: DEMO_CALLERS.normal.phone, keys: ['', '1'], at: nextOpenAt('10:00').iso }),
    });
    const { contactId } = (await placed.json()) as { contactId: string };
    const agent = (await (
      await fetch(`${server.url}/api/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'agent', password: 'agent' }),
      })
    ).json()) as { token: string };
    // Act
    const context = (await (
      await fetch(`${server.url}/api/contacts/${contactId}/context`, {
        headers: { authorization: `Bearer ${agent.token}` },
      })
    ).json()) as { risk: { level: string; reasons: string[] } };
    // Assess: the read model alone says normal; the caller's report, kept on the contact, says high
    expect(context.risk).toEqual({ level: 'high', reasons: ['court_letter_reported'] });
  });

  it('answers the API routes 401 without a token and 403 for the manager', async () => {
    // Prepare
    const signIn = (username: string, password: string) =>
      fetch(`${server.url}/api/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
    const manager = (await (await signIn('manager', 'manager')).json()) as {
      token: string;
      groups: string[];
    };
    const routes = [
      ['GET', '/api/contacts/c0ffee00-0000-4000-8000-000000000001/context'],
      ['POST', '/api/contacts/c0ffee00-0000-4000-8000-000000000001/outcomes'],
      ['GET', '/api/agent/calls'],
    ] as const;
    const status = async (method: string, path: string, token?: string) =>
      (
        await fetch(`${server.url}${path}`, {
          method,
          headers: {
            'content-type': 'application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          ...(method === 'POST' ? { body: JSON.stringify({ codes: ['information_only'] }) } : {}),
        })
      ).status;
    // Act
    const anonymous = await Promise.all(routes.map(([method, path]) => status(method, path)));
    const managers = await Promise.all(routes.map(([method, path]) => status(method, path, manager.token)));
    const wrongPassword = (await signIn('agent', 'wrong')).status;
    // Assess
    expect(manager.groups).toEqual(['managers']);
    expect(anonymous).toEqual([401, 401, 401]);
    expect(managers).toEqual([403, 403, 403]);
    expect(wrongPassword).toBe(401);
  });
});
