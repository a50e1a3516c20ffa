import http from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A server on 127.0.0.1 that answers every request with a web server's
 * welcome page: what a wrong qualysApiUrl usually reaches. Started before the
 * describe block's tests and closed after them; `url()` is its origin.
 */
export function useWebPageServer(): { url: () => string } {
  let server: http.Server;
  let origin = '';
  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><html><head><title>Welcome to nginx</title></head><body>hello</body></html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: () => origin };
}
