// Option parsing for every command: each error names the flag, the accepted values and the value given.
export { choiceOption } from "./choiceOption.ts";
export { integerOption } from "./integerOption.ts";
export { markRequiredOptions } from "./markRequiredOptions.ts";
export { numberOption } from "./numberOption.ts";
export { optionError } from "./optionError.ts";
export { rangeHelp } from "./rangeHelp.ts";
