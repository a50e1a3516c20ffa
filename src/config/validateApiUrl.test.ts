import { validateApiUrl } from './validateApiUrl';

const refusal = (value: string): string => {
  try {
    validateApiUrl(value);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`${value} was accepted`);
};

test('names a port above 65535 as the fault, without repeating a password in the URL', () => {
  expect(refusal('http://127.0.0.1:99999')).toMatch(/^Invalid qualysApiUrl \(QUALYS_API_URL\): its port 99999 is above 65535\./);
  const message = refusal('https://someone:s3cret@qualysapi.qualys.com:70000/');
  expect(message).toMatch(/its port 70000 is above 65535/);
  expect(message).not.toContain('s3cret');
});

test('calls a value without a scheme not an absolute URL', () => {
  expect(refusal('qualysapi.qualys.com')).toMatch(/it is not an absolute URL/);
});

test('accepts a Qualys API URL', () => {
  expect(validateApiUrl('https://qualysapi.qg3.apps.qualys.com').hostname).toBe('qualysapi.qg3.apps.qualys.com');
});
