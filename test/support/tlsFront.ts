import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';

/**
 * A real TLS server (with a certificate made by openssl for the test) forwarding every request to an HTTP upstream,
 * e.g. one of the emulator's listeners: Azure DevOps behind a company CA or a self-signed certificate.
 * `url` keeps the upstream's path (a collection server's `/tfs`).
 */
export async function tlsFront(certificate: string, key: string, upstream: string): Promise<{ url: string; close(): Promise<void> }> {
  const target = new URL(upstream);
  const server = https.createServer({ cert: fs.readFileSync(certificate), key: fs.readFileSync(key) }, (req, res) => {
    const forward = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => { res.writeHead(502); res.end(); });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}${target.pathname.replace(/\/$/, '')}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
