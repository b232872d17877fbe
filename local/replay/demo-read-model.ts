import { makeDynamoAdapters } from '../../shared/adapters/dynamodb/import-wiring.ts';
import type { IdentifyCallerEnv } from '../../shared/config/env.ts';
import { openCaseOf, type TenancyFile, type TenancyId } from '../../shared/domain/tenancy.ts';
import { addDays, daysBetween, viennaDate } from '../../shared/domain/vienna-calendar.ts';
import { DEMO_CALLERS, type DemoDataOptions, generateDemoData } from '../demo/demo-data.ts';
import { DEMO_SEED, DEMO_TENANCIES, seedDemoDataIfEmpty } from '../seed.ts';

/**
 * A replay draws its callers from the read model, so it must know which one the store holds: the
 * demo data `npm start` seeds, whose dates are set relative to the day it was seeded.
 */

/** The store holds a read model the replay cannot draw callers from. */
export class ReplayReadModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplayReadModelError';
  }
}

const showcaseEvictionDate = (file: Pick<TenancyFile, 'cases'> | undefined) =>
  (file && openCaseOf(file))?.evictionDate;
const SHOWCASE_CRITICAL = DEMO_CALLERS.critical.tenancyId as TenancyId;
const showcaseOf = (files: readonly TenancyFile[]) =>
  files.find((file) => file.tenancy.tenancyId === SHOWCASE_CRITICAL);

/**
 * Seeds the demo data when the store has no read model yet (as `npm start` does), then recognises
 * it: the demo data of DEMO_SEED, generated for the day whose showcase critical case has the
 * eviction date the store holds. Anything else (an imported file) is a ReplayReadModelError.
 */
export const ensureDemoReadModel = async (
  env: IdentifyCallerEnv,
  options: { readonly now?: Date; readonly onProgress?: (line: string) => void } = {},
): Promise<DemoDataOptions> => {
  const adapters = makeDynamoAdapters(env);
  try {
    await seedDemoDataIfEmpty(adapters.readModel, options);
    const summary = await adapters.readModel.summary();
    const stored = showcaseEvictionDate(await adapters.directory.findByTenancyId(SHOWCASE_CRITICAL));
    if (summary === undefined || stored === undefined) throw notDemo();
    // The activation day is the seeding day, unless the seed ran across midnight: the dates tell.
    const activated = viennaDate(new Date(summary.activatedAt));
    const guess = generateDemoData({ seed: DEMO_SEED, today: activated, tenancies: DEMO_TENANCIES });
    const guessed = showcaseEvictionDate(showcaseOf(guess.files));
    if (guessed === undefined) throw notDemo();
    const demo: DemoDataOptions = {
      seed: DEMO_SEED,
      today: addDays(activated, daysBetween(guessed, stored)),
      tenancies: DEMO_TENANCIES,
    };
    const files = demo.today === activated ? guess.files : generateDemoData(demo).files;
    const cases = files.reduce((sum, file) => sum + file.cases.length, 0);
    if (summary.counts.tenancies !== files.length || summary.counts.cases !== cases) throw notDemo();
    return demo;
  } finally {
    adapters.destroy();
  }
};

const notDemo = () =>
  new ReplayReadModelError(
    'hotline replay draws its callers from the demo data, but the store holds another read model: ' +
      'replay on a fresh store (--data DIR) or one that `npm start` seeded',
  );
