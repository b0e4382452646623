/**
 * HTTP control API under `{url}/_emulator` (no authentication, loopback only):
 *   GET    /_emulator                      info (urls, pat, tokens, organizations, collections)
 *   GET    /_emulator/log                  request log; DELETE clears it
 *   GET    /_emulator/latency              {ms}; PUT {ms} sets it
 *   GET    /_emulator/faults               list; POST FaultSpec -> {id}; DELETE clears; DELETE /faults/{id}
 *   PUT    /_emulator/organizations/{name}/signInPage   {enabled}  (cloud organization)
 *   PUT    /_emulator/collections/{name}/signInPage     {enabled}  (server collection)
 *   PUT    /_emulator/organizations/{name}/repositories/{project}/{repository}/contribute   {user, allowed}
 *   POST   /_emulator/tokens               {name, token, user, organizations, scopes?, expires?, kind?}
 *   DELETE /_emulator/tokens/{nameOrToken}
 *   POST   /_emulator/reset                back to the seed
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Ctx } from './context';
import { isRecord, readJson } from './context';
import type { FaultSpec } from './control';
import type { SeedToken } from './seed';

function reply(res: ServerResponse, status: number, body?: unknown): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

export async function controlApi(ctx: Ctx, req: IncomingMessage, res: ServerResponse, method: string, segs: string[]): Promise<void> {
  const c = ctx.control;
  const [what = '', id, sub] = segs;
  try {
    if (what === '' && method === 'GET') return reply(res, 200, ctx.info());
    if (what === 'log') {
      if (method === 'GET') return reply(res, 200, c.getLog());
      if (method === 'DELETE') { c.clearLog(); return reply(res, 204); }
    }
    if (what === 'latency') {
      if (method === 'GET') return reply(res, 200, { ms: c.getLatency() });
      if (method === 'PUT' || method === 'POST') {
        const body = await readJson(req);
        const ms = isRecord(body) ? Number(body.ms) : NaN;
        if (!Number.isFinite(ms) || ms < 0) return reply(res, 400, { message: 'body must be {"ms": number >= 0}' });
        c.setLatency(ms);
        return reply(res, 200, { ms });
      }
    }
    if (what === 'faults') {
      if (method === 'GET' && !id) return reply(res, 200, c.listFaults());
      if (method === 'POST' && !id) {
        const body = await readJson(req);
        if (!isRecord(body) || typeof body.fault !== 'string') return reply(res, 400, { message: 'body must be a FaultSpec with "fault"' });
        return reply(res, 201, { id: c.addFault(body as unknown as FaultSpec) });
      }
      if (method === 'DELETE' && !id) { c.clearFaults(); return reply(res, 204); }
      if (method === 'DELETE' && id) return reply(res, c.removeFault(id) ? 204 : 404);
    }
    if ((what === 'organizations' || what === 'collections') && id && sub === 'signInPage' && (method === 'PUT' || method === 'POST')) {
      const body = await readJson(req);
      const enabled = isRecord(body) && body.enabled === true;
      c.setSignInPage(id, enabled, what === 'organizations' ? 'cloud' : 'server');
      return reply(res, 200, { organization: id, signInPage: enabled });
    }
    if (what === 'organizations' && id && sub === 'repositories' && segs.length === 6 && segs[5] === 'contribute' && (method === 'PUT' || method === 'POST')) {
      const body = await readJson(req);
      if (!isRecord(body) || typeof body.user !== 'string' || typeof body.allowed !== 'boolean') return reply(res, 400, { message: 'body must be {"user": key, "allowed": boolean}' });
      c.setContribute(id, segs[3] ?? '', segs[4] ?? '', body.user, body.allowed);
      return reply(res, 200, { user: body.user, allowed: body.allowed });
    }
    if (what === 'tokens') {
      if (method === 'POST' && !id) {
        const body = await readJson(req);
        if (!isRecord(body) || typeof body.name !== 'string' || typeof body.token !== 'string') return reply(res, 400, { message: 'body must be {name, token, user, organizations, ...}' });
        c.addToken(body.name, body as unknown as SeedToken);
        return reply(res, 201, { name: body.name });
      }
      if (method === 'DELETE' && id) return reply(res, c.revokeToken(id) ? 204 : 404);
    }
    if (what === 'reset' && method === 'POST') { await c.reset(); return reply(res, 204); }
    return reply(res, 404, { message: `unknown control operation ${method} /_emulator/${segs.join('/')}` });
  } catch (err) {
    return reply(res, 400, { message: err instanceof Error ? err.message : String(err) });
  }
}
