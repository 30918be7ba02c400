export * from "./process-runtime";
export * from "./step-runtime";
export * from "./docker-runtime";
export * from "./step-network";
export * from "./step-firewall";
