export * from "./control";
export * from "./names";
export * from "./redis";
