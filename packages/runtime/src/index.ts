export * from "./process-runtime";
export * from "./step-runtime";
export * from "./docker-runtime";
