/**
 * A loopback Qualys API for tests, the demo and the benchmark. It answers the
 * portal version, host list, host detection, host asset, knowledge base, web
 * app and web app finding endpoints in Qualys's XML shapes, from a
 * subscription generated deterministically from a seed, with the VM API's
 * rate and concurrency limits, account personas and optional faults.
 */
export { startSimulator } from './simulator';
export { DEFAULT_USERS } from './users';
export type {
  FaultOptions,
  LimitOptions,
  Persona,
  RecordedRequest,
  RunningSimulator,
  SimulatedUser,
  SimulatorOptions,
} from './types';
export { SimulatedSubscription } from './model/subscription';
export type { NewDetection } from './model/subscription';
export type {
  CloudInfo,
  DetectionStatus,
  DetectionType,
  KnowledgeBaseEntry,
  SimulatedDetection,
  SimulatedFinding,
  SimulatedHost,
  SimulatedTag,
  SimulatedWebApp,
} from './model/types';
