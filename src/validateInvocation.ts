import { IntegrationExecutionContext } from '@jupiterone/integration-sdk-core';
import { readOperatorKnobs } from './config/operatorKnobs';
import { QualysIntegrationConfig } from './config/types';
import { credentialCheckMessage } from './credentialCheckMessage';
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
  if (!config.vmdr.enabled && !config.was.enabled) {
    context.logger.warn(
      {},
      'ENABLE_VMDR and ENABLE_WAS are both off: this run collects only the account and its two services, no finding. Turn at least one on to collect findings.',
    );
  }
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
    throw configError(credentialCheckMessage(err, config.apiUrl.origin, config.password !== config.password.trim()));
  }
  context.logger.info(
    { apiUrl: config.apiUrl.origin, incremental: config.incremental },
    `Qualys accepted the credentials at ${config.apiUrl.origin}`,
  );
}
