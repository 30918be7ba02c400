export * from "./catalog";
export * from "./diff";
export * from "./document";
export * from "./envelope";
export * from "./errors";
export * from "./mapping";
export * from "./states";
export * from "./validate";
