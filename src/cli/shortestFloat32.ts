/** The shortest decimal that reads back as the same float32 (≤ 9 significant digits), for compact JSON. */
export function shortestFloat32(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`non-finite value ${v} cannot be written as JSON`);
  if (v === 0) return "0";
  for (let p = 6; p < 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return String(Number(s));
  }
  return String(Number(v.toPrecision(9)));
}

/** A [rows, cols] float32 matrix as a JSON array of arrays. */
export function float32MatrixJson(data: Float32Array, rows: number, cols: number): string {
  const parts: string[] = [];
  for (let r = 0; r < rows; r++) {
    const row: string[] = new Array(cols);
    for (let c = 0; c < cols; c++) row[c] = shortestFloat32(data[r * cols + c]!);
    parts.push(`[${row.join(",")}]`);
  }
  return `[${parts.join(",")}]`;
}
