import { viennaDate } from '../shared/domain/vienna-calendar.ts';
import type { ReadModelStore } from '../shared/ports/read-model.ts';
import { makeImportReadModel } from '../shared/use-cases/import-read-model.ts';
import { generateDemoData } from './demo/demo-data.ts';

/** Size of the demo read model `npm start` loads on first start: enough to look real, quick to load. */
export const DEMO_TENANCIES = 2_000;
export const DEMO_SEED = 20_261_125;

/**
 * On first start (no import yet) loads the demo data through the same CSV import a real file takes,
 * so the local hotline is never empty and the import path is exercised on every fresh start.
 * Returns whether it seeded.
 */
export const seedDemoDataIfEmpty = async (
  readModel: ReadModelStore,
  options: { readonly onProgress?: (line: string) => void; readonly now?: Date } = {},
): Promise<boolean> => {
  if ((await readModel.summary()) !== undefined) return false;
  const demo = generateDemoData({
    seed: DEMO_SEED,
    today: viennaDate(options.now ?? new Date()),
    tenancies: DEMO_TENANCIES,
  });
  options.onProgress?.(`seeding ${DEMO_TENANCIES} demo tenancies …`);
  await makeImportReadModel({ readModel })({
    tenancies: { name: 'demo/tenancies.csv', content: demo.tenanciesCsv },
    cases: { name: 'demo/cases.csv', content: demo.casesCsv },
  });
  return true;
};
