import { SimulatedUser } from './types';

/**
 * The users every simulator knows unless told otherwise, one per persona.
 * `demo` is the one the demo collects with.
 *
 * | username | password          | persona      |
 * | -------- | ----------------- | ------------ |
 * | demo     | demo-password     | ok           |
 * | trial    | trial-password    | trial-no-api |
 * | reader   | reader-password   | reader       |
 * | nowas    | nowas-password    | no-was       |
 * | expired  | expired-password  | expired      |
 */
export const DEFAULT_USERS: SimulatedUser[] = [
  { username: 'demo', password: 'demo-password', persona: 'ok' },
  { username: 'trial', password: 'trial-password', persona: 'trial-no-api' },
  { username: 'reader', password: 'reader-password', persona: 'reader' },
  { username: 'nowas', password: 'nowas-password', persona: 'no-was' },
  { username: 'expired', password: 'expired-password', persona: 'expired' },
];
