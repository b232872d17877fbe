import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OfferedContact } from '../../web/src/workspace-host/host.ts';
import type { AgentDesk } from '../fixtures/workspace-app/host-page.ts';
import { launchBrowser } from '../support/browser.ts';

/**
 * The fixture app (the real SDK, bundled) runs framed by the local workspace host, cross-origin as
 * in AWS: the host page on 127.0.0.1, the app on localhost, each on its own port.
 */

const bundle = async (entry: string): Promise<string> => {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild wrote nothing for ${entry}`);
  return output.text;
};

const page = (title: string, script: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>${script}</head><body></body></html>`;

/** A page that is not the app: it posts the SDK's host-init message itself and shows any answer. */
const STRANGER_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Stranger</title></head>
<body><p role="status">nothing received</p><script>
const channel = new MessageChannel();
channel.port1.onmessage = (event) => { document.querySelector('p').textContent = 'received ' + event.data.type; };
window.parent.postMessage({ type: 'connect-app-host-init', sdkVersion: '1.0.11', providerId: 'stranger' }, '*', [channel.port2]);
</script></body></html>`;

interface Served {
  readonly server: Server;
  readonly port: number;
}

const serve = async (files: Record<string, { type: string; body: string }>): Promise<Served> => {
  const server = createServer((request, response) => {
    const file = files[new URL(request.url ?? '/', 'http://local').pathname];
    response.writeHead(file ? 200 : 404, { 'content-type': file?.type ?? 'text/plain' });
    response.end(file?.body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new Error(`expected a TCP address, got ${address}`);
  return { server, port: address.port };
};

const close = (served: Served | undefined): Promise<void> =>
  new Promise((resolve, reject) => {
    if (!served) return resolve();
    served.server.closeAllConnections();
    served.server.close((error) => (error ? reject(error) : resolve()));
  });

const HTML = 'text/html; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 50 });

describe('the local agent workspace host, framing an app built on the Amazon Connect SDK', () => {
  let browser: Browser;
  let appServer: Served;
  let hostServer: Served;
  let appUrl: string;
  let hostUrl: string;
  const pages: Page[] = [];

  beforeAll(async () => {
    const [appScript, hostScript] = await Promise.all([
      bundle('../fixtures/workspace-app/app.ts'),
      bundle('../fixtures/workspace-app/host-page.ts'),
    ]);
    [appServer, hostServer, browser] = await Promise.all([
      serve({
        '/app.html': {
          type: HTML,
          body: page('Fixture app', '<script type="module" src="/app.js"></script>'),
        },
        '/app.js': { type: JS, body: appScript },
        '/stranger.html': { type: HTML, body: STRANGER_PAGE },
      }),
      serve({
        '/host.html': {
          type: HTML,
          body: page('Local workspace', '<script type="module" src="/host.js"></script>'),
        },
        '/host.js': { type: JS, body: hostScript },
      }),
      launchBrowser(),
    ]);
    appUrl = `http://localhost:${appServer.port}/app.html`;
    hostUrl = `http://127.0.0.1:${hostServer.port}/host.html`;
  });
  afterEach(async () => {
    await Promise.all(pages.splice(0).map((open) => open.close()));
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), close(appServer), close(hostServer)]);
  });

  type Desks = Record<string, Omit<AgentDesk, 'appUrl'>>;

  /** The host page with one desk per agent, each framing the app. */
  const openWorkspace = async (desks: Desks): Promise<Page> => {
    const workspace = await browser.newPage();
    pages.push(workspace);
    await workspace.goto(hostUrl);
    await workspace.waitForFunction(() => window.hostPage !== undefined);
    for (const [agentKey, desk] of Object.entries(desks)) {
      await workspace.evaluate(([key, withApp]) => window.hostPage?.addAgent(key, withApp), [
        agentKey,
        { ...desk, appUrl },
      ] as const);
    }
    return workspace;
  };

  const app = (workspace: Page, agentKey: string) =>
    workspace.frameLocator(`iframe[title="App of agent ${agentKey}"]`);
  const shown = (workspace: Page, agentKey: string, list: 'Lifecycle' | 'Contact events' | 'Answers') =>
    app(workspace, agentKey).getByRole('list', { name: list }).getByRole('listitem').allTextContents();
  const logOf = (workspace: Page, agentKey: string) =>
    workspace
      .getByRole('list', { name: `Workspace log of agent ${agentKey}` })
      .getByRole('listitem')
      .allTextContents();

  /** The simulator's side: drives agent `agentKey`'s host on the page. */
  const hostOf = (workspace: Page, agentKey: string) => ({
    offer: (contact: OfferedContact) =>
      workspace.evaluate(([key, offered]) => window.hostPage?.host(key).offer(offered), [
        agentKey,
        contact,
      ] as const),
    connect: (contactId: string) =>
      workspace.evaluate(([key, id]) => window.hostPage?.host(key).connect(id), [
        agentKey,
        contactId,
      ] as const),
    endAndClear: (contactId: string) =>
      workspace.evaluate(
        ([key, id]) => {
          window.hostPage?.host(key).end(id);
          window.hostPage?.host(key).clear(id);
        },
        [agentKey, contactId] as const,
      ),
    stop: () => workspace.evaluate((key) => window.hostPage?.host(key).stop(), agentKey),
  });

  /** Warnings and errors the SDK inside the app logged (LogLevel warn = 4, error = 5, core logging/log-level.d.ts). */
  const sdkComplaints = async (workspace: Page, agentKey: string) =>
    (await logOf(workspace, agentKey)).filter((line) => /^log level [45] /.test(line));

  /** A desk whose app has been created and started, its subscriptions made. */
  const startedWorkspace = async (desks: Desks = { a: {} }) => {
    const workspace = await openWorkspace(desks);
    for (const agentKey of Object.keys(desks)) {
      await poll(() => shown(workspace, agentKey, 'Lifecycle')).toContain('started');
    }
    return workspace;
  };

  const A_CONTACT = {
    contactId: 'contact-1',
    initialContactId: 'contact-0',
    type: 'voice',
    attributes: { riskLevel: 'critical' },
    queueName: 'urgent',
  } as const;

  it('creates, then starts the app with its context, and answers its health checks', async () => {
    // Prepare + Act: the workspace frames the app
    const workspace = await openWorkspace({ a: {} });

    // Assess: create reached onCreate with the app context, then start; the SDK sees a healthy link
    await poll(() => shown(workspace, 'a', 'Lifecycle')).toEqual([
      'created instance-of-a in eu-central-1 as Fixture app (idle)',
      'started',
    ]);
    await poll(() => shown(workspace, 'a', 'Answers')).toContain('agent agent-a');
    await poll(() =>
      app(workspace, 'a').getByRole('status', { name: 'Connection health' }).textContent(),
    ).toBe('healthy');
    const log = await logOf(workspace, 'a');
    expect(log).toEqual(
      expect.arrayContaining([
        'connected (SDK 1.0.11)',
        'create sent',
        'create completed',
        'start sent',
        'subscribed contact/incoming',
        'subscribed contact/connected',
        'subscribed contact/cleared',
        'request agent/getName: data',
      ]),
    );
    expect(await sdkComplaints(workspace, 'a')).toEqual([]);
  });

  it('publishes an offered voice contact to the app and answers its requests about it', async () => {
    // Prepare
    const workspace = await startedWorkspace();

    // Act: the simulator offers agent a voice contact
    await hostOf(workspace, 'a').offer(A_CONTACT);

    // Assess
    await poll(() => shown(workspace, 'a', 'Contact events')).toEqual([
      'incoming contact-1 (voice, connect:Telephony)',
    ]);
    await poll(() => shown(workspace, 'a', 'Answers')).toEqual(
      expect.arrayContaining([
        'contact-1 initial contact id contact-0',
        'contact-1 type voice',
        'contact-1 attribute riskLevel critical',
      ]),
    );
    expect(await logOf(workspace, 'a')).toEqual(
      expect.arrayContaining([
        'published contact/incoming',
        'request contact/getInitialContactId: data',
        'request contact/getType: data',
        'request contact/getAttributes: data',
      ]),
    );
  });

  it("answers a request it does not serve with the SDK's handlerNotFound error instead of leaving it hanging", async () => {
    // Prepare
    const workspace = await startedWorkspace();

    // Act: the app's incoming handler also asks for the contact's participants
    await hostOf(workspace, 'a').offer(A_CONTACT);

    // Assess
    await poll(() => shown(workspace, 'a', 'Answers')).toContain(
      'contact-1 participants refused: handlerNotFound',
    );
    expect(await logOf(workspace, 'a')).toContain('request contact/listParticipants: handlerNotFound');
  });

  it('publishes connected once the agent connects the contact', async () => {
    // Prepare
    const workspace = await startedWorkspace();
    await hostOf(workspace, 'a').offer(A_CONTACT);

    // Act
    await hostOf(workspace, 'a').connect('contact-1');

    // Assess
    await poll(() => shown(workspace, 'a', 'Contact events')).toEqual([
      'incoming contact-1 (voice, connect:Telephony)',
      'connected contact-1 (voice, connect:Telephony)',
    ]);
  });

  it('publishes after-contact work when the call ends and cleared when the agent clears it', async () => {
    // Prepare
    const workspace = await startedWorkspace();
    await hostOf(workspace, 'a').offer(A_CONTACT);
    // The app's incoming handler has its answers before the contact is gone (a cleared contact is not found).
    await poll(() => shown(workspace, 'a', 'Answers')).toContain(
      'contact-1 participants refused: handlerNotFound',
    );
    await hostOf(workspace, 'a').connect('contact-1');

    // Act
    await hostOf(workspace, 'a').endAndClear('contact-1');

    // Assess
    await poll(() => shown(workspace, 'a', 'Contact events')).toEqual([
      'incoming contact-1 (voice, connect:Telephony)',
      'connected contact-1 (voice, connect:Telephony)',
      'after-contact work contact-1 (voice, connect:Telephony)',
      'cleared contact-1 (voice, connect:Telephony)',
    ]);
    expect(await sdkComplaints(workspace, 'a')).toEqual([]);
  });

  it('never publishes a contact offered to another agent', async () => {
    // Prepare: two agents, each with the app
    const workspace = await startedWorkspace({ a: {}, b: {} });

    // Act: agent b is offered a contact, then agent a one of its own
    await hostOf(workspace, 'b').offer({ contactId: 'contact-of-b' });
    await hostOf(workspace, 'a').offer({ contactId: 'contact-of-a' });

    // Assess: each app hears of its own agent's contact only (a's port delivers in order, so b's
    // contact would have arrived before a's own)
    await poll(() => shown(workspace, 'b', 'Contact events')).toEqual([
      'incoming contact-of-b (voice, connect:Telephony)',
    ]);
    await poll(() => shown(workspace, 'a', 'Contact events')).toEqual([
      'incoming contact-of-a (voice, connect:Telephony)',
    ]);
    await expect(hostOf(workspace, 'a').connect('contact-of-b')).rejects.toThrow(
      'contact contact-of-b was not offered to this agent',
    );
  });

  it('gives an app opened for one contact the events of that contact only', async () => {
    // Prepare: the app is opened for contact-1 (per-contact scope)
    const workspace = await startedWorkspace({ a: { scopeContactId: 'contact-1' } });

    // Act: the agent is offered another contact, then the app's own
    await hostOf(workspace, 'a').offer({ contactId: 'contact-2' });
    await hostOf(workspace, 'a').offer(A_CONTACT);

    // Assess: subscriptions without a contact id follow the app's contact
    await poll(() => shown(workspace, 'a', 'Contact events')).toEqual([
      'incoming contact-1 (voice, connect:Telephony)',
    ]);
    expect(await shown(workspace, 'a', 'Lifecycle')).toEqual([
      'created instance-of-a in eu-central-1 as Fixture app (contact)',
      'started',
    ]);
  });

  it('ignores a host-init message from a window other than the app frame', async () => {
    // Prepare
    const workspace = await startedWorkspace();

    // Act: another frame, at the app's very origin, posts the SDK's host-init message
    await workspace.evaluate(
      (url) => window.hostPage?.addStrangerFrame(url),
      `http://localhost:${appServer.port}/stranger.html`,
    );

    // Assess: the host turned it down; no answer reached the stranger; the app was not created anew
    await poll(() => logOf(workspace, 'a')).toContain('ignored connect-app-host-init: unexpectedSource');
    expect(await workspace.frameLocator('iframe[title="Stranger"]').getByRole('status').textContent()).toBe(
      'nothing received',
    );
    expect(await shown(workspace, 'a', 'Lifecycle')).toEqual([
      'created instance-of-a in eu-central-1 as Fixture app (idle)',
      'started',
    ]);
  });

  it('ignores the app when it is served from another origin than the one expected', async () => {
    // Prepare + Act: the host expects the app at the host page's own origin
    const workspace = await openWorkspace({
      c: { expectedAppOrigin: `http://127.0.0.1:${hostServer.port}` },
    });

    // Assess
    await poll(() => logOf(workspace, 'c')).toContain('ignored connect-app-host-init: unexpectedOrigin');
    expect(await shown(workspace, 'c', 'Lifecycle')).toEqual([]);
  });

  it('stops the app: stop, then destroy reach it and its onDestroy runs', async () => {
    // Prepare
    const workspace = await startedWorkspace();

    // Act
    const result = await hostOf(workspace, 'a').stop();

    // Assess
    expect(result).toEqual({ destroyConfirmed: true });
    expect(await shown(workspace, 'a', 'Lifecycle')).toEqual([
      'created instance-of-a in eu-central-1 as Fixture app (idle)',
      'started',
      'stopped',
      'destroyed',
    ]);
    expect(await logOf(workspace, 'a')).toEqual(
      expect.arrayContaining(['stop sent', 'destroy sent', 'destroy completed']),
    );
    expect(await sdkComplaints(workspace, 'a')).toEqual([]);
    await expect(hostOf(workspace, 'a').offer({ contactId: 'late' })).rejects.toThrow(
      'the workspace host was stopped',
    );
  });
});
