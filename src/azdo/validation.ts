/**
 * Validators for the names a user types: Azure DevOps organizations, collections, projects and
 * repositories, and git branch and remote names. Each returns `undefined` when the name is valid, or a
 * message that names the broken rule and where it comes from.
 *
 * Sources:
 * - Microsoft, "Naming restrictions and conventions" (learn.microsoft.com/azure/devops/organizations/
 *   settings/naming-restrictions): organization, project collection, project and Azure Repos (Git) rules.
 * - git-check-ref-format(1) (git-scm.com/docs/git-check-ref-format) and git's own checks in
 *   `strbuf_check_branch_ref` (branches) and `valid_remote_name` (remotes).
 *
 * Names are not trimmed here: a caller that wants to ignore surrounding spaces trims before validating.
 * Lengths are counted in UTF-16 code units, as the Microsoft page counts them ("surrogate characters ...
 * count as two characters").
 */

/** Where the Azure DevOps rules come from, quoted at the end of each Azure DevOps message. */
const AZURE_RULES = 'Azure DevOps naming restrictions';
const GIT_RULES = 'git check-ref-format';

/** Printable characters that project, repository and collection names must not contain (Microsoft doc). */
export const FORBIDDEN_NAME_CHARACTERS: readonly string[] = [
  '/', ':', '\\', '~', '&', '%', ';', '@', "'", '"', '?', '<', '>', '|', '#', '$', '*', '}', '{', ',', '+', '=', '[', ']',
];

/** System-reserved names (Windows device names and Azure DevOps names) from the Microsoft doc. */
const SYSTEM_RESERVED_NAMES: readonly string[] = [
  'PRN', 'AUX', 'NUL', 'CON',
  'COM1', 'COM2', 'COM3', 'COM4', 'COM5', 'COM6', 'COM7', 'COM8', 'COM9', 'COM10',
  'LPT1', 'LPT2', 'LPT3', 'LPT4', 'LPT5', 'LPT6', 'LPT7', 'LPT8', 'LPT9',
  'SERVER', 'SignalR', 'DefaultCollection', 'Web',
];

/** Hidden segments used for IIS request filtering, reserved for project names (Microsoft doc). */
const IIS_RESERVED_NAMES: readonly string[] = [
  'App_Browsers', 'App_code', 'App_Data', 'App_GlobalResources', 'App_LocalResources', 'App_Themes',
  'App_WebResources', 'bin', 'web.config',
];

/** Reserved names for project collections: the Windows device names and Web (Microsoft doc). */
const COLLECTION_RESERVED_NAMES: readonly string[] = SYSTEM_RESERVED_NAMES.filter(
  (name) => !['SERVER', 'SignalR', 'DefaultCollection'].includes(name),
);

/** Characters git refuses anywhere in a ref name (besides control characters): rules 4, 5 and 10. */
export const GIT_REF_FORBIDDEN_CHARACTERS: readonly string[] = [' ', '~', '^', ':', '?', '*', '[', '\\'];

const ORGANIZATION_NAME_MAX = 50;
const PROJECT_NAME_MAX = 64;
const REPOSITORY_NAME_MAX = 64;
const COLLECTION_NAME_MAX = 64;

/** Shows one character in a message; invisible ones are spelled as code points. */
function show(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || (code >= 0xd800 && code <= 0xdfff)) {
    return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return char === ' ' ? 'a space' : `"${char}"`;
}

function firstControlCharacter(name: string): string | undefined {
  return /\p{Cc}/u.exec(name)?.[0];
}

/** Any UTF-16 surrogate code unit, paired or not. */
function firstSurrogate(name: string): string | undefined {
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdfff) return name[i];
  }
  return undefined;
}

/** An unpaired surrogate: a JavaScript string that has no UTF-8 form. */
function hasLoneSurrogate(name: string): boolean {
  return /\p{Surrogate}/u.test(name);
}

function isReserved(name: string, reserved: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  return reserved.find((r) => r.toLowerCase() === lower);
}

/**
 * Organization names: only letters of the English alphabet, digits and hyphens; start and end with a
 * letter or digit; at most 50 characters.
 */
