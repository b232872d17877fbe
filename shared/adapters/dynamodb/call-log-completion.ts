import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CallLogCompletion, CallLogEntry, CompletedCallLog } from '../../ports/call-log-completion.ts';
import { callKeys, callLogEntryValues, fromCallCountingItem, MILESTONE_SETS } from './entities/call.ts';
import { toStoreError } from './errors.ts';

/**
 * Writes contact-event milestones into the call-log item identify-caller keeps per call, with one
 * UpdateItem per event and no read:
 * - the milestones go into string sets with `ADD`, a union: commutative and idempotent, so no
 *   condition, no processed-event ids and no read-modify-write are needed, and concurrent events for
 *   one call cannot lose each other's writes;
 * - `entity`, `version`, `channel` and `expiresAt` are set with `if_not_exists`, so an item the
 *   events create first is complete, and one identify-caller created first keeps its values;
 * - `contactIds` is the same set identify-caller adds to.
 * `ReturnValues: ALL_NEW` hands back the item as it now stands (no extra request), from which the
 * timeline is derived for the log line, and what the metric counters need (see call-counters.ts).
 */
/** Attributes the first writer sets and every later one keeps (`if_not_exists`). */
type KeptFirst = 'entity' | 'version' | 'channel' | 'expiresAt' | 'initiationMethod' | 'previousContactId';

export class DynamoCallLogCompletion implements CallLogCompletion {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly retentionDays: number,
  ) {}

  async complete(entry: CallLogEntry): Promise<CompletedCallLog> {
    const values = callLogEntryValues(entry, this.retentionDays);
    // Every attribute goes through a name placeholder: several (`version`, `channel`) are reserved words.
    const keepFirst: readonly KeptFirst[] = [
      'entity',
      'version',
      'channel',
      'expiresAt',
      ...(['initiationMethod', 'previousContactId'] as const).filter((name) => values[name] !== undefined),
    ];
    const added = MILESTONE_SETS.filter((name) => values.sets[name] !== undefined);
    const names: Record<string, string> = Object.fromEntries(
      [...keepFirst, 'contactIds', ...added].map((name) => [`#${name}`, name]),
    );
    const attributeValues: Record<string, unknown> = {
      ...Object.fromEntries(keepFirst.map((name) => [`:${name}`, values[name]])),
      ':contactIds': values.contactIds,
      ...Object.fromEntries(added.map((name) => [`:${name}`, values.sets[name]])),
    };
    const sets = keepFirst.map((name) => `#${name} = if_not_exists(#${name}, :${name})`);
    const adds = ['contactIds', ...added].map((name) => `#${name} :${name}`);
    try {
      const { Attributes } = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: callKeys.log(entry.initialContactId),
          UpdateExpression: `SET ${sets.join(', ')} ADD ${adds.join(', ')}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: attributeValues,
          ReturnValues: 'ALL_NEW',
        }),
      );
      const counting = fromCallCountingItem(Attributes);
      return { timeline: counting.facts.timeline, counting };
    } catch (error) {
      throw toStoreError(error);
    }
  }
}
