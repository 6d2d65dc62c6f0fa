// The floor's workflow: a chain of three task types, the same shape as bench/throughput.mjs's `bench_chain`.
export const TYPES = ['b1', 'b2', 'b3'];
