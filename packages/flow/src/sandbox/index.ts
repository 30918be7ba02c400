// Node only (worker threads): imported as "@interflow/flow/sandbox", never from browser code.
export * from "./expression-sandbox";
