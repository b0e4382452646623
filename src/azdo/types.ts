/** The REST layer's own model: what the rest of the extension needs, independent of node-api's shapes. */

export interface AzdoUser {
  id: string;
  displayName: string;
  /** Email or domain\\user, when the service tells it. */
  uniqueName?: string;
}

export interface ConnectionInfo {
  user: AzdoUser;
  deployment: 'services' | 'server' | 'unknown';
  instanceId?: string;
}

export interface ProjectInfo {
  id: string;
  name: string;
  description?: string;
  visibility?: 'private' | 'public';
}

export interface RepositoryInfo {
  id: string;
  name: string;
  projectId: string;
  projectName: string;
  /** Short branch name (`main`), or undefined for an empty repository. */
  defaultBranch?: string;
  isDisabled: boolean;
  isFork: boolean;
  /** "Project/Repository" of the parent when this is a fork. */
  parentName?: string;
  remoteUrl?: string;
  sshUrl?: string;
  webUrl?: string;
  size?: number;
}

export type Credential =
  | { kind: 'pat'; token: string }
  | { kind: 'bearer'; token: string };

/** A file of a commit written through the pushes API: a repository path (`/README.md`) and its text. */
export interface NewFile {
  path: string;
  content: string;
}
