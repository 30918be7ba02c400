export * from "./activity";
export * from "./catalog";
export * from "./control";
export * from "./deployment";
export * from "./names";
export * from "./redis";
