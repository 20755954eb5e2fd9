export { captureRegistrations, startCapturing, CaptureAlreadyActiveError } from './captureRegistrations';
export type { CaptureOptions, RegistrationCapture } from './captureRegistrations';
export {
  FunctionRegistry,
  FunctionNotRegisteredError,
  DuplicateFunctionError,
  kindOfTrigger,
} from './functionRegistry';
export type { FunctionKind, RegisteredFunction } from './functionRegistry';
export { createInvocationContext, invokeFunction } from './invocationContextFactory';
export type { InvocationOptions, InvocationResult } from './invocationContextFactory';
export { asHttpResponse } from './httpResponses';
