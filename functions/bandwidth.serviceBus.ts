/** The bandwidth request queue (`%ERCSP_BANDWIDTH_QUEUE%`): see support/requestQueueTrigger.ts and functions/README.md. */
import { BANDWIDTH_CHANGE_REQUESTED } from '../shared/messages/eventTypes';
import { registerRequestQueueTrigger } from './support/requestQueueTrigger';

registerRequestQueueTrigger({
  queue: 'bandwidth',
  acceptedType: BANDWIDTH_CHANGE_REQUESTED,
});
