import { IntegrationError, IntegrationValidationError } from '@jupiterone/integration-sdk-core';

/**
 * Errors meant for the person running the integration: their message is the
 * whole story (what happened, why, what to do), so the stack, which the SDK
 * CLI would print under it, is replaced by the message itself.
 */
export function withoutStack<T extends Error>(error: T): T {
  error.stack = `${error.name}: ${error.message}`;
  return error;
}

/** A setting is missing or wrong; the message names it and its fix. */
export function configError(message: string): IntegrationValidationError {
  const error = new IntegrationValidationError(message);
  error.name = 'ConfigurationError';
  return withoutStack(error);
}

/** A step collected what it could; the message says what is missing. */
export function incompleteError(code: string, message: string): IntegrationError {
  const error = new IntegrationError({ code, message });
  error.name = 'IncompleteCollection';
  return withoutStack(error);
}
