"""PyTorch side of bench/score: scores notes (token ids, already read by Prognos' tokenizer) with a BERT classifier
folder's model.safetensors, two ways, and prints ONE JSON line per mode.

  coreuser  what a CORe user's script does: Hugging Face eager math (scripts/fixtures/bert_reference.py), notes in
            input order, batches of 8, every batch padded to --max-length (512: `padding="max_length"`).
  fast      PyTorch's fastest path here: the same weights in nn.TransformerEncoder (its inference fast path, nested
            tensors for the padding), notes sorted by length, each batch padded only to its longest note.

Tokenizing is not timed here (Prognos' timing includes it): the ratio favours PyTorch by that much.
Run by bench/score/run.ts with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset, OPENBLAS_NUM_THREADS=2 and one torch
thread (docs/engine.md: PyTorch's best setting on this machine). Dev tool: Python is never a runtime dependency.

  /usr/bin/python3 bench/score/torch_score.py --model DIR --ids ids.json --mode coreuser|fast [--batch 8]
"""

from __future__ import annotations

import argparse
import json
import os
import struct
import sys
import time
from pathlib import Path

import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts" / "fixtures"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "peers"))
from openblas_core import openblas_core  # noqa: E402
from bert_reference import BertConfig, BertForSequenceClassification  # noqa: E402
from bert_state_dict import load_hf_state_dict  # noqa: E402

DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}


def read_safetensors(path: Path) -> dict[str, torch.Tensor]:
    """The safetensors format by hand (8-byte little-endian header length, JSON header, raw little-endian data)."""
    raw = path.read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    base = 8 + n
    out = {}
    for name, t in header.items():
        if name == "__metadata__":
            continue
        a, b = t["data_offsets"]
        out[name] = torch.frombuffer(bytearray(raw[base + a : base + b]), dtype=DTYPES[t["dtype"]]).reshape(t["shape"])
    return out


def load_model(folder: Path) -> BertForSequenceClassification:
    config = json.loads((folder / "config.json").read_text())
    cfg = BertConfig.from_dict(config)
    model = BertForSequenceClassification(cfg)
    load_hf_state_dict(model, read_safetensors(folder / "model.safetensors"))
    return model.eval()


def fast_encoder(model: BertForSequenceClassification) -> nn.TransformerEncoder:
    """nn.TransformerEncoder (post-LN, GELU) holding the BERT layers' weights: q/k/v stacked into in_proj."""
    cfg = model.config
    layer = nn.TransformerEncoderLayer(
        cfg.hidden_size, cfg.num_attention_heads, cfg.intermediate_size, dropout=0.0, activation="gelu",
        layer_norm_eps=cfg.layer_norm_eps, batch_first=True, norm_first=False,
    )
    enc = nn.TransformerEncoder(layer, cfg.num_hidden_layers, enable_nested_tensor=True)
    with torch.no_grad():
        for mine, ref in zip(enc.layers, model.bert.encoder.layer):
            att = ref.attention
            mine.self_attn.in_proj_weight.copy_(torch.cat([att.self.query.weight, att.self.key.weight, att.self.value.weight]))
            mine.self_attn.in_proj_bias.copy_(torch.cat([att.self.query.bias, att.self.key.bias, att.self.value.bias]))
            mine.self_attn.out_proj.weight.copy_(att.output.dense.weight)
            mine.self_attn.out_proj.bias.copy_(att.output.dense.bias)
            mine.norm1.weight.copy_(att.output.LayerNorm.weight)
            mine.norm1.bias.copy_(att.output.LayerNorm.bias)
            mine.linear1.weight.copy_(ref.intermediate.dense.weight)
            mine.linear1.bias.copy_(ref.intermediate.dense.bias)
            mine.linear2.weight.copy_(ref.output.dense.weight)
            mine.linear2.bias.copy_(ref.output.dense.bias)
            mine.norm2.weight.copy_(ref.output.LayerNorm.weight)
            mine.norm2.bias.copy_(ref.output.LayerNorm.bias)
    return enc.eval()


def batch_tensors(rows: list[list[int]], width: int) -> tuple[torch.Tensor, torch.Tensor]:
    ids = torch.zeros((len(rows), width), dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for i, r in enumerate(rows):
        ids[i, : len(r)] = torch.tensor(r)
        mask[i, : len(r)] = 1
    return ids, mask


def main() -> None:
    ap = argparse.ArgumentParser(description="PyTorch scoring for bench/score (one JSON line)")
    ap.add_argument("--model", required=True, type=Path)
    ap.add_argument("--ids", required=True, type=Path)
    ap.add_argument("--mode", required=True, choices=["coreuser", "fast"])
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--max-length", type=int, required=True)
    a = ap.parse_args()
    torch.set_num_threads(1)
    rows: list[list[int]] = json.loads(a.ids.read_text())
    model = load_model(a.model)
    probs = [0.0] * len(rows)
    t0 = time.perf_counter()
    with torch.inference_mode():
        if a.mode == "coreuser":
            for s in range(0, len(rows), a.batch):
                ids, mask = batch_tensors(rows[s : s + a.batch], a.max_length)
                logits, _, _ = model(ids, mask, torch.zeros_like(ids))
                for i, p in enumerate(torch.softmax(logits, -1)[:, 1].tolist()):
                    probs[s + i] = p
        else:
            enc = fast_encoder(model)
            order = sorted(range(len(rows)), key=lambda i: len(rows[i]))
            for s in range(0, len(order), a.batch):
                idx = order[s : s + a.batch]
                ids, mask = batch_tensors([rows[i] for i in idx], max(len(rows[i]) for i in idx))
                hidden = model.bert.embeddings(ids, torch.zeros_like(ids))
                out = enc(hidden, src_key_padding_mask=mask == 0)
                if out.is_nested:
                    out = out.to_padded_tensor(0.0)
                logits = model.classifier(model.bert.pooler(out))
                for i, p in zip(idx, torch.softmax(logits, -1)[:, 1].tolist()):
                    probs[i] = p
    seconds = time.perf_counter() - t0
    print(json.dumps({"openblas_core": openblas_core(), 
        "engine": f"pytorch-{a.mode}",
        "notes": len(rows),
        "seconds": round(seconds, 3),
        "notes_per_s": round(len(rows) / seconds, 3),
        "probabilities": probs,
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "openblas_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
        "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE"),
    }))


if __name__ == "__main__":
    main()