export function validateOrganizationName(name: string): string | undefined {
  if (typeof name !== 'string' || name.length === 0) {
    return 'Enter the organization name, for example "fabrikam" from https://dev.azure.com/fabrikam.';
  }
  if (name.length > ORGANIZATION_NAME_MAX) {
    return `Organization names have at most ${ORGANIZATION_NAME_MAX} characters; this one has ${name.length} (${AZURE_RULES}).`;
  }
  const bad = /[^A-Za-z0-9-]/.exec(name);
  if (bad) {
    return `Organization names use only English letters, digits and hyphens; ${show(bad[0])} is not allowed (${AZURE_RULES}).`;
  }
  if (name.startsWith('-') || name.endsWith('-')) {
    return `Organization names start and end with a letter or a digit, not a hyphen (${AZURE_RULES}).`;
  }
  if (/^xn--/i.test(name)) {
    // {org}.visualstudio.com is a host name: "xn--" starts an internationalized (punycode) label there.
    return `Organization names cannot start with "xn--": that prefix is reserved for internationalized domain names (${AZURE_RULES}).`;
  }
  return undefined;
}

/** Rules shared by projects, repositories and collections: control, surrogate and forbidden characters, `_` and `.`. */
function validateAzureItemName(kind: string, name: string, max: number): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return `Enter a ${kind} name.`;
  if (name.length > max) {
    return `${capitalize(kind)} names have at most ${max} characters; this one has ${name.length} (${AZURE_RULES}).`;
  }
  const control = firstControlCharacter(name);
  if (control !== undefined) {
    return `${capitalize(kind)} names must not contain control characters such as ${show(control)} (${AZURE_RULES}).`;
  }
  const surrogate = firstSurrogate(name);
  if (surrogate !== undefined) {
    return `${capitalize(kind)} names must not contain surrogate characters (emoji and other characters outside the Basic Multilingual Plane) (${AZURE_RULES}).`;
  }
  const forbidden = [...name].find((c) => FORBIDDEN_NAME_CHARACTERS.includes(c));
  if (forbidden !== undefined) {
    return `${capitalize(kind)} names must not contain ${show(forbidden)}; the characters ${FORBIDDEN_NAME_CHARACTERS.join(' ')} are not allowed (${AZURE_RULES}).`;
  }
  if (name.trim().length === 0) return `Enter a ${kind} name: spaces alone are not a name.`;
  if (name.startsWith('_')) return `${capitalize(kind)} names must not start with an underscore (${AZURE_RULES}).`;
  if (name.startsWith('.') || name.endsWith('.')) {
    return `${capitalize(kind)} names must not start or end with a period (${AZURE_RULES}).`;
  }
  return undefined;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Project names: at most 64 characters; no control or surrogate characters; none of
 * `/ : \ ~ & % ; @ ' " ? < > | # $ * } { , + = [ ]`; not starting with `_`; not starting or ending with
 * `.`; not a system-reserved name (PRN, COM1…COM10, LPT1…LPT9, NUL, CON, AUX, SERVER, SignalR,
 * DefaultCollection, Web) nor an IIS hidden segment (App_Browsers, App_code, …, bin, web.config).
 */
export function validateProjectName(name: string): string | undefined {
  const common = validateAzureItemName('project', name, PROJECT_NAME_MAX);
  if (common !== undefined) return common;
  const reserved = isReserved(name, SYSTEM_RESERVED_NAMES) ?? isReserved(name, IIS_RESERVED_NAMES);
  if (reserved !== undefined) {
    return `"${reserved}" is a reserved name and can't be used for a project (${AZURE_RULES}).`;
  }
  return undefined;
}

/**
 * Azure Repos (Git) repository names: at most 64 characters; no control or surrogate characters; none of
 * `/ : \ ~ & % ; @ ' " ? < > | # $ * } { , + = [ ]`; not starting with `_`; not starting or ending with
 * `.` (which also excludes `.` and `..`); not a system-reserved name.
 */
