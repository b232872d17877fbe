// The landing page of the local server: what runs and how much data is loaded, from GET /health.
import * as z from 'zod/mini';
import { byId, describe, element } from '../shell/dom.ts';
import { startLanguage } from '../shell/page-shell.ts';
import { TEXTS } from './texts.ts';

/** What the page reads of the local server's `/health` (local/server.ts Health). */
const Health = z.object({
  status: z.enum(['ok', 'degraded']),
  uptimeSeconds: z.number(),
  dynamodb: z.object({
    owner: z.enum(['self', 'external']),
    storage: z.enum(['disk', 'memory']),
    reachable: z.boolean(),
  }),
  readModel: z.nullable(
    z.object({
      activatedAt: z.string(),
      counts: z.object({
        tenancies: z.number(),
        cases: z.number(),
        openCases: z.number(),
        phoneNumbers: z.number(),
      }),
    }),
  ),
  functions: z.array(z.string()),
});

const COUNTS = ['tenancies', 'cases', 'openCases', 'phoneNumbers'] as const;

let health: z.infer<typeof Health> | null | undefined;

const render = () => {
  const overall = byId('overall');
  const counts = byId('counts').querySelector('tbody');
  const functions = byId('functions');
  describe(byId('services'), []);
  counts?.replaceChildren();
  functions.replaceChildren();
  if (health === undefined) return;
  if (health === null) {
    overall.textContent = t('unreachable');
    overall.className = 'bad';
    return;
  }
  overall.textContent = t(health.status === 'ok' ? 'ok' : 'degraded');
  overall.className = health.status === 'ok' ? 'ok' : 'bad';
  const storage = health.dynamodb.owner === 'external' ? t('external') : t(health.dynamodb.storage);
  describe(byId('services'), [
    [t('dynamodb'), health.dynamodb.reachable ? t('reachable') : t('notReachable')],
    [t('storage'), storage],
    [t('uptime'), `${health.uptimeSeconds} ${t('seconds')}`],
  ]);
  const model = health.readModel;
  if (model === null) {
    const row = element('tr');
    row.append(element('td', t('none')));
    counts?.append(row);
  } else {
    const format = new Intl.NumberFormat(locale());
    for (const key of COUNTS) {
      const row = element('tr');
      row.append(element('th', t(key)), element('td', format.format(model.counts[key]), 'number'));
      counts?.append(row);
    }
    const row = element('tr');
    row.append(
      element('th', t('importedAt')),
      element('td', new Date(model.activatedAt).toLocaleString(locale())),
    );
    counts?.append(row);
  }
  for (const name of health.functions) functions.append(element('li', name));
};

const { t, locale } = startLanguage(TEXTS, render);

const load = async () => {
  try {
    const response = await fetch('/health', { cache: 'no-store' });
    health = Health.parse(await response.json());
  } catch {
    health = null;
  }
  render();
};

render();
load();
