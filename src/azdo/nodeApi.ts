/**
 * The azure-devops-node-api values the REST layer uses, gathered so that they load on first use instead of at
 * activation: lazy.ts requires this module when a client is first built, and the build puts it in its own file
 * (dist/nodeApi.js, see esbuild.mjs), so activating the extension neither parses nor runs it. Import node-api
 * values here (types may be imported anywhere with `import type`).
 */
export { ClientApiBase } from 'azure-devops-node-api/ClientApiBases';
export { CoreApi } from 'azure-devops-node-api/CoreApi';
export { GitApi } from 'azure-devops-node-api/GitApi';
export { LocationsApi } from 'azure-devops-node-api/LocationsApi';
export { ProfileApi } from 'azure-devops-node-api/ProfileApi';
export { BearerCredentialHandler } from 'azure-devops-node-api/handlers/bearertoken';
export { PersonalAccessTokenCredentialHandler } from 'azure-devops-node-api/handlers/personalaccesstoken';
export { ItemContentType, VersionControlChangeType } from 'azure-devops-node-api/interfaces/GitInterfaces';
export { AccountsApi } from './accountsApi';
