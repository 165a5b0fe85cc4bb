/**
 * The environment of a PyTorch peer's child process, in its best setting here (docs/benchmarks.md, "Fair peers"):
 * this machine's OPENBLAS_CORETYPE=Haswell (and OPENBLAS_L2_SIZE) force OpenBLAS onto AVX2 kernels; a fair peer runs
 * without both, with OPENBLAS_NUM_THREADS=2 and one torch thread. Never used by tests or CI: only bench/ peers.
 */
export function fairTorchEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: "2" };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}
