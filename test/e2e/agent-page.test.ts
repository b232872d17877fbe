import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
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

  const signIn = async (page: Page | FrameLocator, username: string, password: string) => {
    await page.getByLabel('Benutzername').fill(username);
    await page.getByLabel('Passwort').fill(password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
  };

  const placeCall = async (from: string, at = nextOpenAt('10:00').iso, keys: string[] = []) =>
    ((await (await server.placeCall({ from, at, keys })).json()) as { contactId: string }).contactId;

  const agentToken = async () =>
    (
      (await (
        await fetch(`${server.url}/api/sign-in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'agent', password: 'agent' }),
        })
      ).json()) as { token: string }
    ).token;

  const contextOf = async (contactId: string) =>
    (await (
      await fetch(`${server.url}/api/contacts/${contactId}/context`, {
        headers: { authorization: `Bearer ${await agentToken()}` },
      })
    ).json()) as { outcome: { codes: string[]; note: string | null } | null; risk: unknown };

  /** The local agent workspace, signed in, with the agent page framed in it. */
  const openWorkspace = async () => {
    const workspace = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await workspace.goto(`${server.url}/workspace.html`);
    await signIn(workspace, 'agent', 'agent');
    const app = workspace.frameLocator('#app-frame');
    await expect.poll(() => app.getByText(/Kein Anruf/).isVisible()).toBe(true);
    return { workspace, app };
  };

  const tenancyOf = (app: Page | FrameLocator) =>
    app.getByRole('region', { name: 'Mietverhältnis', exact: true });

  it('pops up the offered call in the workspace, records its outcome and clears when the contact ends', async () => {
    // Prepare: the agent is signed in to the workspace; nothing is typed or pasted into the page
    const { workspace, app } = await openWorkspace();

    // Act: the demo critical caller rings
    await placeCall(DEMO_CALLERS.critical.phone);

    // Assess: the context is there while the call is still ringing; urgency and why come first
    await expect
      .poll(() => tenancyOf(app).textContent(), { timeout: 10_000, interval: 50 })
      .toContain(DEMO_CALLERS.critical.tenancyId);
    expect(await workspace.getByText('Eingehender Anruf').isVisible()).toBe(true);
    const urgency = app.getByRole('region', { name: /^Dringlichkeit/ });
    expect(await urgency.getByRole('heading').textContent()).toBe('Dringlichkeit: KRITISCH');
    // Before the identity check: the risk and why at once, without the case's dates and figures
    expect(await urgency.getByRole('listitem').first().textContent()).toBe('Räumung steht unmittelbar bevor');
    expect(await tenancyOf(app).textContent()).toContain('Erkannt an der Rufnummer');
    expect(await tenancyOf(app).textContent()).toContain('Nach der Identitätsprüfung sichtbar');
    const caseRegion = app.getByRole('region', { name: 'Offener Fall' });
    expect(await caseRegion.textContent()).not.toContain('4.873');

    // Act: the agent asks for name, address and date of birth, then confirms with one key press
    await app.getByRole('button', { name: 'Identität geprüft' }).press('Enter');

    // Assess: the whole file, and the check is shown (and stored on the call)
    await expect
      .poll(() => urgency.getByRole('listitem').first().textContent())
      .toMatch(/^Räumung (heute|morgen|in \d+ Tagen) \(/);
    expect(await tenancyOf(app).textContent()).not.toContain('Nach der Identitätsprüfung sichtbar');
    expect(await app.getByText(/^Identität geprüft \(/).isVisible()).toBe(true);
    expect(await app.getByRole('button', { name: 'Identität geprüft' }).isVisible()).toBe(false);
    const openCase = await caseRegion.getByRole('definition').allTextContents();
    expect(openCase[0]).toBe('Räumungstermin festgesetzt');
    expect(openCase[1]).toMatch(/€\s4\.873,40 \(\d+ Monate?\)/);

    // Act: the agent accepts, records the outcome with the keyboard, hangs up and ends after-call work
    await workspace.getByRole('button', { name: 'Annehmen' }).click();
    await app.getByRole('checkbox', { name: 'Gerichtsschreiben erklärt' }).check();
    await app.getByLabel(/^Notiz/).fill('Räumungsklage erklärt.');
    await app.getByLabel(/^Notiz/).press('Control+Enter');
    await expect.poll(() => app.getByRole('status').textContent()).toBe('Ergebnis gespeichert.');
    await workspace.getByRole('button', { name: 'Auflegen' }).click();
    await workspace.getByRole('button', { name: 'Nachbearbeitung beenden' }).click();

    // Assess: the page is empty again, and the outcome is stored for this call
    await expect.poll(() => app.getByText(/Kein Anruf/).isVisible()).toBe(true);
    expect(await tenancyOf(app).isVisible()).toBe(false);
    await workspace.close();
  });

  it('opens a call from ?contactId= outside the workspace, shows form errors beside their fields, and speaks English', async () => {
    // Prepare: a call, opened by its contact id in the URL
    const contactId = await placeCall(DEMO_CALLERS.high.phone, nextOpenAt('11:00').iso);
    const page = await browser.newPage({ viewport: { width: 400, height: 800 } });
    await page.goto(`${server.url}/agent.html?contactId=${contactId}`);
    await signIn(page, 'agent', 'agent');
    await expect.poll(() => tenancyOf(page).textContent()).toContain(DEMO_CALLERS.high.tenancyId);

    // Act: a consultation in the past
    await page.getByRole('checkbox', { name: 'persönliche Beratung vereinbart' }).check();
    await page.getByLabel(/^Termin der Beratung/).fill('2020-01-06T10:00');
    await page.getByRole('button', { name: 'Ergebnis speichern' }).click();

    // Assess: refused next to the field; at 400 px nothing scrolls sideways
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('Bitte die markierten Angaben prüfen.');
    expect(await page.getByText(/Der Termin muss in der Zukunft/).isVisible()).toBe(true);
    expect(await page.getByLabel(/^Termin der Beratung/).getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(400);

    // Act: English on request
    await page.getByRole('button', { name: 'Switch to English' }).click();

    // Assess
    expect(await page.getByRole('region', { name: /^Risk/ }).getByRole('heading').textContent()).toBe(
      'Risk: HIGH',
    );
    expect(await page.getByRole('checkbox', { name: 'consultation booked' }).isChecked()).toBe(true);
    await page.close();
  });

  it('keeps a draft with its caller when a second call is offered, and files it against that caller', async () => {
    // Prepare: the first caller is connected and the agent has started the outcome
    const { workspace, app } = await openWorkspace();
    const first = await placeCall(DEMO_CALLERS.critical.phone);
    await expect.poll(() => tenancyOf(app).textContent()).toContain(DEMO_CALLERS.critical.tenancyId);
    await workspace.getByRole('button', { name: 'Annehmen' }).click();
    await app.getByRole('checkbox', { name: 'Ratenvereinbarung' }).check();
    await app.getByLabel(/^Notiz/).fill('Rate 150 € ab Jänner.');

    // Act: a second call arrives while the draft is open
    const second = await placeCall(DEMO_CALLERS.high.phone);

    // Assess: announced, nothing replaced under the agent's hands
    await expect.poll(() => app.getByRole('alert').textContent()).toContain('Neuer Anruf.');
    expect(await tenancyOf(app).textContent()).toContain(DEMO_CALLERS.critical.tenancyId);
    expect(await app.getByLabel(/^Notiz/).inputValue()).toBe('Rate 150 € ab Jänner.');

    // Act: the agent switches on purpose, looks, and goes back
    await app.getByRole('button', { name: 'Zum neuen Anruf wechseln' }).click();
    await expect.poll(() => tenancyOf(app).textContent()).toContain(DEMO_CALLERS.high.tenancyId);
    const secondForm = await app.getByLabel(/^Notiz/).inputValue();
    const secondTicked = await app.getByRole('checkbox', { name: 'Ratenvereinbarung' }).isChecked();
    await app.getByRole('button', { name: /Entwurf nicht gespeichert/ }).click();
    await expect.poll(() => tenancyOf(app).textContent()).toContain(DEMO_CALLERS.critical.tenancyId);

    // Assess: the second call's form started empty; the first call's draft came back whole
    expect(secondForm).toBe('');
    expect(secondTicked).toBe(false);
    expect(await app.getByLabel(/^Notiz/).inputValue()).toBe('Rate 150 € ab Jänner.');
    expect(await app.getByRole('checkbox', { name: 'Ratenvereinbarung' }).isChecked()).toBe(true);

    // Act: saved against the first caller
    await app.getByRole('button', { name: 'Ergebnis speichern' }).click();
    await expect.poll(() => app.getByRole('status').textContent()).toBe('Ergebnis gespeichert.');

    // Assess: filed under the first call, nothing under the second
    expect((await contextOf(first)).outcome).toMatchObject({
      codes: ['instalment_plan'],
      note: 'Rate 150 € ab Jänner.',
    });
    expect((await contextOf(second)).outcome).toBeNull();
    await workspace.close();
  });

  it('lets the agent match a caller from a shared number to their tenancy', async () => {
    // Prepare: a number two tenancies list, no tenancy number keyed in
    const contactId = await placeCall(DEMO_CALLERS.shared.phone, nextOpenAt('10:00').iso, ['', '', '']);
    const page = await browser.newPage();
    await page.goto(`${server.url}/agent.html?contactId=${contactId}`);
    await signIn(page, 'agent', 'agent');
    await expect.poll(() => tenancyOf(page).textContent()).toContain('Nicht eindeutig: 2 Mietverhältnisse');
    const [picked] = DEMO_CALLERS.shared.tenancyIds;

    // Act: the agent asks name and address and picks the first candidate
    await page
      .getByRole('button', { name: /^Diesem Anruf zuordnen/ })
      .first()
      .click();

    // Assess: the tenancy is on screen, marked as matched by the agent
    await expect.poll(() => tenancyOf(page).textContent()).toContain('Von Ihnen zugeordnet');
    expect(await tenancyOf(page).textContent()).toContain(picked);
    await page.close();
  });

  it('lets the agent find an unknown caller by name and postcode, narrow by street, and match them', async () => {
    // Prepare: a call from a number no tenancy lists; the caller is Emina Hodžić, without a number.
    const contactId = await placeCall(DEMO_CALLERS.unknown.phone, nextOpenAt('10:00').iso, ['', '', '']);
    const page = await browser.newPage({ viewport: { width: 400, height: 900 } });
    await page.goto(`${server.url}/agent.html?contactId=${contactId}`);
    await signIn(page, 'agent', 'agent');
    await expect.poll(() => tenancyOf(page).textContent()).toContain('keinem Mietverhältnis zugeordnet');

    // Act: first a postcode missing, then the name as typed on a German keyboard, with the street.
    await page.getByLabel('Name', { exact: true }).fill('emina hodzic');
    await page.getByRole('button', { name: 'Suchen' }).click();
    await expect.poll(() => page.locator('#search-error').textContent()).toContain('vierstellige PLZ');
    await page.getByLabel('PLZ').fill('1200');
    await page.getByLabel(/^Straße und Hausnummer/).fill('Wallensteinstr 12');
    await page.getByLabel(/^Straße und Hausnummer/).press('Enter');
    const found = page.getByRole('button', { name: /^Diesem Anruf zuordnen: Emina Hodžić/ });
    await found.waitFor();
    expect(await page.locator('#search-error').textContent()).toBe('1 Treffer.');
    await found.click();

    // Assess: the tenancy is on screen, matched by the agent, with its open case's risk.
    await expect.poll(() => tenancyOf(page).textContent()).toContain('Von Ihnen zugeordnet');
    expect(await tenancyOf(page).textContent()).toContain(DEMO_CALLERS.noNumber.tenancyId);
    expect(await page.locator('#risk-level').textContent()).toBe('HOCH');
    await page.close();
  });

  it("shows the caller's keypad report of a court letter as a risk reason", async () => {
    // Prepare: a normal-risk caller presses 1 for "court letter" (after declining English)
    const contactId = await placeCall(DEMO_CALLERS.normal.phone, nextOpenAt('10:00').iso, ['', '1']);
    // Act
    const context = await contextOf(contactId);
    // Assess: the read model alone says normal; the caller's report, kept on the contact, says high
    expect(context.risk).toEqual({ level: 'high', reasons: ['court_letter_reported'] });
  });

  it('answers the API routes 401 without a token and 403 for the manager', async () => {
    // Prepare
    const signInAs = (username: string, password: string) =>
      fetch(`${server.url}/api/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
    const manager = (await (await signInAs('manager', 'manager')).json()) as {
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
    const wrongPassword = (await signInAs('agent', 'wrong')).status;
    // Assess
    expect(manager.groups).toEqual(['managers']);
    expect(anonymous).toEqual([401, 401, 401]);
    expect(managers).toEqual([403, 403, 403]);
    expect(wrongPassword).toBe(401);
  });
});
