export * from "./component";
export * from "./errors";
