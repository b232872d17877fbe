import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { ImportReport } from '../../import/uploads.ts';
import type { ImportNotifier } from '../../ports/import-uploads.ts';

/**
 * Publishes what became of an import to the import topic: status, counts and where the report is.
 * Problems stay in the report (they can be many); the message says how many there are.
 */
export class SnsImportNotifier implements ImportNotifier {
  constructor(
    private readonly sns: SNSClient,
    private readonly topicArn: string,
    private readonly bucket: string,
  ) {}

  async notify(report: ImportReport, where: { readonly reportKey: string }): Promise<void> {
    const message = {
      importId: report.importId,
      status: report.status,
      finishedAt: report.finishedAt,
      report: `s3://${this.bucket}/${where.reportKey}`,
      ...(report.status === 'imported' ? { generation: report.generation, counts: report.counts } : {}),
      ...(report.status === 'rejected' ? { problems: report.problems.length } : {}),
      ...(report.status === 'failed' ? { reason: report.reason } : {}),
    };
    await this.sns.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Subject: `Read model import ${report.status}`,
        Message: JSON.stringify(message),
        MessageAttributes: { status: { DataType: 'String', StringValue: report.status } },
      }),
    );
  }
}
