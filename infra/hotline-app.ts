import type { App, Environment } from 'aws-cdk-lib';
import { type QueueCapacityOptions, queueCapacities } from '../shared/config/queues.ts';
import { type IsoDate, isIsoDate } from '../shared/domain/vienna-calendar.ts';
import { SECRET_VERSION_ID_PATTERN } from '../shared/ports/origin-secret.ts';
import { parseConnectInstanceAlias, parseConnectInstanceArn } from './constructs/hotline-connect.ts';
import {
  type HotlinePhoneNumberOptions,
  isPhoneNumberType,
  PHONE_NUMBER_TYPES,
} from './constructs/hotline-contact-flow.ts';
import { enforceAwsSolutions } from './nag.ts';
import { DataStack } from './stacks/data-stack.ts';
import { HotlineStack } from './stacks/hotline-stack.ts';

/** Where the hotline runs unless `AWS_REGION` or the Connect instance says otherwise (Vienna → Frankfurt). */
export const DEFAULT_REGION = 'eu-central-1';

/** The context keys the app reads (`cdk synth -c key=value`). */
export const CONTEXT_KEYS = {
  /** An existing instance to use (default: the stack creates one). */
  connectInstanceArn: 'connectInstanceArn',
  /**
   * The alias of the instance: names a created one (default `eviction-hotline-<account>`); required
   * with `connectInstanceArn`, since only that instance's agent workspace may frame the agent page.
   */
  connectInstanceAlias: 'connectInstanceAlias',
  /** `YYYY-MM-DD`: the first day of the three years of holidays in the hours (default: today in Vienna). */
  hoursFrom: 'hoursFrom',
  /** ISO country code, e.g. `AT`: claim a number there and route it to the inbound flow (default: none). */
  phoneNumberCountry: 'phoneNumberCountry',
  /** Kind of number to claim with `phoneNumberCountry` (default `DID`). */
  phoneNumberType: 'phoneNumberType',
  /** Waiting contacts `urgent` holds before callbacks are offered (default 10). */
  urgentMaxContacts: 'urgentMaxContacts',
  /** Waiting contacts `general` holds before callbacks are offered (default 6). */
  generalMaxContacts: 'generalMaxContacts',
  /** Callbacks the `callback` queue holds (default 10). */
  callbackMaxContacts: 'callbackMaxContacts',
  /** The instance's "Concurrent active calls per instance" quota, once raised (default 10). */
  concurrentCallsQuota: 'concurrentCallsQuota',
  /**
   * VersionId of the origin secret that CloudFront sends to the API and its functions expect
   * (default: the current one). A rotation sets it to the new version (docs/security.md).
   */
  originSecretVersion: 'originSecretVersion',
} as const;

/** A whole number given on the command line comes as text (`-c urgentMaxContacts=8`). */
const readCount = (app: App, key: string): number | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value);
  throw new RangeError(`${key} must be a whole number such as 8; got ${JSON.stringify(value)}.`);
};

/** The queue capacities from the context, checked against the quota before anything is built. */
const readQueueCapacities = (app: App): QueueCapacityOptions => {
  const options = {
    urgent: readCount(app, CONTEXT_KEYS.urgentMaxContacts),
    general: readCount(app, CONTEXT_KEYS.generalMaxContacts),
    callback: readCount(app, CONTEXT_KEYS.callbackMaxContacts),
    concurrentCallsQuota: readCount(app, CONTEXT_KEYS.concurrentCallsQuota),
  };
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  queueCapacities(given);
  return given;
};

const readHoursFrom = (app: App): IsoDate | undefined => {
  const value: unknown = app.node.tryGetContext(CONTEXT_KEYS.hoursFrom);
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !isIsoDate(value)) {
    throw new Error(
      `hoursFrom must be a calendar date YYYY-MM-DD, such as 2026-11-25; got ${JSON.stringify(value)}.`,
    );
  }
  return value;
};

