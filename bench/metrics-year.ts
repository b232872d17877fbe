import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { seededRandom } from '../local/demo/random.ts';
import { dayCounterUpdate, metricsKeys } from '../shared/adapters/dynamodb/entities/metrics-day.ts';
import {
  type Contribution,
  callContribution,
  type DayCounts,
  outcomeContribution,
} from '../shared/domain/call-metrics.ts';
import { deriveTimeline } from '../shared/domain/call-timeline.ts';
import { OUTCOME_CODES, type OutcomeCode } from '../shared/domain/outcomes.ts';
import { addDays, daysBetween, type IsoDate, viennaOffsetMs } from '../shared/domain/vienna-calendar.ts';

/**
 * A synthetic year of day counters at any call volume, without replaying the calls: call facts
 * made in memory, each turned into its contribution by the domain's own `callContribution` and
 * `outcomeContribution`, summed per day, and written with the adapter's own `dayCounterUpdate`
 * (one UpdateItem per day: the same item the counters write, `ADD` per counter).
 */

export interface SyntheticYear {
  readonly calls: number;
  readonly days: number;
  readonly writeRequests: number;
  readonly generateMs: number;
}

/** Share of calls per Vienna hour 8–17 on a weekday; a few outside hours. */
const HOUR_WEIGHTS: readonly (readonly [number, number])[] = [
  [7, 2],
  [8, 12],
  [9, 16],
  [10, 15],
  [11, 12],
  [12, 8],
  [13, 11],
  [14, 10],
  [15, 8],
  [16, 5],
  [17, 1],
];
const HOUR_TOTAL = HOUR_WEIGHTS.reduce((sum, [, w]) => sum + w, 0);

const sumInto = (target: Map<IsoDate, Record<string, number>>, contribution: Contribution | undefined) => {
  if (!contribution) return;
  let counts = target.get(contribution.day);
  if (!counts) {
    counts = {};
    target.set(contribution.day, counts);
  }
  for (const [name, n] of Object.entries(contribution.counts)) counts[name] = (counts[name] ?? 0) + n;
};

/** The day counters of `calls` synthetic calls over `from`–`to` (weekdays busier), summed in memory. */
export const syntheticDayCounts = (
  calls: number,
  period: { readonly from: IsoDate; readonly to: IsoDate },
  seed: number,
): DayCounts[] => {
  const random = seededRandom(seed);
  const dayCount = daysBetween(period.from, period.to) + 1;
  // Weekdays carry 10 × the weight of a weekend day (callbacks and after-hours calls only).
  const days = Array.from({ length: dayCount }, (_, i) => addDays(period.from, i));
  const weights = days.map((day) => ([0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay()) ? 1 : 10));
  const cumulative: number[] = [];
  let total = 0;
  for (const w of weights) {
    total += w;
    cumulative.push(total);
  }
  const pickDay = (): IsoDate => {
    const x = random.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) > x) hi = mid;
      else lo = mid + 1;
    }
    return days[lo] as IsoDate;
  };
  const pickHour = (): number => {
    let x = random.next() * HOUR_TOTAL;
    for (const [hour, w] of HOUR_WEIGHTS) {
      x -= w;
      if (x < 0) return hour;
    }
    return 16;
  };
  const sums = new Map<IsoDate, Record<string, number>>();
  for (let i = 0; i < calls; i++) {
    const day = pickDay();
    const hour = pickHour();
    const midnightUtc = Date.parse(`${day}T00:00:00Z`);
    const local = midnightUtc + hour * 3_600_000 + random.int(0, 3_599) * 1000;
    const initiatedAt = new Date(local - viennaOffsetMs(new Date(local)));
    const afterHours = hour < 8 || hour >= 17;
    const at = (seconds: number) => new Date(initiatedAt.getTime() + seconds * 1000);
    const flow = random.int(20, 90);
    let milestones: Parameters<typeof deriveTimeline>[0];
    if (afterHours || random.chance(0.04)) {
      // closed, or a callback asked for: ends in the flow
      const callback = !afterHours || random.chance(0.5);
      milestones = {
        initiatedAt,
        afterHours,
        ...(callback ? { queue: 'callback' } : {}),
        disconnectedAt: at(flow),
        disconnectReason: callback ? 'CUSTOMER_DISCONNECT' : 'CONTACT_FLOW_DISCONNECT',
      };
    } else {
      const queue = random.chance(0.18) ? 'urgent' : 'general';
      // waits: mostly short, a long tail (urgent shorter)
      const wait = Math.round(-Math.log(1 - random.next()) * (queue === 'urgent' ? 25 : 70));
      const answered = !random.chance(queue === 'urgent' ? 0.04 : 0.12);
      const queuedAt = at(flow);
      milestones = answered
        ? {
            initiatedAt,
            afterHours,
            queue,
            queuedAt,
            answeredAt: at(flow + wait),
            disconnectedAt: at(flow + wait + random.int(120, 1_500)),
            disconnectReason: 'AGENT_DISCONNECT',
          }
        : {
            initiatedAt,
            afterHours,
            queue,
            queuedAt,
            disconnectedAt: at(flow + Math.min(wait, random.int(10, 600))),
            disconnectReason: 'CUSTOMER_DISCONNECT',
          };
    }
    const timeline = deriveTimeline(milestones);
    const contribution = callContribution({ timeline, receivedAt: initiatedAt });
    sumInto(sums, contribution);
    if (timeline.answeredAt && contribution && random.chance(0.95)) {
      const codes = new Set<OutcomeCode>();
      for (let c = random.int(1, 3); c > 0; c--) {
        codes.add(OUTCOME_CODES[random.int(0, OUTCOME_CODES.length - 1)] as OutcomeCode);
      }
      const resolution = random.next();
      sumInto(
        sums,
        outcomeContribution({
          codes: [...codes],
          callDay: contribution.day,
          ...(random.chance(0.2)
            ? { followUp: { kind: 'consultation' as const, at: at(86_400 * 7).toISOString() } }
            : {}),
          ...(resolution < 0.03
            ? { caseResolution: 'housing_secured' as const }
            : resolution < 0.04
              ? { caseResolution: 'housing_lost' as const }
              : {}),
        }),
      );
    }
  }
  return [...sums.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, counts]) => ({ day, counts }));
};

/** Writes the day counters with the adapter's own update, one UpdateItem per day. */
export const writeDayCounts = async (
  doc: DynamoDBDocumentClient,
  table: string,
  days: readonly DayCounts[],
): Promise<number> => {
  let requests = 0;
  const queue = [...days];
  const worker = async () => {
    for (let day = queue.shift(); day; day = queue.shift()) {
      const update = dayCounterUpdate(table, day).Update;
      if (!update) throw new Error('dayCounterUpdate gave no Update');
      await doc.send(new UpdateCommand(update));
      requests++;
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return requests;
};

/** An attribute value's size by DynamoDB's rules: strings in UTF-8 bytes, numbers ≈ 1 byte per 2 digits + 1. */
const valueBytes = (value: string | number): number => {
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  const digits = String(Math.abs(value)).replace(/[.-]/g, '').replace(/^0+/, '').length;
  return Math.ceil(digits / 2) + 1;
};

/** The size of a day counter item as DynamoDB counts it: attribute names plus values. */
export const dayItemBytes = (day: DayCounts): number => {
  const item: Record<string, string | number> = {
    ...metricsKeys.day(day.day),
    entity: 'metrics-day',
    version: 1,
    ...day.counts,
  };
  return Object.entries(item).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name, 'utf8') + valueBytes(value),
    0,
  );
};
