import { ContactEvent, type ContactProgress, toContactProgress } from '../../shared/connect/contact-event.ts';
import { issuePaths } from '../../shared/connect/contact-flow-event.ts';
import { logger } from '../../shared/observability/logger.ts';
import type { CallLogCompletionResult } from '../../shared/use-cases/complete-call-log.ts';

/**
 * Parse, call the use case, log. EventBridge invokes asynchronously, so the return value goes
 * nowhere; what matters is whether the invocation fails:
 * - a malformed event would fail the same way every time: logged (field paths only) and dropped;
 * - a store failure is thrown, so Lambda retries the event and finally parks it in the DLQ.
 */
export const createContactEventsHandler =
  (completeCallLog: (progress: ContactProgress) => Promise<CallLogCompletionResult>) =>
  async (event: unknown): Promise<void> => {
    const parsed = ContactEvent.safeParse(event);
    if (!parsed.success) {
      logger.warn('invalid contact event', { paths: issuePaths(parsed.error) });
      return;
    }
    const progress = toContactProgress(parsed.data);
    logger.appendKeys({ contactId: progress.contactId });
    const context = { eventType: progress.eventType, eventId: progress.eventId };
    try {
      const result = await completeCallLog(progress);
      if (result.outcome === 'ignored') {
        logger.info('contact event ignored', {
          ...context,
          reason: result.reason,
          channel: progress.channel,
        });
        return;
      }
      const { queue, afterHours, abandoned, waitSeconds, handleSeconds, disconnectReason } = result.timeline;
      logger.info('call log completed', {
        ...context,
        initialContactId: progress.initialContactId,
        queue,
        afterHours,
        abandoned,
        waitSeconds,
        handleSeconds,
        disconnectReason,
      });
    } catch (error) {
      logger.error('call log completion failed', { ...context, error });
      throw error;
    } finally {
      logger.removeKeys(['contactId']);
    }
  };
