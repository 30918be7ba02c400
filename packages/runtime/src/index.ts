export * from "./process-runtime";
export * from "./step-runtime";
