import { ServerResponse } from 'node:http';
import { SimulatedSubscription } from '../model/subscription';
import { RecordedRequest } from '../types';
import { simpleReturn } from '../xml/foDocument';
import { qpsError } from '../xml/qpsDocument';
import { BodySink } from './bodySink';
import { FaultPlan } from './faults';
import { IncomingCall } from './incomingCall';

/** Settings the endpoints read, with defaults applied. */
export interface EndpointSettings {
  maxTruncationLimit: number;
  maxIdListTruncationLimit: number;
}

/** One request being answered: what came in, where the answer goes, and the shared state. */
export interface Exchange {
  call: IncomingCall;
  res: ServerResponse;
  record: RecordedRequest;
  baseUrl: string;
  subscription: SimulatedSubscription;
  settings: EndpointSettings;
  /** Limit headers every VM API answer after admission carries. */
  limitHeaders: Record<string, string>;
  /** A body fault (truncate, stall) the sink must carry out. */
  fault?: FaultPlan;
}

/** Content types as recorded: data answers and SIMPLE_RETURN notices differ. */
export const XML_DATA = 'application/xml';
export const XML_NOTICE = 'text/xml;charset=UTF-8';

/** Sends the status line and headers, and records the status. */
export function startResponse(
  ex: Pick<Exchange, 'res' | 'record'>,
  status: number,
  contentType: string,
  headers: Record<string, string> = {},
): void {
  ex.record.status = status;
  ex.res.writeHead(status, { 'Content-Type': contentType, ...headers });
}

/** Opens a streamed XML answer (200) and returns its sink. */
export function openXmlStream(ex: Exchange, headers: Record<string, string> = {}): BodySink {
  startResponse(ex, 200, XML_DATA, { ...ex.limitHeaders, ...headers });
  return new BodySink(ex.res, ex.fault);
}

/** Sends a small XML answer whole, through a sink so body faults still apply. */
export async function sendXml(ex: Exchange, body: string, status = 200, contentType = XML_DATA): Promise<void> {
  startResponse(ex, status, contentType, ex.limitHeaders);
  const sink = new BodySink(ex.res, ex.fault);
  sink.push(body);
  await sink.end();
}

/** A VM API SIMPLE_RETURN answer (errors and notices). */
export function sendSimpleReturn(
  ex: Pick<Exchange, 'res' | 'record' | 'baseUrl'>,
  status: number,
  code: number,
  text: string,
  options: { items?: [string, string][]; headers?: Record<string, string> } = {},
): void {
  startResponse(ex, status, XML_NOTICE, options.headers);
  ex.res.end(simpleReturn(ex.baseUrl, code, text, options.items));
}

/** A QPS error answer: HTTP 200, the code in `responseCode`. */
export function sendQpsError(
  ex: Pick<Exchange, 'res' | 'record' | 'baseUrl'>,
  xsdPath: string,
  responseCode: string,
  message: string,
  resolution?: string,
): void {
  startResponse(ex, 200, XML_DATA);
  ex.res.end(qpsError(ex.baseUrl, xsdPath, responseCode, message, resolution));
}

/** 400 / 1905 for a parameter Qualys would refuse. */
export function badParameter(ex: Exchange, name: string, value: string, why: string): void {
  sendSimpleReturn(ex, 400, 1905, `Invalid value for parameter ${name}: ${value} (${why})`, {
    headers: ex.limitHeaders,
  });
}

/** 400 / 1903 for a required parameter left out. */
export function missingParameter(ex: Exchange, name: string): void {
  sendSimpleReturn(ex, 400, 1903, `Missing required parameter(s): ${name}`, { headers: ex.limitHeaders });
}
