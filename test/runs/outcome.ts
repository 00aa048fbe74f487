/**
 * What reading a run came to, as comparable data: the run encoded exactly (typed arrays as their numbers' text, -0
 * kept apart from 0), or the error's code and message. Two readers of one file must give equal outcomes.
 */
export const encodeRun = (x: unknown): string =>
  JSON.stringify(x, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array, (n) => (Object.is(n, -0) ? '-0' : String(n))) : v));

export async function outcome(read: () => Promise<unknown>): Promise<unknown> {
  try {
    return { run: encodeRun(await read()) };
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message };
  }
}
