/** Orkes' security wire models: applications, their access keys and roles, tokens (docs/security.md). */

/** The roles an application may hold, as Orkes names them. */
export const APPLICATION_ROLES = ['ADMIN', 'METADATA_MANAGER', 'WORKFLOW_MANAGER', 'USER', 'WORKER'] as const;
export type ApplicationRole = (typeof APPLICATION_ROLES)[number];

/** `POST /api/token` body. */
export interface GenerateTokenRequest {
  keyId: string;
  keySecret: string;
}

/** `POST /api/token` answer: sent back as `X-Authorization` on every call. */
export interface TokenResponse {
  token: string;
}

/** An application as `/api/applications` shows it; Baton adds its `roles`. */
export interface ConductorApplication {
  id: string;
  name: string;
  createdBy: string;
  createTime: number;
  updateTime: number;
  updatedBy: string;
  roles: ApplicationRole[];
}

/** `POST /api/applications/{id}/accessKeys`: the secret is shown this once and never again. */
export interface CreatedAccessKey {
  id: string;
  secret: string;
}

/** An access key as listed (`GET /api/applications/{id}/accessKeys`). */
export interface AccessKeyInfo {
  id: string;
  createdAt: number;
  status: 'ACTIVE' | 'INACTIVE';
}

/** `GET /api/token/userInfo`: who the token belongs to and what it may do. */
export interface ConductorUser {
  id: string;
  name: string;
  applicationUser: boolean;
  roles: { name: ApplicationRole; permissions: { name: string }[] }[];
  /** Baton: the rights (see the server's route table) the roles add up to, for the UI to hide what is refused. */
  rights: string[];
}
