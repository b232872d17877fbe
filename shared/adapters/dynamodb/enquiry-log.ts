import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Enquiry, EnquiryLog } from '../../ports/enquiry-log.ts';
import type { LookupOptions } from '../../ports/tenancy-directory.ts';
import { callKeys, enquiryValues } from './entities/call.ts';
import type { PersonalHasher } from './entities/personal-hasher.ts';
import { toStoreError } from './errors.ts';

/**
 * One call-log item per call, keyed by the initial contact id. A single UpdateItem with
 * `if_not_exists` and set-union makes it idempotent: Connect's retries, the second lookup after the
 * keypad, and a transfer all land on the same item, and the first write's time and TTL stay. The
 * same write files the call for its tenancy's history (`tenancyKey`, see enquiryValues), so that
 * every call shows there, whether or not an agent ever opens it.
 */
export class DynamoEnquiryLog implements EnquiryLog {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly retentionDays: number,
    /** The active generation's hasher: the caller's number is filed under the hash lookups use. */
    private readonly hasher: (options?: LookupOptions) => Promise<PersonalHasher>,
  ) {}

  async logEnquiry(
    enquiry: Enquiry,
    options?: LookupOptions,
  ): Promise<{ readonly firstForContact: boolean }> {
    const values = enquiryValues(enquiry, this.retentionDays, await this.hasher(options));
    // Every attribute goes through a name placeholder: several (`version`, `channel`) are reserved words.
    // The filing: a tenancy number keyed in replaces the number's (the caller chose it); a lookup by
    // number never replaces a filing under a tenancy (a transfer's second lookup, an agent's choice).
    const sets = [
      ['entity', ':entity', false],
      ['version', ':version', false],
      ['receivedAt', ':receivedAt', true],
      ['channel', ':channel', true],
      ['expiresAt', ':expiresAt', true],
      ['callerKey', ':callerKey', true],
      ['keyedTenancyId', ':keyedTenancyId', false],
      ['tenancyKey', ':tenancyKey', enquiry.keyedTenancyId === undefined],
    ] as const;
    const present = sets.filter(([name]) => values[name] !== undefined);
    const names = Object.fromEntries(present.map(([name]) => [`#${name}`, name]));
    const attributeValues: Record<string, unknown> = Object.fromEntries(
      present.map(([name, placeholder]) => [placeholder, values[name]]),
    );
    const assignments = present.map(([name, placeholder, keepFirst]) =>
      keepFirst ? `#${name} = if_not_exists(#${name}, ${placeholder})` : `#${name} = ${placeholder}`,
    );
    attributeValues[':mode'] = new Set([enquiry.mode]);
    attributeValues[':contact'] = new Set([enquiry.contactId]);
    try {
      const { Attributes } = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: callKeys.log(enquiry.initialContactId),
          UpdateExpression: `SET ${assignments.join(', ')} ADD lookupModes :mode, contactIds :contact`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: attributeValues,
          ReturnValues: 'UPDATED_OLD',
        }),
        { abortSignal: options?.signal },
      );
      return { firstForContact: Attributes?.receivedAt === undefined };
    } catch (error) {
      throw toStoreError(error);
    }
  }
}
