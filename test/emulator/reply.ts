/** Responses as values, and error bodies in the service's shape. */

export interface Reply {
  status: number;
  headers?: Record<string, string | string[]>;
  /** A JSON value (serialized with content-type application/json). */
  json?: unknown;
  /** A raw body (with its own content-type header). */
  raw?: string | Buffer;
  /** `json` already serialized (a cached answer); sent as application/json. */
  serialized?: string;
}

export const JSON_TYPE = 'application/json; charset=utf-8; api-version=7.1';

export function json(status: number, body: unknown, headers: Record<string, string | string[]> = {}): Reply {
  return { status, json: body, headers };
}

/** `{count, value}` like every collection the service returns. */
export function collection(values: unknown[], headers: Record<string, string | string[]> = {}): Reply {
  return json(200, { count: values.length, value: values }, headers);
}

/** The service's error body: `{$id, innerException, message, typeName, typeKey, errorCode, eventId}`. */
export interface ServiceErrorBody {
  $id: string;
  innerException: null;
  message: string;
  typeName: string;
  typeKey: string;
  errorCode: number;
  eventId: number;
}

export function serviceError(message: string, typeKey: string, namespace = 'Microsoft.TeamFoundation.Framework.Server'): ServiceErrorBody {
  const assembly = namespace.startsWith('Microsoft.TeamFoundation.Git') ? 'Microsoft.TeamFoundation.Git.Server'
    : namespace.startsWith('Microsoft.VisualStudio.Services') ? 'Microsoft.VisualStudio.Services.WebApi'
      : 'Microsoft.TeamFoundation.Framework.Server';
  return { $id: '1', innerException: null, message, typeName: `${namespace}.${typeKey}, ${assembly}`, typeKey, errorCode: 0, eventId: 3000 };
}

export function errorReply(status: number, message: string, typeKey: string, namespace?: string, headers: Record<string, string | string[]> = {}): Reply {
  return json(status, serviceError(message, typeKey, namespace), headers);
}

/** Exactly what the service sends for a missing, bad or expired credential. */
export const UNAUTHORIZED_BODY: ServiceErrorBody = {
  $id: '1',
  innerException: null,
  message: "TF400813: The user '' is not authorized to access this resource.",
  typeName: 'Microsoft.TeamFoundation.Framework.Server.UnauthorizedRequestException, Microsoft.TeamFoundation.Framework.Server',
  typeKey: 'UnauthorizedRequestException',
  errorCode: 0,
  eventId: 3000,
};

export function unauthorized(realm: string, bearer: boolean, message?: string): Reply {
  const challenges = [`Basic realm="${realm}"`];
  if (bearer) challenges.unshift('Bearer authorization_uri=https://login.microsoftonline.com/common');
  const body = message ? { ...UNAUTHORIZED_BODY, message } : UNAUTHORIZED_BODY;
  return json(401, body, { 'www-authenticate': challenges, 'x-tfs-processid': '00000000-0000-0000-0000-000000000000' });
}

/** The HTML sign-in page some endpoints answer with (status 203) when a browser-like client is not signed in. */
export function signInPage(returnUrl: string): Reply {
  const escaped = returnUrl.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Azure DevOps Services | Sign In</title></head>
<body><form method="post" action="https://login.microsoftonline.com/common/oauth2/authorize">
<input type="hidden" name="reply_to" value="${escaped}">
<p>Sign in to your account to continue to Azure DevOps.</p>
<button type="submit">Sign in</button></form></body></html>
`;
  return { status: 203, raw: html, headers: { 'content-type': 'text/html; charset=utf-8' } };
}

export const notFound = (message: string, typeKey = 'NotFoundException'): Reply => errorReply(404, message, typeKey);

export function repoNotFound(idOrName: string): Reply {
  return errorReply(404, `TF401019: The Git repository with name or identifier ${idOrName} does not exist or you do not have permissions for the operation you are attempting.`,
    'GitRepositoryNotFoundException', 'Microsoft.TeamFoundation.Git.Server');
}

export function projectNotFound(name: string): Reply {
  return errorReply(404, `TF200016: The following project does not exist: ${name}. Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server.`,
    'ProjectDoesNotExistWithNameException', 'Microsoft.TeamFoundation.Core.WebApi');
}

export function organizationNotFound(name: string, kind: 'cloud' | 'server'): Reply {
  const what = kind === 'cloud' ? 'organization' : 'project collection';
  return errorReply(404, `VS800075: The ${what} '${name}' does not exist or you do not have permission to access it.`,
    'HostDoesNotExistException', 'Microsoft.VisualStudio.Services.Common');
}

export function badRequest(message: string, typeKey = 'InvalidArgumentValueException'): Reply {
  return errorReply(400, message, typeKey, 'Microsoft.VisualStudio.Services.Common');
}

/** 403 for a token that lacks the scope a route needs (assumed shape, see README). */
export function missingScope(user: string, scope: string): Reply {
  return errorReply(403, `TF401027: You need the Git 'GenericRead' permission to perform this action. Details: identity '${user}', scope '${scope}'. The personal access token used lacks the vso.code scope.`,
    'GitNeedsPermissionException', 'Microsoft.TeamFoundation.Git.Server');
}

/** What the service says to a push (git or REST) without the Git Contribute permission. */
export const contributeDeniedMessage = (identity: string): string =>
  `TF401027: You need the Git 'GenericContribute' permission to perform this action. Details: identity '${identity}', scope 'repository'.`;
