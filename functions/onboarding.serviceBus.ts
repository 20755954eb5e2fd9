/** The onboarding request queue (`%ERCSP_ONBOARDING_QUEUE%`): see support/requestQueueTrigger.ts and functions/README.md. */
import { ONBOARDING_REQUESTED } from '../shared/messages/eventTypes';
import { registerRequestQueueTrigger } from './support/requestQueueTrigger';

registerRequestQueueTrigger({
  queue: 'onboarding',
  acceptedType: ONBOARDING_REQUESTED,
});
