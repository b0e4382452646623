// A small HTTP proxy for tests: CONNECT tunnels and plain forward requests, recording what it was asked for.
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TestProxy {
  url: string;
  /** `CONNECT host:port` or `GET host:port` for every request it handled. */
  seen: string[];
  close(): void;
}

/**
 * Starts a proxy on 127.0.0.1. `forward` decides where a plain forward request really goes (tests inside the VS Code
 * extension host must send it to 127.0.0.1, which VS Code's own proxy patch leaves alone).
 */
export async function startTestProxy(forward: (url: URL) => { host: string; port: number } = (u) => ({ host: u.hostname, port: Number(u.port) })): Promise<TestProxy> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '');
    seen.push(`GET ${url.host}`);
    const to = forward(url);
    const upstream = http.request({ host: to.host, port: to.port, path: `${url.pathname}${url.search}`, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => { res.writeHead(502); res.end(); });
    req.pipe(upstream);
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url ?? ''}`);
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close: () => server.close() };
}
