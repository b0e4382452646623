import type { CoreApi } from 'azure-devops-node-api/CoreApi';
import type { GitApi } from 'azure-devops-node-api/GitApi';
import type { IRequestHandler } from 'azure-devops-node-api/interfaces/common/VsoBaseInterfaces';
import { AzdoError } from './errors';
import type * as Areas from './areas';
import type * as NodeApi from './nodeApi';
import type { Credential } from './types';

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
 * repositories most of a load's CPU time), gzipped on the wire (a list of repositories compresses about tenfold; the
 * pipeline inflates it in one step, see body.ts). Only here: node-api's streaming methods hand the raw body
 * over, which must stay uncompressed. Resolves 'notFound' for a 404 (no such project, or organization).
 */
export async function getCollection<T>(api: GitApi | CoreApi, apiVersion: string, area: string, locationId: string, routeValues: Record<string, string | undefined>): Promise<T[] | null | 'notFound'> {
  const data = await api.vsoClient.getVersioningData(apiVersion, area, locationId, routeValues);
  if (!data.requestUrl) throw new AzdoError('malformed', `No route for ${area} ${locationId}`);
  const options = { ...api.createRequestOptions('application/json', data.apiVersion), additionalHeaders: { 'Accept-Encoding': 'gzip' } };
  // RestClient.get, whose reading of the answer takes the value the pipeline parsed (see http.ts reuseParsedJson).
  const res = await api.rest.get<{ value?: T[] } | T[]>(data.requestUrl, options);
  // typed-rest-client answers a 404 with a null result rather than an error.
  if (res.statusCode === 404) return 'notFound';
  const result = res.result;
  if (result === null) return null;
  return Array.isArray(result) ? result : Array.isArray(result.value) ? result.value : null;
}
