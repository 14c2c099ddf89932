export * from "./commands.js";
export * from "./frame.js";
export * from "./parser.js";
export * from "./protocol.js";
