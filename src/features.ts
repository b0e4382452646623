// dist/features.js: what activation does not need, loaded on first use through lazyFeatures.ts. The build takes
// every module dist/extension.js holds from it (one copy of each), and bundles the rest here.
export { commandFactories } from './commands/table';
export { signIn } from './commands/signIn';
export { askAndSaveToken } from './commands/verifyToken';
export { initializePullRequests } from './pullRequests/feature';
export { initializeGitIntegration } from './git/integration';
export { AzureDevOpsPublisher } from './git/publisher';
export { initializeAccounts } from './accounts';
export { StatusBarController } from './statusBar';
export { diagnoseAccount } from './model/tokenProbe';
export { explain, explainDiagnosis } from './ui/explain';
