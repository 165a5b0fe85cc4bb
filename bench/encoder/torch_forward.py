"""PyTorch eager side of the encoder benchmark: times BertModel forward passes on random (seeded) weights and
prints ONE JSON line:

  {"engine":"pytorch","batch":B,"seq":T,"ms_median":..,"ms_all":[..],"tokens_per_s":..,"threads":1,"blas":..,...}

Usage (PyTorch's best setting on this kind of 2-core machine, see docs/engine.md):
  OPENBLAS_NUM_THREADS=2 /usr/bin/python3 bench/encoder/torch_forward.py --batch 1 --seq 128 --warmup 3 --iters 10

Debian's python3-torch only reaches ~170 GFLOP/s when libopenblas0-pthread is installed (6 GFLOP/s with the
reference BLAS); "warnings" (a list) and "warning" (the same joined into one string, only when non-empty) in
the JSON say when that, or OPENBLAS_NUM_THREADS, is missing.
The model is scripts/fixtures/bert_reference.py's BertModel (HF modeling_bert "eager" math); inputs are
random ids, all attended (no padding). Dev tool: Python is never a runtime dependency of Prognos.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts" / "fixtures"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "peers"))
from openblas_core import openblas_core  # noqa: E402
from bert_reference import BertConfig, BertModel, init_weights  # noqa: E402


def package_installed(name: str) -> bool:
    try:
        r = subprocess.run(["dpkg-query", "-W", "-f=${Status}", name], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        return False
    return r.returncode == 0 and "install ok installed" in r.stdout


def loaded_blas() -> str:
    """The BLAS library actually mapped into this process (after a matmul has run)."""
    libs = set()
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                path = line.split()[-1]
                if "blas" in os.path.basename(path).lower():
                    libs.add(os.path.realpath(path))
    except OSError:
        return "unknown"
    return ", ".join(sorted(libs)) or "none found (torch's bundled BLAS?)"


def main() -> None:
    ap = argparse.ArgumentParser(description="PyTorch eager BERT forward benchmark (one JSON line)")
    ap.add_argument("--layers", type=int, default=12)
    ap.add_argument("--hidden", type=int, default=768)
    ap.add_argument("--heads", type=int, default=12)
    ap.add_argument("--intermediate", type=int, default=3072)
    ap.add_argument("--vocab", type=int, default=30522)
    ap.add_argument("--max-position", type=int, default=512)
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--seq", type=int, default=128)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--iters", type=int, default=10)
    ap.add_argument("--threads", type=int, default=1, help="torch intra-op threads (best here: 1)")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    if a.seq > a.max_position:
        ap.error(f"--seq ({a.seq}) exceeds --max-position ({a.max_position})")
    if a.iters < 1 or a.warmup < 0:
        ap.error("--iters must be >= 1 and --warmup >= 0")

    warnings = []
    if not package_installed("libopenblas0-pthread"):
        warnings.append("libopenblas0-pthread is not installed: torch uses the slow reference BLAS "
                        "(apt-get install libopenblas0-pthread)")
    if "OPENBLAS_NUM_THREADS" not in os.environ:
        warnings.append("OPENBLAS_NUM_THREADS is not set (best here: OPENBLAS_NUM_THREADS=2 with --threads 1)")

    torch.set_num_threads(a.threads)
    cfg = BertConfig(vocab_size=a.vocab, hidden_size=a.hidden, num_hidden_layers=a.layers,
                     num_attention_heads=a.heads, intermediate_size=a.intermediate,
                     max_position_embeddings=a.max_position)
    model = init_weights(BertModel(cfg), a.seed).eval()
    g = torch.Generator().manual_seed(a.seed + 1)
    ids = torch.randint(1, a.vocab, (a.batch, a.seq), generator=g)
    mask = torch.ones_like(ids)
    types = torch.zeros_like(ids)

    times = []
    with torch.inference_mode():
        for i in range(a.warmup + a.iters):
            t0 = time.perf_counter()
            model(ids, mask, types)
            dt = (time.perf_counter() - t0) * 1000.0
            if i >= a.warmup:
                times.append(dt)
    med = statistics.median(times)
    print(json.dumps({"openblas_core": openblas_core(), 
        "engine": "pytorch",
        "batch": a.batch,
        "seq": a.seq,
        "ms_median": round(med, 2),
        "ms_min": round(min(times), 2),
        "ms_all": [round(t, 2) for t in times],
        "tokens_per_s": round(a.batch * a.seq / (med / 1000.0), 1),
        "threads": torch.get_num_threads(),
        "openblas_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
        "blas": loaded_blas(),
        "torch": torch.__version__,
        "model": {"layers": a.layers, "hidden": a.hidden, "heads": a.heads, "intermediate": a.intermediate,
                  "vocab": a.vocab},
        "warnings": warnings,
        **({"warning": "; ".join(warnings)} if warnings else {}),  # one string, for bench/encoder/run.ts
    }))


if __name__ == "__main__":
    main()
