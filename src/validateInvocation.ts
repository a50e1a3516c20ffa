import { IntegrationExecutionContext } from '@jupiterone/integration-sdk-core';
import { readOperatorKnobs } from './config/operatorKnobs';
import { QualysIntegrationConfig } from './config/types';
import { isQualysError } from './qualys/errors';
import { fetchPortalVersion } from './qualys/operations/portalVersion';
import { QualysClient } from './qualys/client';
import { handOverPortalVersion } from './steps/portalVersionHandoff';
import { calculateConfigForRun } from './steps/runServices';
import { configError } from './userFacingError';

/**
 * Before any step: the settings parse, the operator knobs in the environment
 * are valid, the URL can be a Qualys API server, and Qualys accepts the
 * credentials. Each failure says which setting to fix or what to ask the
 * Qualys administrator for.
 */
export async function validateInvocation(
  context: IntegrationExecutionContext<QualysIntegrationConfig>,
): Promise<void> {
  const config = calculateConfigForRun(context);
  // Checked before the first call: the steps read the knobs only when they
  // start, so a bad value would otherwise fail a step (or the report at the
  // very end) after the collection's calls were made.
  readOperatorKnobs();
  if (process.env.QUALYS_SIMULATOR === '1') {
    context.logger.warn(
      { apiUrl: config.apiUrl.origin },
      `DEMO RUN against the built-in Qualys API simulator at ${config.apiUrl.origin}: the data is synthetic, not from Qualys`,
    );
  }
  const client = new QualysClient({
    apiUrl: config.apiUrl,
    username: config.username,
    password: config.password,
    logger: context.logger,
    idleTimeoutMs: 30_000,
    // A wrong URL or a down server should be reported in seconds, not minutes.
    retry: { maxAttempts: 2, maxLimitAttempts: 3, budgetMs: 60_000 },
  });
  try {
    const portal = await fetchPortalVersion(client);
    handOverPortalVersion(config.apiUrl.origin, config.username, portal);
  } catch (err) {
    if (!isQualysError(err)) throw err;
    if (['transient', 'bad-response', 'hostile-response', 'not-qualys'].includes(err.kind)) {
      throw configError(
        `qualysApiUrl (QUALYS_API_URL) ${config.apiUrl.origin} did not answer as a Qualys API server. ${err.message}`,
      );
    }
    throw configError(err.message);
  }
  context.logger.info(
    { apiUrl: config.apiUrl.origin, incremental: config.incremental },
    `Qualys accepted the credentials at ${config.apiUrl.origin}`,
  );
}
