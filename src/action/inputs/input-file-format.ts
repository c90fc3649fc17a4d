/** The format of an input file (`smoke-input`, `compare-input`), told by its extension as §9.2 names them. */
export type InputFileFormat = 'pandas-records' | 'arrow'

/** `pandas-records` for .json, `arrow` for .arrow (any case), undefined for anything else. */
export function inputFileFormat(path: string): InputFileFormat | undefined {
  const lower = path.trim().toLowerCase()
  return lower.endsWith('.json') ? 'pandas-records' : lower.endsWith('.arrow') ? 'arrow' : undefined
}
