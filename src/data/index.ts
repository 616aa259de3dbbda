// Data: reading CSV and JSON files and binding them to a checked model (docs/language.md, Data).
export { type ParsedArguments, parseColumnArguments, parseSetArguments } from "./arguments";
export { type BindOptions, type BindResult, bindData } from "./bind";
export type { BoundArray, BoundData } from "./bound-data";
export { type Cell, readCell } from "./cells";
export {
  type CsvTable,
  type DataFile,
  type JsonData,
  readCsvText,
  readDataFile,
  readJsonText,
} from "./data-file";
export {
  bindParams,
  type ParamsResult,
  type ParamValue,
  readParamsFile,
  setArgumentsFrom,
  sizesFromParams,
} from "./params";
export { boundSizeName, evaluateDim } from "./sizes";
