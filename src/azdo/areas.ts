// The REST layer's areas that only features use (pull requests, collaboration, identities): dist/azdoAreas.js,
// loaded on first use through areas() in lazy.ts, so that activation does not load them.
export { CollaborationClient } from './collaboration';
export { PullRequestClient } from './pullRequests';
export {
  avatarUrl, fallbackIdentitiesBase, IMS_AREA_ID, identitySearchUrl, parseIdentities, pickIdentity, sniffImage,
} from './identities';
