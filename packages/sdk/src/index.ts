export * from "./component";
export * from "./errors";
export * from "./fields";
