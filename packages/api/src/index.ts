export { type Auth, createAuth, MIN_PASSWORD_LENGTH, SIGN_UP_CLOSED } from "./auth/create-auth";
export { hasOwner } from "./auth/has-owner";
export { type Caller, type Context, createContext, SESSION_COOKIE, verifyToken, WORKSPACE_COOKIE, WORKSPACE_HEADER } from "./context";
export { type ApiEnv, readApiEnv } from "./env";
export type { FlowSummary } from "./routers/flows/flow-views";
export type { TransitionView } from "./routers/flows/transition-view";
export { type AppRouter, appRouter } from "./routers/app";
export type { WorkspaceView } from "./routers/workspaces/workspace-view";
export { type ApiServices, closeApiServices, createApiServices, getApiServicesFromEnv } from "./services";