export function validateRepositoryName(name: string): string | undefined {
  const common = validateAzureItemName('repository', name, REPOSITORY_NAME_MAX);
  if (common !== undefined) return common;
  const reserved = isReserved(name, SYSTEM_RESERVED_NAMES);
  if (reserved !== undefined) {
    return `"${reserved}" is a reserved name and can't be used for a repository (${AZURE_RULES}).`;
  }
  return undefined;
}

/**
 * Azure DevOps Server project collection names: the project rules, plus no ellipsis (…) or double period,
 * and the Windows device names and Web are reserved.
 */
export function validateCollectionName(name: string): string | undefined {
  const common = validateAzureItemName('collection', name, COLLECTION_NAME_MAX);
  if (common !== undefined) return common;
  if (name.includes('..') || name.includes('\u2026')) {
    return `Collection names must not contain an ellipsis or a double period (${AZURE_RULES}).`;
  }
  const reserved = isReserved(name, COLLECTION_RESERVED_NAMES);
  if (reserved !== undefined) {
    return `"${reserved}" is a reserved name and can't be used for a collection (${AZURE_RULES}).`;
  }
  return undefined;
}

/**
 * Checks `name` as git checks `refs/<prefix>/<name>` (check_refname_format), reporting the rule broken.
 * `whole` says whether `name` ends the ref (then rule 7, "cannot end with a dot", applies to it).
 */
function checkRefComponents(what: string, name: string, whole: boolean): string | undefined {
  const control = [...name].find((c) => c < ' ' || c === '\x7f');
  if (control !== undefined) return `${what} must not contain control characters such as ${show(control)} (${GIT_RULES}, rule 4).`;
  for (const char of name) {
    if (!GIT_REF_FORBIDDEN_CHARACTERS.includes(char)) continue;
    const rule = char === '\\' ? 10 : '?*['.includes(char) ? 5 : 4;
    return `${what} must not contain ${show(char)}; space ~ ^ : ? * [ and \\ are not allowed (${GIT_RULES}, rule ${rule}).`;
  }
  if (name.includes('..')) return `${what} must not contain two consecutive dots ".." (${GIT_RULES}, rule 3).`;
  if (name.includes('@{')) return `${what} must not contain the sequence "@{" (${GIT_RULES}, rule 8).`;
  if (name.startsWith('/') || name.endsWith('/')) return `${what} must not start or end with "/" (${GIT_RULES}, rule 6).`;
  if (name.includes('//')) return `${what} must not contain consecutive slashes "//" (${GIT_RULES}, rule 6).`;
  for (const component of name.split('/')) {
    if (component.startsWith('.')) {
      return `${what} must not have a part that starts with "." (${GIT_RULES}, rule 1).`;
    }
    if (component.endsWith('.lock')) {
      return `${what} must not have a part that ends with ".lock" (${GIT_RULES}, rule 1).`;
    }
  }
  if (whole && name.endsWith('.')) return `${what} must not end with "." (${GIT_RULES}, rule 7).`;
  if (hasLoneSurrogate(name)) return `${what} must not contain an unpaired surrogate character: it has no UTF-8 form.`;
  return undefined;
}

/**
 * Git branch names, as `git branch` accepts them: `refs/heads/<name>` must pass git check-ref-format, the
 * name must not start with "-" and must not be "HEAD" or "@".
 */
export function validateBranchName(name: string): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'Enter a branch name.';
  if (name.startsWith('-')) return 'Branch names must not start with "-" (git branch refuses them: they read as options).';
  if (name === 'HEAD') return '"HEAD" is not a valid branch name (git branch refuses it).';
  if (name === '@') return 'Branch names must not be the single character "@" (git check-ref-format, rule 9).';
  return checkRefComponents('Branch names', name, true);
}

/**
 * Git remote names, as `git remote add` accepts them (valid_remote_name): `refs/remotes/<name>/test` must
 * pass git check-ref-format. The name must also not start with "-", which a command line reads as an option.
 */
export function validateRemoteName(name: string): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'Enter a remote name, for example "origin".';
  if (name.startsWith('-')) return 'Remote names must not start with "-" (git reads them as options).';
  return checkRefComponents('Remote names', name, false);
}
