"""PyTorch eager side of bench/medbert/speed.ts: times a Med-BERT pre-training step (masked codes + prolonged stay,
scripts/fixtures/medbert_reference.py) and a Bi-GRU head training step (code embeddings, visit means, nn.GRU
bidirectional) with AdamW, and prints ONE JSON line {"pretrain_ms": .., "bigru_ms": .., ...}.

Best configuration here (docs/engine.md): torch.set_num_threads(1), OPENBLAS_NUM_THREADS=2 set by the caller,
OPENBLAS_CORETYPE unset. Dev tool: Python is never a runtime dependency of Prognos.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts" / "fixtures"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "peers"))
from openblas_core import openblas_core  # noqa: E402
from medbert_reference import MedBertForPreTraining, init_weights  # noqa: E402


def timed(step, warmup: int, iters: int) -> list[float]:
    for _ in range(warmup):
        step()
    out = []
    for _ in range(iters):
        t = time.perf_counter()
        step()
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--vocab", type=int, default=20000)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--seq", type=int, default=64)
    p.add_argument("--visits", type=int, default=16)
    p.add_argument("--rnn", type=int, default=192)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--iters", type=int, default=10)
    p.add_argument("--threads", type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    c = dict(vocab_size=a.vocab, hidden_size=192, num_hidden_layers=6, num_attention_heads=6, intermediate_size=64,
             hidden_act="gelu", max_position_embeddings=512, max_visit_embeddings=512, layer_norm_eps=1e-12)
    B, T, V = a.batch, a.seq, a.visits
    codes = torch.randint(3, a.vocab, (B, T))
    visits = (torch.arange(T) // (T // V)).expand(B, T).contiguous()
    mask = torch.ones(B, T, dtype=torch.long)
    model = init_weights(MedBertForPreTraining(c), 0, 0.02, 0.0)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4, weight_decay=0.01)
    positions = torch.arange(B) * T + torch.randint(0, T, (B,))  # one masked code per patient
    targets = codes.reshape(-1)[positions]
    plos = torch.randint(0, 2, (B,))

    def pretrain():
        opt.zero_grad()
        loss = model(codes, visits, mask, positions, targets, plos)[0]
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()

    pre = timed(pretrain, a.warmup, a.iters)

    emb = nn.Embedding(a.vocab, 192)
    gru = nn.GRU(192, a.rnn, batch_first=True, bidirectional=True)
    head = nn.Linear(2 * a.rnn, 1)
    params = [*emb.parameters(), *gru.parameters(), *head.parameters()]
    opt2 = torch.optim.AdamW(params, lr=1e-3, weight_decay=0.01)
    weights = torch.zeros(B, V, T)
    for v in range(V):
        weights[:, v, v * (T // V):(v + 1) * (T // V)] = 1.0 / (T // V)
    labels = torch.randint(0, 2, (B,)).float()

    def bigru():
        opt2.zero_grad()
        x = torch.bmm(weights, emb(codes))  # visit means [B, V, 192]
        _, h = gru(x)
        logit = head(torch.cat([h[0], h[1]], -1)).squeeze(-1)
        loss = nn.functional.binary_cross_entropy_with_logits(logit, labels)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt2.step()

    bi = timed(bigru, a.warmup, a.iters)
    print(json.dumps({"openblas_core": openblas_core(), "engine": "pytorch", "torch": torch.__version__, "pretrain_ms": statistics.median(pre),
                      "pretrain_all": pre, "bigru_ms": statistics.median(bi), "bigru_all": bi}))


if __name__ == "__main__":
    main()
