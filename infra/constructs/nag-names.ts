import type { Stack } from 'aws-cdk-lib';

/**
 * A value as cdk-nag names it inside a finding id (`AwsSolutions-IAM5[Resource::<Bucket.Arn>/*]`):
 * `<LogicalId.Attribute>`, `<LogicalId>` or the literal, so that an acknowledgement names exactly
 * one finding.
 */
export const logicalRef = (stack: Stack, value: string): string => {
  const resolved: unknown = stack.resolve(value);
  if (typeof resolved === 'string') return resolved;
  if (typeof resolved === 'object' && resolved !== null) {
    if ('Fn::GetAtt' in resolved && Array.isArray(resolved['Fn::GetAtt'])) {
      return `<${resolved['Fn::GetAtt'].join('.')}>`;
    }
    if ('Ref' in resolved) return `<${String(resolved.Ref)}>`;
  }
  throw new Error(
    `Cannot name ${JSON.stringify(resolved)} as cdk-nag does; expected a literal, Ref or Fn::GetAtt.`,
  );
};
