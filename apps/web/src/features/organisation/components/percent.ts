/** `99.5` → "99.5%", `100` → "100%". */
export function percent(value: number): string {
  return `${Number.isInteger(value) ? value : value.toFixed(1)}%`;
}
