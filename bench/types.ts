import { EndpointCounts } from './endpoints';
import { GraphCensus } from './graphCensus';
import { MachineFacts } from './machine';
import { Measurement } from './measure';

/** What the parse floor prints as its last line (`counts <json>`). */
export interface ParseFloorCounts {
  hostIds: number;
  hostAssets: number;
  detectionHosts: number;
  detections: number;
  distinctQids: number;
  knowledgeBaseEntries: number;
  /** Calls as the client counted them (the simulator's count is authoritative). */
  clientCalls: Record<string, number>;
}

/** CPU the rest of the machine used while one measured child ran. */
export interface Contention {
  /** CPU seconds of the simulator process during the run. */
  simulatorCpuSeconds?: number;
  /** CPU seconds of everything else but the measured child and the simulator. */
  otherCpuSeconds?: number;
  /** Share of the machine busy just before the start (0..1). */
  busyBefore?: number;
}

export interface MeasuredRun {
  measurement: Measurement;
  contention: Contention;
  /** Largest heap left after a full collection (MiB), from `--trace-gc`. */
  liveHeapMiB?: number;
  /** Wall time of every attempt, when a measurement is repeated (the best is kept). */
  attemptWallSeconds: number[];
}

export type ParseRun = MeasuredRun & { counts?: ParseFloorCounts; calls: EndpointCounts };
export type ProductRun = MeasuredRun & { census: GraphCensus; calls: EndpointCounts };
export type FloorRun = MeasuredRun & { census: GraphCensus };

/** Everything measured for one size of the ladder. */
export interface SizeResult {
  hosts: number;
  /** Detections the simulated subscription holds: the findings a full run must write. */
  expectedDetections: number;
  product?: ProductRun;
  parse?: ParseRun;
  floor?: FloorRun;
  /** Anything that makes the row untrustworthy: failed steps, wrong counts, timeouts. */
  problems: string[];
}

export interface BenchSetup {
  sizes: number[];
  detectionsPerHost: number;
  seed: number;
  webApps: number;
  findingsPerWebApp: number;
  /** Environment given to the product and the parse floor (password left out). */
  productSettings: Record<string, string>;
  machine: MachineFacts;
  method: string;
  /** Longest wait for a quiet machine before each run (0: no wait). */
  quietWaitSeconds: number;
  /** --max-old-space-size given to the measured children, if any. */
  heapCapMiB?: number;
  /** Attempts per measurement; the fastest is kept. */
  repeat: number;
  startedAt: Date;
  command: string;
}
