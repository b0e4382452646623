// The command implementations, by id: in dist/features.js, loaded on the first command (see index.ts).
import { checkSignIn } from './checkSignIn';
import { checkGitCredentials } from './checkGitCredentials';
import { cloneRepository } from './cloneRepository';
import { addRemote } from './addRemote';
import { copyCloneUrl } from './copyCloneUrl';
import { createRepository } from './createRepository';
import { checkoutPullRequest } from './checkoutPullRequest';
import { copyPullRequestLink } from './copyPullRequestLink';
import { createPullRequest } from './createPullRequest';
import type { CommandDeps } from './deps';
import { generateSshKey } from './generateSshKey';
import { hideOrganization } from './hideOrganization';
import { openCommit } from './openCommit';
import { openInBrowser } from './openInBrowser';
import { publishRepository } from './publishRepository';
import { openPullRequest } from './openPullRequest';
import { openPullRequestInBrowser } from './openPullRequestInBrowser';
import { refresh } from './refresh';
import { refreshPullRequests } from './refreshPullRequests';
import { replaceToken } from './replaceToken';
import { signIn } from './signIn';
import { showHiddenOrganizations } from './showHiddenOrganizations';
import { signInWithMicrosoft } from './signInWithMicrosoft';
import { signInWithMicrosoftTenant } from './signInWithMicrosoftTenant';
import { signInWithToken } from './signInWithToken';
import { signOut } from './signOut';
import { switchAccount } from './switchAccount';

import type { CommandId } from './ids';

/** Each command's handler, made when it first runs. */
export const commandFactories: Record<CommandId, (deps: CommandDeps) => (...args: unknown[]) => Promise<unknown>> = {
  'azureDevOps.signIn': (deps) => signIn(deps),
  'azureDevOps.signOut': (deps) => signOut(deps),
  'azureDevOps.replaceToken': (deps) => replaceToken(deps),
  'azureDevOps.refresh': (deps) => refresh(deps),
  'azureDevOps.openInBrowser': (deps) => openInBrowser(deps),
  'azureDevOps.copyCloneUrl': (deps) => copyCloneUrl(deps, 'https'),
  'azureDevOps.copySshCloneUrl': (deps) => copyCloneUrl(deps, 'ssh'),
  'azureDevOps.createRepository': (deps) => createRepository(deps),
  'azureDevOps.generateSshKey': (deps) => generateSshKey(deps),
  'azureDevOps.showLog': (deps) => async () => deps.showLog(),
  // Accounts
  'azureDevOps.signInWithMicrosoft': (deps) => signInWithMicrosoft(deps),
  'azureDevOps.signInWithMicrosoftTenant': (deps) => signInWithMicrosoftTenant(deps),
  'azureDevOps.signInWithToken': (deps) => signInWithToken(deps),
  'azureDevOps.switchAccount': (deps) => switchAccount(deps),
  'azureDevOps.hideOrganization': (deps) => hideOrganization(deps),
  'azureDevOps.showHiddenOrganizations': (deps) => showHiddenOrganizations(deps),
  'azureDevOps.checkSignIn': (deps) => checkSignIn(deps),
  'azureDevOps.cloneRepository': (deps) => cloneRepository(deps),
  'azureDevOps.publishRepository': (deps) => publishRepository(deps),
  'azureDevOps.checkGitCredentials': (deps) => checkGitCredentials(deps),
  'azureDevOps.addRemote': (deps) => addRemote(deps),
  'azureDevOps.openCommit': (deps) => openCommit(deps),
  'azureDevOps.refreshPullRequests': (deps) => refreshPullRequests(deps),
  'azureDevOps.openPullRequest': (deps) => openPullRequest(deps),
  'azureDevOps.checkoutPullRequest': (deps) => checkoutPullRequest(deps),
  'azureDevOps.createPullRequest': (deps) => createPullRequest(deps),
  'azureDevOps.openPullRequestInBrowser': (deps) => openPullRequestInBrowser(deps),
  'azureDevOps.copyPullRequestLink': (deps) => copyPullRequestLink(deps),
};
