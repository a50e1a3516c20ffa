import { Exchange, startResponse } from './exchange';
import { FaultPlan } from './faults';

/** Answers that replace the real one for the whole-response faults. */

const MAINTENANCE_PAGE =
  '<!DOCTYPE html>\n<html>\n<head><title>Service temporarily unavailable</title></head>\n' +
  '<body>\n<h1>Scheduled maintenance</h1>\n' +
  '<p>The service is down for maintenance. Please try again in a few minutes.</p>\n' +
  '</body>\n</html>\n';

/**
 * Carries out a fault that replaces the whole answer. Returns false for
 * faults that act on the body instead (truncate, stall) or on the limits
 * (conflict), which the caller handles.
 */
export function answerWithFault(ex: Pick<Exchange, 'res' | 'record'>, fault: FaultPlan): boolean {
  switch (fault.kind) {
    case 'error':
      // What a proxy in front of Qualys says during maintenance.
      startResponse(ex, 503, 'text/html; charset=UTF-8');
      ex.res.end(MAINTENANCE_PAGE);
      return true;
    case 'html':
      // A login or maintenance page served with 200: only the content type tells.
      startResponse(ex, 200, 'text/html; charset=UTF-8');
      ex.res.end(MAINTENANCE_PAGE);
      return true;
    case 'wrong-content-type':
      startResponse(ex, 200, 'text/plain; charset=UTF-8');
      ex.res.end('upstream returned an unexpected answer\n\u0000\u0001 #### not xml ####\n');
      return true;
    default:
      return false;
  }
}
