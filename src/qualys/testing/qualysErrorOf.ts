import { QualysError } from '../errors';

/** The QualysError a promise rejects with; fails the test when it resolves or rejects with anything else. */
export async function qualysErrorOf(promise: Promise<unknown>): Promise<QualysError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(QualysError);
    return err as QualysError;
  }
  throw new Error('expected a QualysError, but the promise resolved');
}
