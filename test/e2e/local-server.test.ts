import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Health } from '../../local/server.ts';
import { PROMPTS } from '../../shared/flow/prompts.ts';
import { contentSecurityPolicy } from '../../shared/http/web-pages.ts';
import { launchBrowser } from '../support/browser.ts';
import { runCli, type StartedServer, startServer } from '../support/cli.ts';
import { nextOpenAt } from '../support/office-time.ts';

const health = async (url: string): Promise<Health> =>
  (await (await fetch(`${url}/health`)).json()) as Health;

describe('hotline start on a data folder of its own', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hotline-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('seeds demo data on first start, stops cleanly on Ctrl-C, and reuses the data on the next start', async () => {
    // Act: first start
    const first = await startServer(['--port', '0', '--data', dataDir]);
    const before = await health(first.url);
    const exitCode = await first.stop();
    // Act: second start on the same folder
    const second = await startServer(['--port', '0', '--data', dataDir]);
    const after = await health(second.url);
    await second.stop();
    // Assess
    expect(before.status).toBe('ok');
    expect(before.readModel?.counts.tenancies).toBeGreaterThan(100);
    expect(first.output()).toContain('demo data seeded');
    expect(exitCode).toBe(0);
    expect(first.output()).toContain('stopped');
    expect(after.readModel?.generation).toBe(before.readModel?.generation);
    expect(second.output()).not.toContain('demo data seeded');
  }, 120_000); // two starts, each with a DynamoDB Local of its own and the first with seeding
});

