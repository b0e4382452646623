/** Recognises a push that Azure Repos refused for lack of permission. Pure logic. */

export interface GitFailureLike {
  gitErrorCode?: string;
  stderr?: string;
  message?: string;
}

/**
 * True when git's output says the service refused the push for lack of permission: Azure Repos answers
 * `TF401027: You need the Git 'GenericContribute' permission …` (git shows it as `remote: …`) with HTTP 403; over
 * SSH git reports a permission error. An authentication failure (a bad token) is not a permission refusal.
 */
export function isPermissionRefusal(error: GitFailureLike): boolean {
  const text = `${error.stderr ?? ''}\n${error.message ?? ''}`;
  if (/TF401027|GenericContribute|TF402455/.test(text)) return true;
  if (error.gitErrorCode === 'PermissionDenied') return true;
  return /The requested URL returned error: 403/.test(text);
}
