export * from "./component";
export * from "./credential";
export * from "./errors";
export * from "./fields";
export * from "./options";
export * from "./polling";
export * from "./manifest";
