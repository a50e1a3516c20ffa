import { SimulatedUser } from '../types';

/** Which part of Qualys a request is for; personas are refused per part. */
export type Service = 'portal' | 'hosts' | 'detections' | 'knowledge-base' | 'assets' | 'was';

/** How the simulator refuses a call, in the style of the API family asked. */
export type Refusal =
  | { api: 'fo'; status: number; code: number; text: string }
  | { api: 'qps'; responseCode: string; message: string; resolution?: string };

export type Authorization =
  | { user: SimulatedUser; refusal?: undefined }
  | { user?: undefined; refusal: Refusal };

/**
 * Decides whether a user may make a call. Bad credentials follow what Qualys
 * was seen to answer (fo: 401 code 2000; QPS: HTTP 200 INVALID_CREDENTIALS),
 * as does the expired account (fo: HTTP 200 code 2001). The answers for
 * `trial-no-api` (fo 403 code 2002; QPS UNAUTHORIZED) and for `reader` on
 * detections (403 code 2012) are this simulator's approximation: the codes
 * exist in Qualys, but no answer of that kind was ever recorded.
 */
export function authorize(
  users: readonly SimulatedUser[],
  credentials: { username: string; password: string } | undefined,
  api: 'fo' | 'qps',
  service: Service,
): Authorization {
  const user = credentials && users.find((u) => u.username === credentials.username);
  if (!user || !credentials || user.password !== credentials.password) {
    return api === 'fo'
      ? { refusal: { api, status: 401, code: 2000, text: 'Bad Login/Password' } }
      : {
          refusal: {
            api,
            responseCode: 'INVALID_CREDENTIALS',
            message: 'Authentication failed: user name or password not recognised.',
            resolution: 'Check the user name and the password.',
          },
        };
  }

  switch (user.persona) {
    case 'trial-no-api':
      return api === 'fo'
        ? {
            refusal: {
              api,
              status: 403,
              code: 2002,
              text:
                `API access is not enabled for user ${user.username}. ` +
                'Ask your account manager to enable the API for this subscription.',
            },
          }
        : {
            refusal: {
              api,
              responseCode: 'UNAUTHORIZED',
              message: 'API access is not enabled for this user.',
              resolution: 'Ask your account manager to enable the API for this subscription.',
            },
          };
    case 'expired':
      return api === 'fo'
        ? {
            refusal: {
              api,
              status: 200,
              code: 2001,
              text: 'Your account has expired. Contact your account manager to renew the subscription.',
            },
          }
        : {
            refusal: {
              api,
              responseCode: 'EVALUATION_EXPIRED',
              message: 'The evaluation period of this account has ended.',
            },
          };
    case 'reader':
      if (service === 'detections') {
        return {
          refusal: {
            api: 'fo',
            status: 403,
            code: 2012,
            text:
              `User ${user.username} has insufficient privileges for this operation: ` +
              'the Reader user role may not list host detections.',
          },
        };
      }
      return { user };
    case 'no-was':
      if (service === 'was') {
        return {
          refusal: { api: 'qps', responseCode: 'UNAUTHORIZED', message: 'Not authorized to access this module.' },
        };
      }
      return { user };
    default:
      return { user };
  }
}
