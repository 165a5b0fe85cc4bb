"""PyTorch eager side of the training benchmark: times full training steps (forward, loss, backward, AdamW step)
of BertForSequenceClassification on random (seeded) weights and prints ONE JSON line:

  {"engine":"pytorch","batch":B,"seq":T,"ms_median":..,"ms_all":[..],"tokens_per_s":..}

PyTorch's best setting on this 2-core machine kind (docs/engine.md): torch.set_num_threads(1) with
OPENBLAS_NUM_THREADS=2 set by the caller, and Debian's libopenblas0-pthread installed.
  OPENBLAS_NUM_THREADS=2 /usr/bin/python3 bench/train/torch_step.py --layers 4 --hidden 256 --heads 4 \
      --intermediate 1024 --batch 8 --seq 128
Dev tool: Python is never a runtime dependency of Prognos.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts" / "fixtures"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "peers"))
from openblas_core import openblas_core  # noqa: E402
from bert_reference import BertConfig, BertForSequenceClassification, init_weights  # noqa: E402


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--layers", type=int, default=4)
    p.add_argument("--hidden", type=int, default=256)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--intermediate", type=int, default=1024)
    p.add_argument("--vocab", type=int, default=30522)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--seq", type=int, default=128)
    p.add_argument("--labels", type=int, default=2)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--iters", type=int, default=5)
    a = p.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=a.vocab,
        hidden_size=a.hidden,
        num_hidden_layers=a.layers,
        num_attention_heads=a.heads,
        intermediate_size=a.intermediate,
        id2label={i: str(i) for i in range(a.labels)},
    )
    model = init_weights(BertForSequenceClassification(config), seed=0)
    model.train()
    decay = [p for n, p in model.named_parameters() if not (n.endswith("bias") or n.endswith("LayerNorm.weight"))]
    no_decay = [p for n, p in model.named_parameters() if n.endswith("bias") or n.endswith("LayerNorm.weight")]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}], lr=1e-5)
    ids = torch.randint(1000, 29000, (a.batch, a.seq))
    mask = torch.ones_like(ids)
    labels = torch.randint(0, a.labels, (a.batch,))
    loss_fn = torch.nn.CrossEntropyLoss()
    times = []
    for i in range(a.warmup + a.iters):
        t = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        logits, _, _ = model(ids, mask, torch.zeros_like(ids))
        loss = loss_fn(logits, labels)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        if i >= a.warmup:
            times.append((time.perf_counter() - t) * 1000)
    ms = statistics.median(times)
    print(json.dumps({"openblas_core": openblas_core(), "engine": "pytorch", "batch": a.batch, "seq": a.seq, "ms_median": ms, "ms_all": times,
                      "tokens_per_s": a.batch * a.seq / ms * 1000, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
