import { ContactFlowEvent, issuePaths, StringMap } from '../../shared/connect/contact-flow-event.ts';
import {
  FALLBACK_ATTRIBUTES,
  type IdentifyCallerAttributes,
  IdentifyCallerParameters,
  toAttributes,
  toQuery,
} from '../../shared/connect/identify-caller-contract.ts';
import { logger } from '../../shared/observability/logger.ts';
import type { Identification, IdentifyCallerQuery } from '../../shared/use-cases/identify-caller.ts';

const invalidInput = { ...FALLBACK_ATTRIBUTES, lookupStatus: 'invalid_input' };

/** Parse, call the use case, map. Any failure answers with attributes that route to `general`. */
export const createIdentifyCallerHandler =
  (identifyCaller: (query: IdentifyCallerQuery) => Promise<Identification>) =>
  async (event: unknown): Promise<IdentifyCallerAttributes> => {
    const parsed = ContactFlowEvent.safeParse(event);
    if (!parsed.success) {
      logger.warn('invalid contact flow event', { paths: issuePaths(parsed.error) });
      return FALLBACK_ATTRIBUTES;
    }
    // Per line, not appended to the shared logger: overlapping invocations (the local server runs
    // many at once) would otherwise label each other's lines.
    const contactId = parsed.data.Details.ContactData.ContactId;
    try {
      const parameters = IdentifyCallerParameters.safeParse(parsed.data.Details.Parameters);
      if (!parameters.success) {
        logger.warn('invalid lookup parameters', { contactId, paths: issuePaths(parameters.error) });
        return invalidInput;
      }
      const identification = await identifyCaller(toQuery(parsed.data, parameters.data));
      const attributes = toAttributes(identification);
      StringMap.parse(attributes);
      return attributes;
    } catch (error) {
      logger.error('caller identification failed', { contactId, error });
      return FALLBACK_ATTRIBUTES;
    }
  };
