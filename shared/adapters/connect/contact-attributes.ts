import {
  ConnectClient,
  GetContactAttributesCommand,
  UpdateContactAttributesCommand,
} from '@aws-sdk/client-connect';
import type { OutcomeCode } from '../../domain/outcomes.ts';
import type { ContactAttributes } from '../../ports/contact-attributes.ts';

/** The contact attribute that carries a call's outcome codes, comma-separated. */
export const OUTCOME_CODES_ATTRIBUTE = 'outcomeCodes';

export interface ConnectClientOptions {
  readonly region: string;
  readonly requestTimeoutMs: number;
  readonly maxAttempts: number;
}

/** Built once per process, bounded like the DynamoDB client: the agent waits for the answer. */
export const makeConnectClient = (options: ConnectClientOptions): ConnectClient =>
  new ConnectClient({
    region: options.region,
    maxAttempts: options.maxAttempts,
    requestHandler: {
      connectionTimeout: Math.min(1000, options.requestTimeoutMs),
      requestTimeout: options.requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  });

/** UpdateContactAttributes (https://docs.aws.amazon.com/connect/latest/APIReference/API_UpdateContactAttributes.html): works after the call too; Connect re-sends the contact record. */
export class ConnectContactAttributes implements ContactAttributes {
  constructor(
    private readonly connect: ConnectClient,
    private readonly instanceId: string,
  ) {}

  async recordOutcomeCodes(initialContactId: string, codes: readonly OutcomeCode[]): Promise<void> {
    await this.connect.send(
      new UpdateContactAttributesCommand({
        InstanceId: this.instanceId,
        InitialContactId: initialContactId,
        Attributes: { [OUTCOME_CODES_ATTRIBUTE]: codes.join(',') },
      }),
    );
  }

  /** GetContactAttributes: the attributes the flow set, kept by Connect with the contact. */
  async read(initialContactId: string): Promise<Readonly<Record<string, string>>> {
    const { Attributes } = await this.connect.send(
      new GetContactAttributesCommand({ InstanceId: this.instanceId, InitialContactId: initialContactId }),
    );
    return Attributes ?? {};
  }
}
