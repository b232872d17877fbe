import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { HotlineConnect } from '../constructs/hotline-connect.ts';
import { HotlineFunction } from '../constructs/hotline-function.ts';
import type { HotlineTables } from './data-stack.ts';

/**
 * The inbound flow waits this long for identify-caller (`InvocationTimeLimitSeconds`); the function
 * times out no later, so a slow lookup costs the caller at most this and ends in the fallback branch.
 */
export const IDENTIFY_CALLER_TIME_LIMIT_SECONDS = 3;

export interface HotlineStackProps extends StackProps {
  /** The tables of the data stack. */
  readonly tables: HotlineTables;
  /**
   * ARN of an existing Amazon Connect instance (`-c connectInstanceArn=…`).
   *
   * @default - the stack creates an instance
   */
  readonly connectInstanceArn?: string;
  /**
   * Alias of the instance the stack creates (`-c connectInstanceAlias=…`).
   *
   * @default - `eviction-hotline-<account id>`
   */
  readonly connectInstanceAlias?: string;
}

/**
 * The stateless hotline: the functions and Amazon Connect. Queues, hours of operation and the
 * inbound flow attach to `connect` (its `instanceArn`, and the association of `identifyCaller`).
 */
export class HotlineStack extends Stack {
  readonly connect: HotlineConnect;
  readonly identifyCaller: HotlineFunction;

  constructor(scope: Construct, id: string, props: HotlineStackProps) {
    super(scope, id, props);

    this.connect = new HotlineConnect(this, 'Connect', {
      ...(props.connectInstanceArn ? { instanceArn: props.connectInstanceArn } : {}),
      ...(props.connectInstanceAlias ? { instanceAlias: props.connectInstanceAlias } : {}),
    });

    this.identifyCaller = new HotlineFunction(this, 'IdentifyCaller', {
      entry: 'functions/identify-caller/handler.ts',
      description: 'Identifies an inbound caller for the contact flow and logs the enquiry.',
      timeout: Duration.seconds(IDENTIFY_CALLER_TIME_LIMIT_SECONDS),
      memorySize: 1024,
    });
    // Exactly the calls the code makes: DynamoTenancyDirectory reads the pointer and one entry with
    // GetItem; DynamoEnquiryLog writes the call-log item with one UpdateItem.
    this.identifyCaller.useTable('readModel', props.tables.readModel, 'GetItem');
    this.identifyCaller.useTable('calls', props.tables.calls, 'UpdateItem');

    this.connect.allowInvoke(this.identifyCaller);
  }
}
