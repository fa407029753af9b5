// CSV as RFC 4180 writes it: comma-separated, CRLF line ends, a field quoted
// when it holds a comma, quote or line break, and quotes inside doubled.

// A cell starting with one of these is run as a formula by spreadsheet
// programs (OWASP, "CSV Injection"); a leading apostrophe makes it text.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null): string {
  if (value === null) return "";
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(values: readonly (string | number | null)[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
