/**
 * The azure-devops-node-api classes the REST layer uses, gathered so that they load on first use instead of at
 * activation: client.ts requires this module lazily, and the production build puts it in its own file
 * (dist/nodeApi.js, see esbuild.mjs), so activating the extension neither parses nor runs it. Import node-api
 * values here (types may be imported anywhere with `import type`).
 */
export { CoreApi } from 'azure-devops-node-api/CoreApi';
export { GitApi } from 'azure-devops-node-api/GitApi';
export { LocationsApi } from 'azure-devops-node-api/LocationsApi';
export { BearerCredentialHandler } from 'azure-devops-node-api/handlers/bearertoken';
export { PersonalAccessTokenCredentialHandler } from 'azure-devops-node-api/handlers/personalaccesstoken';
