"""A plain PyTorch reference of the three steps bench_recycle times: what a user would write in
Python for LoRA Recycle's meta-training step (dense and 75 % masked sparse tokens) and one LoRA
Inversion iteration, on the same architecture, shapes and losses as the project.

    /usr/bin/python3 bench/compare_reference.py --precision fp32|bf16 [--size tiny|b16]
                                                [--steps 5] [--threads 2] [--images 80]

Prints one line per step kind: "reference <precision> <step> <median ms>".
"""
import argparse
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

# (image, patch, width, depth, heads, MLP) as bench_recycle's --size; set by main().
SIZES = {"tiny": (32, 4, 128, 6, 4, 512), "b16": (224, 16, 768, 12, 12, 3072)}
IMAGE, PATCH, WIDTH, DEPTH, HEADS, MLP = SIZES["tiny"]
RANK, ALPHA = 4, 4.0


class LoRA(nn.Module):
    """Rank-r deltas for the q and v thirds of one block's fused qkv projection."""

    def __init__(self):
        super().__init__()
        self.a_q = nn.Parameter(torch.empty(RANK, WIDTH).uniform_(-WIDTH ** -0.5, WIDTH ** -0.5))
        self.b_q = nn.Parameter(torch.zeros(WIDTH, RANK))
        self.a_v = nn.Parameter(torch.empty(RANK, WIDTH).uniform_(-WIDTH ** -0.5, WIDTH ** -0.5))
        self.b_v = nn.Parameter(torch.zeros(WIDTH, RANK))


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm1 = nn.LayerNorm(WIDTH, eps=1e-6)
        self.qkv = nn.Linear(WIDTH, 3 * WIDTH)
        self.out = nn.Linear(WIDTH, WIDTH)
        self.norm2 = nn.LayerNorm(WIDTH, eps=1e-6)
        self.fc1 = nn.Linear(WIDTH, MLP)
        self.fc2 = nn.Linear(MLP, WIDTH)

    def forward(self, x, lora):
        b, n, _ = x.shape
        h = self.norm1(x)
        q, k, v = self.qkv(h).chunk(3, -1)
        s = ALPHA / RANK
        q = q + F.linear(F.linear(h, lora.a_q), lora.b_q) * s
        v = v + F.linear(F.linear(h, lora.a_v), lora.b_v) * s
        split = lambda t: t.view(b, n, HEADS, WIDTH // HEADS).transpose(1, 2)
        q, k, v = split(q), split(k), split(v)
        att = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(WIDTH // HEADS), -1)
        ctx = (att @ v).transpose(1, 2).reshape(b, n, WIDTH)
        x = x + self.out(ctx)
        return x + self.fc2(F.gelu(self.fc1(self.norm2(x))))


class ViT(nn.Module):
    def __init__(self):
        super().__init__()
        grid = IMAGE // PATCH
        self.patch = nn.Conv2d(3, WIDTH, PATCH, stride=PATCH)
        self.cls = nn.Parameter(torch.randn(WIDTH) * 0.02)
        self.pos = nn.Parameter(torch.randn(grid * grid + 1, WIDTH) * 0.02)
        self.blocks = nn.ModuleList(Block() for _ in range(DEPTH))
        self.norm = nn.LayerNorm(WIDTH, eps=1e-6)

    def forward(self, pixels, loras, keep=None):
        x = self.patch(pixels).flatten(2).transpose(1, 2) + self.pos[1:]
        if keep is not None:  # sparse tokens: position embeddings first, then the gather
            x = x.gather(1, keep.unsqueeze(-1).expand(-1, -1, WIDTH))
        cls = (self.cls + self.pos[0]).expand(x.shape[0], 1, WIDTH)
        x = torch.cat([cls, x], 1)
        for block, lora in zip(self.blocks, loras):
            x = block(x, lora)
        return self.norm(x[:, 0])


def median_ms(step, steps):
    step()  # warm-up
    times = []
    for _ in range(steps):
        t = time.perf_counter()
        step()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return times[len(times) // 2]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--precision", choices=["fp32", "bf16"], default="fp32")
    p.add_argument("--steps", type=int, default=5)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--images", type=int, default=80)
    p.add_argument("--size", choices=sorted(SIZES), default="tiny")
    o = p.parse_args()
    global IMAGE, PATCH, WIDTH, DEPTH, HEADS, MLP
    IMAGE, PATCH, WIDTH, DEPTH, HEADS, MLP = SIZES[o.size]
    torch.set_num_threads(o.threads)
    torch.manual_seed(0)
    model = ViT().eval()
    for w in model.parameters():
        w.requires_grad_(False)
    n, way = o.images, 5
    pixels = torch.randn(n, 3, IMAGE, IMAGE)
    support_y = torch.arange(way)
    query_y = torch.arange(way).repeat_interleave(n // way - 1)
    patches = (IMAGE // PATCH) ** 2
    keep = torch.rand(n, patches).argsort(1)[:, : patches - int(0.75 * patches)]
    amp = o.precision == "bf16"

    meta = nn.ModuleList(LoRA() for _ in range(DEPTH))
    adam = torch.optim.Adam(meta.parameters(), lr=1e-3)

    def meta_step(keep_tokens):
        def step():
            with torch.autocast("cpu", torch.bfloat16, enabled=amp):
                f = model(pixels, meta, keep_tokens).float()
            s, q = f[:way], f[way:]
            protos = F.one_hot(support_y, way).float().t() @ s
            logits = -((q.unsqueeze(1) - protos.unsqueeze(0)) ** 2).sum(-1)
            loss = F.cross_entropy(logits, query_y)
            adam.zero_grad()
            loss.backward()
            adam.step()
        return step

    teacher = nn.ModuleList(LoRA() for _ in range(DEPTH))
    for lora in teacher:
        for w in lora.parameters():
            w.requires_grad_(False)
        lora.b_q.normal_(0, 0.01)
        lora.b_v.normal_(0, 0.01)
    head = torch.randn(way, WIDTH) * 0.1
    x = torch.randn(n, 3, IMAGE, IMAGE).clamp(-1, 1).requires_grad_(True)
    targets = torch.arange(way).repeat_interleave(n // way)
    inv_adam = torch.optim.Adam([x], lr=0.25, betas=(0.5, 0.99))
    gen = torch.Generator().manual_seed(1)

    def invert_step():
        lim = IMAGE // 8
        dh, dw = torch.randint(-lim, lim + 1, (2,), generator=gen).tolist()
        xa = torch.roll(x, (dh, dw), (2, 3))
        if torch.rand(1, generator=gen).item() < 0.5:
            xa = xa.flip(3)
        with torch.autocast("cpu", torch.bfloat16, enabled=amp):
            logits = F.linear(model(xa, teacher), head).float()
        loss = F.cross_entropy(logits, targets)
        inv_adam.zero_grad()
        loss.backward()
        inv_adam.step()
        with torch.no_grad():
            x.clamp_(-1, 1)

    for name, step in (("meta_dense", meta_step(None)), ("meta_masked75", meta_step(keep)),
                       ("invert", invert_step)):
        print(f"reference {o.precision} {name} {median_ms(step, o.steps):.2f}", flush=True)


if __name__ == "__main__":
    main()