describe('hotline start on the network', () => {
  /**
   * Linux routes all of 127.0.0.0/8 to loopback: a server bound to 127.0.0.1 refuses 127.0.0.2, one
   * bound to every interface accepts it. So 127.0.0.2 stands in for "another machine" here.
   */
  const statusAt = async (url: string): Promise<number | 'refused'> => {
    try {
      return (await fetch(url)).status;
    } catch (error) {
      if ((error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED') return 'refused';
      throw error;
    }
  };
  const start = (args: string[]) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hotline-host-'));
    return startServer(['--port', '0', '--data', dataDir, ...args], {
      DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
      HOTLINE_TABLE_PREFIX: `host${Date.now()}`,
    });
  };

  it('listens on this machine only by default', async () => {
    const server = await start([]);
    try {
      const { port } = new URL(server.url);
      expect(await statusAt(`${server.url}/health`)).toBe(200);
      expect(await statusAt(`http://127.0.0.2:${port}/health`)).toBe('refused');
    } finally {
      await server.stop();
    }
  }, 60_000);

  it('warns when told to listen on every interface, and still answers no name but its own', async () => {
    const server = await start(['--host', '0.0.0.0']);
    try {
      const { port } = new URL(server.url);
      expect(server.output()).toContain('warning: listening on 0.0.0.0');
      expect(await statusAt(`${server.url}/health`)).toBe(200);
      // Reached, but under a name that is none of this machine's addresses: refused.
      expect(await statusAt(`http://127.0.0.2:${port}/health`)).toBe(421);
    } finally {
      await server.stop();
    }
  }, 60_000);
});

describe('hotline start errors a person can act on', () => {
  let blocker: Server;
  let port: number;
  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    const address = blocker.address();
    port = typeof address === 'object' && address ? address.port : 0;
  });
  afterAll(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

  it('refuses a port in use with one line that says what to do', async () => {
    const result = await runCli(['start', '--port', String(port), '--in-memory', '--data', tmpdir()]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      `error: port ${port} is in use: stop what uses it, or start with --port ${port + 1} (or PORT=${port + 1})`,
    ]);
  });

  it('says how to install Java when it is missing', async () => {
    const result = await runCli(['start', '--in-memory', '--port', '0', '--data', tmpdir()], {
      PATH: '/nonexistent',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: Java was not found\. .*apt-get install -y openjdk-17-jre-headless/,
    );
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('the landing page in a real browser', () => {
  let server: StartedServer;
  let browser: Browser;
  const dataDir = mkdtempSync(join(tmpdir(), 'hotline-page-'));

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startServer(['--port', '0', '--data', dataDir], {
        DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
        HOTLINE_TABLE_PREFIX: `page${Date.now()}`,
      }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await Promise.all([server?.stop(), browser?.close()]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows what runs and how much data is loaded, in German and in English', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Alles läuft.');
    const expected = (await health(server.url)).readModel?.counts.tenancies ?? -1;
    const tenancies = page.getByRole('row', { name: /Mietverhältnisse/ });
    expect(await tenancies.getByRole('cell').textContent()).toBe(
      new Intl.NumberFormat('de-AT').format(expected),
    );
    await expect.poll(() => page.getByRole('listitem').allTextContents()).toContain('identify-caller');

    await page.getByRole('button', { name: 'Switch to English' }).click();

    await expect.poll(() => page.getByRole('status').textContent()).toBe('Everything is running.');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Eviction-prevention hotline – local mode',
    );
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
  });

  /** The simulator page, signed in as the demo agent (it places calls for agents only). */
  const simulatorPage = async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/simulator.html`);
    await page.getByLabel('Benutzername').fill('agent');
    await page.getByLabel('Passwort').fill('agent');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('button', { name: 'Anruf starten' }).waitFor();
    return page;
  };

  it('asks for sign-in before the simulator page places a call, and refuses a manager', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/simulator.html`);
    expect(await page.getByRole('button', { name: 'Anruf starten' }).isVisible()).toBe(false);
    await page.getByLabel('Benutzername').fill('manager');
    await page.getByLabel('Passwort').fill('manager');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await expect
      .poll(() => page.locator('#message').textContent())
      .toBe('Dieses Konto gehört nicht zur Gruppe der Agent*innen: es darf keine Anrufe simulieren.');
    expect(await page.getByRole('button', { name: 'Anruf starten' }).isVisible()).toBe(false);
  });

  it('simulates a call on the simulator page and shows what the caller heard, the path and the queue', async () => {
    const page = await simulatorPage();
    await page.getByRole('button', { name: 'kritisch', exact: true }).click();
    await page.getByLabel('Zeitpunkt (Ortszeit Wien)').fill(nextOpenAt('10:00').local);

    await page.getByRole('button', { name: 'Anruf starten' }).click();

    await expect
      .poll(() => page.locator('#outcome').textContent())
      .toBe('In der Warteschlange „urgent“ mit Priorität 1.');
    const heard = await page.locator('#prompts li').allTextContents();
    expect(heard[0]).toBe(PROMPTS.de.greeting);
    expect(heard.at(-1)).toBe(PROMPTS.de.queued);
    expect(await page.locator('#path li').first().textContent()).toBe('enable-logging');
    // What the contact carries (ids, lookup, risk level); the case itself is the agent page's.
    const details = await page.locator('#details').textContent();
    expect(details).toContain('104711001');
    expect(details).toContain('kritisch');
    expect(details).toContain('nach Rufnummer: gefunden');
    expect(details).not.toMatch(/Zusammenfassung|Offener Fall|Räumung|Rückstand|€/);
  });

  it('shows a withheld caller with a full queue keying in a number for the callback', async () => {
    const page = await simulatorPage();
    await page.getByLabel('Rufnummer unterdrückt').check();
    await page.getByLabel(/Tasteneingaben/).fill(',104711004,2,06641234567');
    await page.getByLabel('Zeitpunkt (Ortszeit Wien)').fill(nextOpenAt('11:00').local);
    await page.getByLabel('Warteschlange „general“ voll').check();

    await page.getByRole('button', { name: 'Anruf starten' }).click();

    await expect
      .poll(() => page.locator('#outcome').textContent())
      .toBe('Rückruf in der Warteschlange „callback“.');
    const details = await page.locator('#details').textContent();
    expect(details).toContain('104711004');
    // Each lookup by name, in order: the withheld number, then the tenancy number keyed in.
    expect(details).toContain('nach Rufnummer: Nummer unterdrückt → nach Mietvertragsnummer: gefunden');
  });

  it('answers /health with the store and read model', async () => {
    const body = await health(server.url);
    expect(body).toMatchObject({
      status: 'ok',
      dynamodb: { reachable: true, owner: 'external' },
      functions: ['identify-caller', 'contact-events', 'agent-api', 'metrics-api', 'privacy-api'],
    });
  });

  it('serves the metrics API and its live queues, fed by the simulated calls, to managers only', async () => {
    // Prepare
    const token = async (username: string) => {
      const response = await fetch(`${server.url}/api/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: username }),
      });
      return ((await response.json()) as { token: string }).token;
    };
    const as = async (username: string, path: string) =>
      fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${await token(username)}` } });
    type Live = { queues: { queue: string; contactsInQueue: number }[] };
    const waiting = async () =>
      ((await (await as('manager', '/api/metrics/live')).json()) as Live).queues.map((queue) => [
        queue.queue,
        queue.contactsInQueue,
      ]);
    // Earlier tests' calls may still wait: this one is counted on top.
    const before = Object.fromEntries(await waiting());
    // A critical caller in the urgent queue, answered after 90 s: in the live queue for 90 real seconds.
    const placed = await server.placeCall({
      from: '0664 123 45 67',
      keys: [''],
      at: nextOpenAt('10:00').iso,
      answer: { afterSeconds: 90 },
    });
    expect(await placed.json()).toMatchObject({ result: 'queued', queue: 'urgent' });
    // Act
    const report = await as('manager', '/api/metrics?from=2026-11-24&to=2026-11-24');
    const csv = await as('manager', '/api/metrics?from=2026-11-24&to=2026-11-24&format=csv');
    const live = await waiting();
    const agent = await as('agent', '/api/metrics/live');
    const nobody = await fetch(`${server.url}/api/metrics/live`);
    // Assess
    expect(report.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(live).toEqual([
      ['urgent', (before.urgent ?? 0) + 1],
      ['general', before.general],
      ['callback', 0],
    ]);
    expect([agent.status, nobody.status]).toEqual([403, 401]);
  });

  it('sends the headers CloudFront sends, and tells the pages to sign in with the local form', async () => {
    // Act
    const page = await fetch(`${server.url}/agent.html`);
    const config = await fetch(`${server.url}/config.json`);
    // Assess
    expect(page.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await config.json()).toEqual({ auth: { kind: 'local' } });
  });
});
