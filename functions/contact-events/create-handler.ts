import { ContactEvent, type ContactProgress, toContactProgress } from '../../shared/connect/contact-event.ts';
import { issuePaths } from '../../shared/connect/contact-flow-event.ts';
import { callbackResultOf } from '../../shared/domain/call-timeline.ts';
import { logger } from '../../shared/observability/logger.ts';
import {
  countMetric,
  type HandlerMetrics,
  METRIC_NAMES,
  METRICS_SERVICES,
  metricsFor,
} from '../../shared/observability/metrics.ts';
import type { CallLogCompletionResult } from '../../shared/use-cases/complete-call-log.ts';

/**
 * Parse, call the use case, log. EventBridge invokes asynchronously, so the return value goes
 * nowhere; what matters is whether the invocation fails:
 * - a malformed event would fail the same way every time: logged (field paths only), counted
 *   (MalformedContactEvents, alarmed on) and dropped;
 * - a store failure is thrown, so Lambda retries the event and finally parks it in the DLQ.
 */
export const createContactEventsHandler =
  (
    completeCallLog: (progress: ContactProgress) => Promise<CallLogCompletionResult>,
    metrics: HandlerMetrics = metricsFor(METRICS_SERVICES.contactEvents),
  ) =>
  async (event: unknown): Promise<void> => {
    // Powertools' ColdStart metric: on the environment's first invocation only, at once.
    metrics.captureColdStartMetric();
    const parsed = ContactEvent.safeParse(event);
    if (!parsed.success) {
      logger.warn('invalid contact event', { paths: issuePaths(parsed.error) });
      // Counted, not thrown: a retry would fail the same way, and the alarm on this metric says
      // that the event shape changed before the counters are missed.
      countMetric(metrics, METRIC_NAMES.malformedContactEvent);
      metrics.publishStoredMetrics();
      return;
    }
    const progress = toContactProgress(parsed.data);
    // Per line, not appended to the shared logger: overlapping invocations (the local server runs
    // many at once) would otherwise label each other's lines.
    const context = {
      contactId: progress.contactId,
      eventType: progress.eventType,
      eventId: progress.eventId,
    };
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
      const { timeline } = result;
      const { queue, afterHours, abandoned, waitSeconds, handleSeconds, disconnectReason } = timeline;
      const callback = timeline.callback;
      logger.info('call log completed', {
        counters: result.counters.outcome,
        ...context,
        initialContactId: progress.initialContactId,
        // A queued callback has a log of its own, linked to the call it was promised on.
        kind: callback ? 'callback' : 'call',
        ...(callback
          ? { previousContactId: callback.previousContactId, callback: callbackResultOf(timeline) }
          : {}),
        queue,
        afterHours,
        abandoned,
        waitSeconds,
        handleSeconds,
        disconnectReason,
      });
      // EMF for the dashboard (the managers' figures come from the counters). A call counts once, on
      // the event that first counted it; a later event that corrects it (a late QUEUED) changes the
      // counters but not these metrics, so urgent/abandoned here see the call as it was then.
      countMetric(metrics, METRIC_NAMES.contactEventRecorded);
      if (result.counters.outcome === 'counted' && result.counters.first) {
        if (callback) {
          countMetric(metrics, METRIC_NAMES.callbackCompleted);
          if (callbackResultOf(timeline) === 'unreachable')
            countMetric(metrics, METRIC_NAMES.callbackUnreachable);
        } else {
          countMetric(metrics, METRIC_NAMES.callCompleted);
          if (queue === 'urgent') countMetric(metrics, METRIC_NAMES.urgentCall);
          if (abandoned) countMetric(metrics, METRIC_NAMES.abandonedCall);
        }
      }
      metrics.publishStoredMetrics();
    } catch (error) {
      logger.error('call log completion failed', { ...context, error });
      throw error;
    }
  };
