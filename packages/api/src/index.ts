export { type Caller, type Context, createContext, SESSION_COOKIE, verifyToken } from "./context";
export { type ApiEnv, readApiEnv } from "./env";
export type { FlowSummary } from "./routers/flows/flow-views";
export type { TransitionView } from "./routers/flows/transition-view";
export { type AppRouter, appRouter } from "./routers/app";
export { type ApiServices, closeApiServices, createApiServices, getApiServicesFromEnv } from "./services";
