import {
  type IPolicyValidationContext,
  type IPolicyValidationPlugin,
  type PolicyValidationPluginReport,
  Validations,
} from 'aws-cdk-lib';
import { AwsSolutionsChecks, type NagPack } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/**
 * Runs a cdk-nag pack and turns every unacknowledged finding, warnings included, into an error, so
 * that synth fails until the finding is fixed or acknowledged with a reason
 * (`Validations.of(construct).acknowledge({ id, reason })`). cdk-nag itself filters acknowledged ones.
 */
export class StrictNagPlugin implements IPolicyValidationPlugin {
  readonly name: string;
  readonly version?: string;
  readonly ruleIds?: string[];

  constructor(private readonly pack: NagPack) {
    this.name = pack.name;
    this.version = pack.version;
    this.ruleIds = pack.ruleIds;
  }

  validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const report = this.pack.validate(context);
    return {
      success: report.violations.length === 0,
      violations: report.violations.map((violation) => ({
        ...violation,
        severity: 'error',
        ruleMetadata: { ...violation.ruleMetadata, nagLevel: violation.severity ?? 'unknown' },
      })),
    };
  }
}

/** The pack the hotline is held to. `verbose` adds each rule's explanation to the report. */
export const awsSolutionsChecks = (scope?: IConstruct): AwsSolutionsChecks =>
  new AwsSolutionsChecks(scope, { verbose: true });

/** Registers AwsSolutions on the app: any unacknowledged finding fails synth. */
export const enforceAwsSolutions = (app: IConstruct): void => {
  Validations.of(app).addPlugins(new StrictNagPlugin(awsSolutionsChecks(app)));
};