const readPhoneNumber = (app: App): HotlinePhoneNumberOptions | undefined => {
  const country: unknown = app.node.tryGetContext(CONTEXT_KEYS.phoneNumberCountry);
  const type: unknown = app.node.tryGetContext(CONTEXT_KEYS.phoneNumberType);
  if (country === undefined || country === '') {
    if (type !== undefined) {
      throw new Error(
        `phoneNumberType needs phoneNumberCountry (e.g. -c phoneNumberCountry=AT); got phoneNumberType=${JSON.stringify(type)} alone.`,
      );
    }
    return undefined;
  }
  if (typeof country !== 'string' || !/^[A-Z]{2}$/.test(country)) {
    throw new Error(
      `phoneNumberCountry must be an ISO country code such as AT; got ${JSON.stringify(country)}.`,
    );
  }
  if (type === undefined) return { countryCode: country };
  if (!isPhoneNumberType(type)) {
    throw new Error(
      `phoneNumberType must be one of ${PHONE_NUMBER_TYPES.join(', ')}; got ${JSON.stringify(type)}.`,
    );
  }
  return { countryCode: country, type };
};

const readOriginSecretVersion = (app: App): string | undefined => {
  const value: unknown = app.node.tryGetContext(CONTEXT_KEYS.originSecretVersion);
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !SECRET_VERSION_ID_PATTERN.test(value)) {
    throw new Error(
      `originSecretVersion must be a Secrets Manager VersionId (32 to 64 letters, digits and dashes, as put-secret-value prints it); got ${JSON.stringify(value)}.`,
    );
  }
  return value;
};

export interface HotlineAppOptions {
  /**
   * Target account (the CLI's `CDK_DEFAULT_ACCOUNT`).
   *
   * @default - environment-agnostic: the account is resolved at deploy time
   */
  readonly account?: string;
  /**
   * Target region (`AWS_REGION`). An existing Connect instance's region wins: Connect only invokes
   * functions in its own region.
   *
   * @default DEFAULT_REGION
   */
  readonly region?: string;
}

export interface HotlineApp {
  readonly data: DataStack;
  readonly hotline: HotlineStack;
}

/**
 * Adds the hotline's stacks to `app`: `HotlineData` (tables, stateful) and `Hotline` (functions and
 * Connect), and holds the whole app to cdk-nag AwsSolutions. Works offline with no context.
 */
export const buildHotlineApp = (app: App, options: HotlineAppOptions = {}): HotlineApp => {
  const arnContext: unknown = app.node.tryGetContext(CONTEXT_KEYS.connectInstanceArn);
  const existing =
    arnContext === undefined || arnContext === '' ? undefined : parseConnectInstanceArn(arnContext);
  const aliasContext: unknown = app.node.tryGetContext(CONTEXT_KEYS.connectInstanceAlias);
  const alias = aliasContext === undefined ? undefined : parseConnectInstanceAlias(aliasContext);
  if (existing && alias === undefined) {
    throw new Error(
      `connectInstanceAlias is missing: with connectInstanceArn (${existing.arn}) the stack needs the instance's alias, since only its agent workspace (https://<alias>.my.connect.aws) may frame the agent page. Add it, e.g. -c connectInstanceArn=${existing.arn} -c connectInstanceAlias=wien-delogierung.`,
    );
  }

  const hoursFrom = readHoursFrom(app);
  const phoneNumber = readPhoneNumber(app);
  const capacities = readQueueCapacities(app);
  const originSecretVersion = readOriginSecretVersion(app);

  const env: Environment = {
    ...(options.account ? { account: options.account } : {}),
    region: existing?.region ?? options.region ?? DEFAULT_REGION,
  };
  const data = new DataStack(app, 'HotlineData', {
    env,
    description: 'Eviction-prevention hotline: tables (stateful).',
  });
  const hotline = new HotlineStack(app, 'Hotline', {
    env,
    description: 'Eviction-prevention hotline: functions and Amazon Connect.',
    tables: data.tables,
    hashKey: data.hashKey,
    ...(existing ? { connectInstanceArn: existing.arn } : {}),
    ...(alias ? { connectInstanceAlias: alias } : {}),
    ...(hoursFrom ? { hoursFrom } : {}),
    ...(phoneNumber ? { phoneNumber } : {}),
    queueCapacities: capacities,
    ...(originSecretVersion ? { originSecretVersion } : {}),
  });
  enforceAwsSolutions(app);
  return { data, hotline };
};
