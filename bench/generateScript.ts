/**
 * Generates a realistic Python training script of about N lines for the analysis benchmark: imports,
 * an argparse parser, config dataclasses, model blocks (nn.Module classes), data utilities, metric
 * helpers, a training loop with an optimizer, a warm-up lambda and `get_scheduler`, and a main.
 * Deterministic for a given N. Not committed as a file: generated on each run.
 */

const HEADER = `#!/usr/bin/env python
# Copyright (c) Example Authors. Licensed under the Apache License, Version 2.0.
"""Train a vision transformer on an image folder, with warm-up and cosine decay."""
import argparse
import json
import logging
import math
import os
import random
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, Dataset
from transformers import get_scheduler

logger = logging.getLogger(__name__)
`;

function modelBlock(i: number): string {
  return `

class Block${i}(nn.Module):
    """Transformer block ${i}: attention, then an MLP, each with a residual connection."""

    def __init__(self, dim: int, heads: int = 8, mlp_ratio: float = 4.0, drop: float = 0.0):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.attn = nn.MultiheadAttention(dim, heads, dropout=drop, batch_first=True)
        self.norm2 = nn.LayerNorm(dim)
        hidden = int(dim * mlp_ratio)
        self.mlp = nn.Sequential(
            nn.Linear(dim, hidden),
            nn.GELU(),
            nn.Dropout(drop),
            nn.Linear(hidden, dim),
            nn.Dropout(drop),
        )
        self.scale = dim ** -0.5

    def forward(self, x: torch.Tensor, mask: Optional[torch.Tensor] = None) -> torch.Tensor:
        h = self.norm1(x)
        h, _ = self.attn(h, h, h, attn_mask=mask, need_weights=False)
        x = x + h
        # the MLP branch
        x = x + self.mlp(self.norm2(x))
        return x

    def extra_repr(self) -> str:
        return f"scale={self.scale:.4f}"
`;
}

function utilBlock(i: number): string {
  return `

def augment_${i}(image: np.ndarray, p: float = 0.5, seed: int = ${i}) -> np.ndarray:
    """Random flips and crops, variant ${i}."""
    rng = random.Random(seed)
    if rng.random() < p:
        image = image[:, ::-1]
    h, w = image.shape[:2]
    top = rng.randint(0, max(0, h - 224))
    left = rng.randint(0, max(0, w - 224))
    image = image[top : top + 224, left : left + 224]
    for _ in range(${(i % 3) + 1}):
        image = np.clip(image * (1.0 + 0.1 * rng.random()), 0, 255)
    return image


def metric_${i}(logits: torch.Tensor, target: torch.Tensor, k: int = ${(i % 5) + 1}) -> float:
    with torch.no_grad():
        topk = logits.topk(k, dim=-1).indices
        correct = (topk == target[:, None]).any(dim=-1).float()
        return correct.mean().item()
`;
}

const DATA = `

class FolderDataset(Dataset):
    def __init__(self, root: str, transform=None):
        self.root = root
        self.files = sorted(os.listdir(root))
        self.transform = transform

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, idx: int) -> Tuple[torch.Tensor, int]:
        path = os.path.join(self.root, self.files[idx])
        image = np.load(path)
        if self.transform is not None:
            image = self.transform(image)
        return torch.from_numpy(image), idx % 1000
`;

const CONFIG = `

@dataclass
class TrainConfig:
    epochs: int = 30
    batch_size: int = 64
    lr: float = 3e-4
    weight_decay: float = 0.05
    warmup_ratio: float = 0.05
    grad_accum: int = 2
    scheduler: str = "cosine"
    betas: Tuple[float, float] = (0.9, 0.999)
    label_smoothing: float = 0.1
    log_every: int = 50
`;

