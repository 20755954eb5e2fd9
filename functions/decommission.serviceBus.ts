/** The decommission request queue (`%ERCSP_DECOMMISSION_QUEUE%`): see support/requestQueueTrigger.ts and functions/README.md. */
import { DECOMMISSION_REQUESTED } from '../shared/messages/eventTypes';
import { registerRequestQueueTrigger } from './support/requestQueueTrigger';

registerRequestQueueTrigger({
  queue: 'decommission',
  acceptedType: DECOMMISSION_REQUESTED,
});
