// The command ids, apart from their implementations (commands/table.ts, in dist/features.js): registered at
// activation by commands/index.ts; test/unit/manifest.test.ts holds them together with package.json.
/** Every command of the extension (package.json lists them too; a unit test holds the two together). */
export const COMMAND_IDS = [
  'azureDevOps.signIn',
  'azureDevOps.signOut',
  'azureDevOps.replaceToken',
  'azureDevOps.refresh',
  'azureDevOps.openInBrowser',
  'azureDevOps.copyCloneUrl',
  'azureDevOps.copySshCloneUrl',
  'azureDevOps.createRepository',
  'azureDevOps.generateSshKey',
  'azureDevOps.showLog',
  'azureDevOps.signInWithMicrosoft',
  'azureDevOps.signInWithMicrosoftTenant',
  'azureDevOps.signInWithToken',
  'azureDevOps.switchAccount',
  'azureDevOps.hideOrganization',
  'azureDevOps.showHiddenOrganizations',
  'azureDevOps.checkSignIn',
  'azureDevOps.cloneRepository',
  'azureDevOps.publishRepository',
  'azureDevOps.checkGitCredentials',
  'azureDevOps.addRemote',
  'azureDevOps.openCommit',
  'azureDevOps.refreshPullRequests',
  'azureDevOps.openPullRequest',
  'azureDevOps.checkoutPullRequest',
  'azureDevOps.createPullRequest',
  'azureDevOps.openPullRequestInBrowser',
  'azureDevOps.copyPullRequestLink',
] as const;

export type CommandId = typeof COMMAND_IDS[number];
