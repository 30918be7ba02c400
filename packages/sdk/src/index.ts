export * from "./component";
export * from "./errors";
export * from "./fields";
export * from "./options";
