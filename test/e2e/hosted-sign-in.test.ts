import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CALLERS } from '../../local/demo/demo-data.ts';
import type { StartedServer } from '../support/cli.ts';
import { fillHostedForm, type HostedSignIn, useHostedSignIn } from '../support/hosted-sign-in.ts';
import { nextOpenAt } from '../support/office-time.ts';

/**
 * The pages as deployed to AWS sign in through Cognito's hosted sign-in (authorization code with
 * PKCE). Here the local server is configured as CDK configures the bucket's config.json, and a
 * stand-in OAuth server checks what Cognito checks.
 */
describe('the agent page with the hosted sign-in', () => {
  const world = useHostedSignIn('hosted');
  let server: StartedServer;
  let signInServer: HostedSignIn;
  let browser: Browser;
  beforeAll(() => {
    ({ server, signInServer, browser } = world());
  });

  const placeCall = async (): Promise<string> => {
    const response = await server.placeCall({ from: DEMO_CALLERS.high.phone, at: nextOpenAt('11:00').iso });
    return ((await response.json()) as { contactId: string }).contactId;
  };

  const tenancyOf = (page: Page) => page.getByRole('region', { name: 'Mietverhältnis', exact: true });

  it('signs the agent in through the hosted sign-in and comes back to the call it was opened for', async () => {
    // Prepare
    const contactId = await placeCall();
    const page = await browser.newPage();
    await page.goto(`${server.url}/agent.html?contactId=${contactId}`);
    expect(await page.getByLabel('Benutzername').isVisible(), 'no password form: the sign-in is hosted').toBe(
      false,
    );

    // Act
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(`${signInServer.url}/oauth2/authorize?**`);
    await fillHostedForm(page, 'agent', 'agent');

    // Assess: signed in, the call's context shown, the code gone from the address
    await expect.poll(() => tenancyOf(page).textContent()).toContain(DEMO_CALLERS.high.tenancyId);
    expect(new URL(page.url()).search).toBe(`?contactId=${contactId}`);
    expect(await page.getByText('Angemeldet als agent.').isVisible()).toBe(true);
    expect(signInServer.requests).toEqual(
      expect.arrayContaining(['GET /oauth2/authorize', 'POST /login', 'POST /oauth2/token']),
    );

    // Act: sign out ends the hosted session too, and comes back to the page
    await page.getByRole('button', { name: 'Abmelden' }).click();

    // Assess
    await expect.poll(() => signInServer.requests).toContain('GET /logout');
    await expect.poll(() => page.getByRole('button', { name: 'Anmelden' }).isVisible()).toBe(true);
    expect(await page.evaluate(() => sessionStorage.getItem('agentSession'))).toBeNull();
  });

  it('refuses the workspace to a manager signed in through the hosted sign-in', async () => {
    // Prepare
    const page = await browser.newPage();
    await page.goto(`${server.url}/agent.html`);

    // Act
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await fillHostedForm(page, 'manager', 'manager');

    // Assess
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('Dieses Konto gehört nicht zur Gruppe der Agent*innen: kein Zugriff auf Anrufe.');
    expect(await page.getByRole('region', { name: 'Aktueller Anruf' }).isVisible()).toBe(false);
  });

  it('signs in through a pop-up when framed, as in the Amazon Connect agent workspace', async () => {
    // Prepare: a host page on the same origin frames the agent page (the CSP's frame-ancestors)
    const contactId = await placeCall();
    const host = await browser.newPage();
    await host.route(`${server.url}/workspace.html`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><title>Workspace</title><iframe title="Hotline" src="/agent.html?contactId=${contactId}" width="900" height="700"></iframe>`,
      }),
    );
    await host.goto(`${server.url}/workspace.html`);
    const frame = host.frameLocator('iframe[title="Hotline"]');

    // Act
    const popupOpened = host.waitForEvent('popup');
    await frame.getByRole('button', { name: 'Anmelden' }).click();
    const popup = await popupOpened;
    // Listened for before the form is sent: the pop-up may close before a later listener is added.
    const popupClosed = popup.waitForEvent('close');
    await fillHostedForm(popup, 'agent', 'agent');

    // Assess: the pop-up closes itself and the framed page is signed in with the call open
    await popupClosed;
    await expect
      .poll(() => frame.getByRole('region', { name: 'Mietverhältnis', exact: true }).textContent())
      .toContain(DEMO_CALLERS.high.tenancyId);
  });

  it('refuses a forged answer that does not match the sign-in the page started', async () => {
    // Prepare
    const page = await browser.newPage();
    const exchangesBefore = signInServer.requests.filter(
      (request) => request === 'POST /oauth2/token',
    ).length;

    // Act: an answer arrives that the page never asked for
    await page.goto(`${server.url}/agent.html?code=stolen&state=forged`);

    // Assess
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('Die Anmeldung hat nicht geklappt. Bitte erneut anmelden.');
    expect(signInServer.requests.filter((request) => request === 'POST /oauth2/token')).toHaveLength(
      exchangesBefore,
    );
    expect(await page.evaluate(() => sessionStorage.getItem('agentSession'))).toBeNull();
  });
});
