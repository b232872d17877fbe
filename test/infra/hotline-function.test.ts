import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AttributeType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { describe, expect, it } from 'vitest';
import { HotlineFunction } from '../../infra/constructs/hotline-function.ts';
import { testApps } from '../support/cdk-app.ts';

const apps = testApps('hotline-function');

const aFunctionAndTable = () => {
  const stack = new Stack(apps(), 'Test', { env: { account: '111111111111', region: 'eu-central-1' } });
  const table = new TableV2(stack, 'Calls', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
  const fn = new HotlineFunction(stack, 'Fn', { entry: 'functions/metrics-api/handler.ts' });
  return { stack, table, fn };
};

const queryStatement = (stack: Stack) =>
  Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
    .flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[],
    )
    .find((statement) => statement.Action === 'dynamodb:Query');

describe('HotlineFunction.useTable', () => {
  it('grants Query on the table alone unless the function names the indexes it queries', () => {
    // Prepare
    const plain = aFunctionAndTable();
    const withIndex = aFunctionAndTable();
    // Act
    plain.fn.useTable('calls', plain.table, 'Query');
    withIndex.fn.useTable('calls', withIndex.table, 'Query', { indexes: ['callsByTenancy'] });
    // Assess
    expect(JSON.stringify(queryStatement(plain.stack)?.Resource)).not.toContain('/index/');
    expect(JSON.stringify(queryStatement(withIndex.stack)?.Resource)).toContain('/index/callsByTenancy');
  });

  it('refuses an index the table does not define, and indexes without Query', () => {
    const { fn, table } = aFunctionAndTable();
    // @ts-expect-error: an index the table does not define is a type error as well.
    expect(() => fn.useTable('calls', table, 'Query', { indexes: ['byPhone'] })).toThrow(
      /must be among callsByTenancy; got byPhone/,
    );
    expect(() => fn.useTable('calls', table, 'GetItem', { indexes: ['callsByTenancy'] })).toThrow(
      /indexes are for 'Query'/,
    );
  });
});
