// The public API: everything the CLI does, as functions.
export { type CheckReport, check, checkAst, checkFile, type ParseOptions, parse } from "./check";
