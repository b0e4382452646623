import type { CoreApi } from 'azure-devops-node-api/CoreApi';
import type { GitApi } from 'azure-devops-node-api/GitApi';
import type { IRequestHandler } from 'azure-devops-node-api/interfaces/common/VsoBaseInterfaces';
import type { IHttpClientResponse } from 'azure-devops-node-api/interfaces/common/VsoBaseInterfaces';
import type { IRequestOptions as RestRequestOptions, IRestResponse } from 'typed-rest-client/RestClient';
import { AzdoError } from './errors';
import { parsedJson } from './http';
import type * as Areas from './areas';
import type * as NodeApi from './nodeApi';
import type { Credential } from './types';

/** RestClient's reading of an answer (status, errors, JSON), which it keeps private. */
interface RestInternals {
  processResponse<T>(res: IHttpClientResponse, options?: RestRequestOptions): Promise<IRestResponse<T>>;
}

let nodeApiModule: typeof NodeApi | undefined;

/**
 * azure-devops-node-api, loaded on first use so that activation does not pay for it (see nodeApi.ts; the build
 * keeps it in dist/nodeApi.js and turns this require into one of that file).
 */
export function nodeApi(): typeof NodeApi {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load, by design
  return nodeApiModule ??= require('./nodeApi') as typeof NodeApi;
}

let areasModule: typeof Areas | undefined;

/** Pull requests, collaboration and identities (see areas.ts; dist/azdoAreas.js), loaded on first use. */
export function areas(): typeof Areas {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load, by design
  return areasModule ??= require('./areas') as typeof Areas;
}

/** The request handler that sends a credential (a personal access token, or a Microsoft access token). */
export function handlerFor(credential: Credential): IRequestHandler {
  const api = nodeApi();
  return credential.kind === 'pat'
    ? new api.PersonalAccessTokenCredentialHandler(credential.token, false)
    : new api.BearerCredentialHandler(credential.token, false);
}

/**
 * A GET of a `{count, value}` collection through an area client's routes, version negotiation and pipeline, read as
 * JSON without node-api's deserializer (which walks every field of every item to make dates and enums: for 10,000
 * repositories most of a load's CPU time), gzipped on the wire (a list of repositories compresses about tenfold;
 * typed-rest-client inflates it off the main thread). Only here: node-api's streaming methods hand the raw body
 * over, which must stay uncompressed. Resolves 'notFound' for a 404 (no such project, or organization).
 */
export async function getCollection<T>(api: GitApi | CoreApi, apiVersion: string, area: string, locationId: string, routeValues: Record<string, string | undefined>): Promise<T[] | null | 'notFound'> {
  const data = await api.vsoClient.getVersioningData(apiVersion, area, locationId, routeValues);
  if (!data.requestUrl) throw new AzdoError('malformed', `No route for ${area} ${locationId}`);
  const options = { ...api.createRequestOptions('application/json', data.apiVersion), additionalHeaders: { 'Accept-Encoding': 'gzip' } };
  // What RestClient.get sends, through the pipeline (which reads and parses the JSON once): the value is taken as the
  // pipeline parsed it; anything else (errors, a 404) as RestClient reads it.
  const raw = await api.rest.client.get(data.requestUrl, { ...options.additionalHeaders, Accept: options.acceptHeader ?? 'application/json' });
  const parsed = raw.message.statusCode !== undefined && raw.message.statusCode < 300 ? parsedJson(raw) : undefined;
  const res = parsed !== undefined ? { statusCode: raw.message.statusCode, result: parsed as { value?: T[] } | T[] | null }
    : await (api.rest as unknown as RestInternals).processResponse<{ value?: T[] } | T[]>(raw, options);
  // typed-rest-client answers a 404 with a null result rather than an error.
  if (res.statusCode === 404) return 'notFound';
  const result = res.result;
  if (result === null) return null;
  return Array.isArray(result) ? result : Array.isArray(result.value) ? result.value : null;
}