const PARSER = `

def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Train a ViT")
    parser.add_argument("--data", type=str, default="./data")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=3e-4)
    parser.add_argument("--weight-decay", type=float, default=0.05)
    parser.add_argument("--warmup-ratio", type=float, default=0.05)
    parser.add_argument("--grad-accum", type=int, default=2)
    parser.add_argument("--scheduler", type=str, default="cosine")
    parser.add_argument("--depth", type=int, default=12)
    parser.add_argument("--dim", type=int, default=384)
    parser.add_argument("--seed", type=int, default=0)
    return parser.parse_args()
`;

const TRAIN = `

class VisionTransformer(nn.Module):
    def __init__(self, depth: int = 12, dim: int = 384, num_classes: int = 1000):
        super().__init__()
        self.patch = nn.Conv2d(3, dim, kernel_size=16, stride=16)
        self.blocks = nn.ModuleList([Block0(dim) for _ in range(depth)])
        self.head = nn.Linear(dim, num_classes)

    def forward(self, x):
        x = self.patch(x).flatten(2).transpose(1, 2)
        for blk in self.blocks:
            x = blk(x)
        return self.head(x.mean(dim=1))


def train_one_epoch(model, loader, optimizer, scheduler, epoch, cfg):
    model.train()
    for step, (images, targets) in enumerate(loader):
        logits = model(images)
        loss = F.cross_entropy(logits, targets, label_smoothing=cfg.label_smoothing) / cfg.grad_accum
        loss.backward()
        if (step + 1) % cfg.grad_accum == 0:
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad(set_to_none=True)
        if step % cfg.log_every == 0:
            logger.info("epoch %d step %d loss %.4f lr %.6f", epoch, step, loss.item(), scheduler.get_last_lr()[0])


def main():
    args = parse_args()
    cfg = TrainConfig(epochs=args.epochs, batch_size=args.batch_size, lr=args.lr, grad_accum=args.grad_accum)
    torch.manual_seed(args.seed)
    dataset = FolderDataset(args.data, transform=augment_0)
    loader = DataLoader(dataset, batch_size=cfg.batch_size, shuffle=True, num_workers=8, drop_last=True)
    model = VisionTransformer(depth=args.depth, dim=args.dim)
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        (no_decay if p.ndim < 2 else decay).append(p)
    optimizer = torch.optim.AdamW(
        [{"params": decay, "weight_decay": cfg.weight_decay}, {"params": no_decay, "weight_decay": 0.0}],
        lr=cfg.lr,
        betas=cfg.betas,
    )
    updates_per_epoch = math.ceil(len(loader) / cfg.grad_accum)
    total_steps = cfg.epochs * updates_per_epoch
    warmup_steps = int(cfg.warmup_ratio * total_steps)
    scheduler = get_scheduler(cfg.scheduler, optimizer, num_warmup_steps=warmup_steps, num_training_steps=total_steps)
    for epoch in range(cfg.epochs):
        train_one_epoch(model, loader, optimizer, scheduler, epoch, cfg)
        torch.save(model.state_dict(), f"checkpoint_{epoch}.pt")


if __name__ == "__main__":
    main()
`;

/** A script of about `lines` lines (at least the fixed parts, ~200 lines). */
export function generateTrainingScript(lines: number): string {
  const newlines = (t: string) => t.split('\n').length - 1;
  const parts: string[] = [HEADER, CONFIG, PARSER, DATA];
  let count = 1 + parts.reduce((n, p) => n + newlines(p), 0) + newlines(TRAIN);
  let i = 0;
  while (count < lines) {
    const block = i % 2 === 0 ? modelBlock(i) : utilBlock(i);
    parts.push(block);
    count += newlines(block);
    i++;
  }
  parts.push(TRAIN);
  return parts.join('');
}

/** The same script with one line edited (a number changed in the middle of the file). */
export function editOneLine(src: string, k: number): string {
  const marker = 'default=3e-4)';
  const at = src.indexOf(marker);
  return src.slice(0, at) + `default=${k % 2 ? '3e-4' : '5e-4'})` + src.slice(at + marker.length);
}
