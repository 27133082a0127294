/**
 * kubectl v1.31 output printers: tables for `get`, `describe`, -o json|yaml|name|jsonpath|
 * custom-columns. Pure functions over engine objects; no DOM, no engine mutation.
 */
export { printGet, type GetTableOptions } from './get';
export { printerFor, type ColumnDef, type KindPrinter, type RowContext } from './columns';
export { podSummary, type PodSummary } from './columns/pods';
export { serviceExternalIP, servicePorts, loadBalancerStatusString } from './columns/services';
export { nodeRoles, nodeStatus } from './columns/nodes';
export { formatEndpoints, eventSource } from './columns/core';
export { renderTable, joinTables, tableCell, TABLE_TABWRITER, type TableData } from './table';
export { tabwrite, TabWriter, runeWidth, type TabwriterOptions } from './tabwriter';
export { humanDuration, shortHumanDuration, translateTimestampSince, formatRFC1123Z, formatRFC3339, parseTime } from './duration';
export { formatLabels, formatLabelSelector, selectorString, selectorMatches } from './labels';
export { JsonPath, runJsonPath, JsonPathParseError, JsonPathExecError, type JsonPathOutcome } from './jsonpath';
export { goJsonMarshal, goJsonMarshalIndent, goSprintV, goFloatV } from './gojson';
export { goYamlMarshal, yamlKeyLess } from './goyaml';
export {
  printJson,
  printYaml,
  printName,
  toList,
  parseCustomColumns,
  printCustomColumns,
  relaxedJsonPath,
  type KubectlList,
  type CustomColumn,
  type PrintOutcome
} from './formats';
export { describeObject, joinDescriptions, type DescribeContext } from './describe';
export * as describers from './describe';
export { parseQuantity, formatQuantity, addQuantity } from './quantity';
export type { ApiLookup } from './util';
