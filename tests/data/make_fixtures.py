#!/usr/bin/python3
"""Golden fixtures for the model-parity and file-format tests.

Run with Debian's python3-torch (`/usr/bin/python3 tests/data/make_fixtures.py`); the output is
committed, so CI does not need Python. Everything here is written independently of the C++ code:
the safetensors writer, the three checkpoint layouts (HF CLIP vision tower, timm ViT, HF ViT), the
adapter layouts (PEFT, LoRA Recycle reference) and a plain torch.nn.functional forward pass that
follows the upstream implementations' semantics (HF CLIPVisionTransformer + visual_projection,
timm VisionTransformer with fused qkv, HF ViTModel's CLS after the final layernorm).

Outputs (all under tests/data):
  models/<family>/...          small random checkpoints (plus unused keys that must be ignored)
  adapters/<family>_<kind>/... adapters for those models
  pixels.safetensors           normalized inputs, key pixel_values (B x 3 x 32 x 32)
  expected/<family>_<kind>.safetensors  reference features, key features
  bad/*                        the malformed-file corpus, with bad/expected.tsv
"""
import json
import math
import os
import struct

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
W, DEPTH, HEADS, MLP, PATCH, IMG, PROJ = 32, 2, 2, 64, 8, 32, 24
GRID = IMG // PATCH
NPATCH = GRID * GRID

DTYPES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.int64: "I64",
          torch.int32: "I32", torch.uint8: "U8", torch.float64: "F64"}


# ---------------------------------------------------------------- safetensors (independent writer)
def tensor_bytes(t):
    t = t.detach().contiguous().cpu()
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy().tobytes()
    return t.numpy().tobytes()


def write_safetensors(path, tensors, metadata=None):
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name, t in tensors.items():
        b = tensor_bytes(t)
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def write_json(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(obj, f, indent=2)
        f.write("\n")


# ---------------------------------------------------------------- random weights, canonical
def rnd(*shape, scale=0.2):
    return torch.randn(*shape) * scale


def random_vit(patch_bias, pre_norm, proj):
    p = {"patch_w": rnd(W, 3, PATCH, PATCH, scale=0.1), "cls": rnd(W), "pos": rnd(NPATCH + 1, W)}
    if patch_bias:
        p["patch_b"] = rnd(W)
    if pre_norm:
        p["pre_w"], p["pre_b"] = 1 + rnd(W, scale=0.1), rnd(W, scale=0.1)
    p["blocks"] = []
    for _ in range(DEPTH):
        p["blocks"].append({
            "ln1_w": 1 + rnd(W, scale=0.1), "ln1_b": rnd(W, scale=0.1),
            "q_w": rnd(W, W), "q_b": rnd(W), "k_w": rnd(W, W), "k_b": rnd(W), "v_w": rnd(W, W), "v_b": rnd(W),
            "o_w": rnd(W, W), "o_b": rnd(W),
            "ln2_w": 1 + rnd(W, scale=0.1), "ln2_b": rnd(W, scale=0.1),
            "fc1_w": rnd(MLP, W), "fc1_b": rnd(MLP), "fc2_w": rnd(W, MLP, scale=0.1), "fc2_b": rnd(W),
        })
    p["ln_w"], p["ln_b"] = 1 + rnd(W, scale=0.1), rnd(W, scale=0.1)
    if proj:
        p["proj"] = rnd(PROJ, W)
    return p


# ---------------------------------------------------------------- reference forward pass
def lora_delta(x, lora):
    """lora: None or list of (A, B, scale)."""
    if not lora:
        return 0
    return sum(s * (x @ A.t() @ B.t()) for A, B, s in lora)


def reference_forward(p, pixels, act, eps, loras=None, fused_qkv_lora=None):
    """loras[layer][target] = [(A, B, scale)] for target in q,k,v,o,fc1,fc2;
    fused_qkv_lora[layer] = [(A, B, scale)] acting on the concatenated qkv output (timm)."""
    loras = loras or {}
    fused_qkv_lora = fused_qkv_lora or {}
    B = pixels.shape[0]
    x = F.conv2d(pixels, p["patch_w"], p.get("patch_b"), stride=PATCH)  # B, W, g, g
    x = x.flatten(2).transpose(1, 2)
    cls = p["cls"].view(1, 1, W).expand(B, 1, W)
    x = torch.cat([cls, x], 1) + p["pos"].unsqueeze(0)
    if "pre_w" in p:
        x = F.layer_norm(x, (W,), p["pre_w"], p["pre_b"], eps)
    hd = W // HEADS
    for i, b in enumerate(p["blocks"]):
        L = loras.get(i, {})
        h = F.layer_norm(x, (W,), b["ln1_w"], b["ln1_b"], eps)
        q = h @ b["q_w"].t() + b["q_b"] + lora_delta(h, L.get("q"))
        k = h @ b["k_w"].t() + b["k_b"] + lora_delta(h, L.get("k"))
        v = h @ b["v_w"].t() + b["v_b"] + lora_delta(h, L.get("v"))
        if i in fused_qkv_lora:
            d = lora_delta(h, fused_qkv_lora[i])
            q, k, v = q + d[..., :W], k + d[..., W:2 * W], v + d[..., 2 * W:]
        N = x.shape[1]
        q = q.view(B, N, HEADS, hd).transpose(1, 2)
        k = k.view(B, N, HEADS, hd).transpose(1, 2)
        v = v.view(B, N, HEADS, hd).transpose(1, 2)
        att = torch.softmax((q * hd ** -0.5) @ k.transpose(-2, -1), dim=-1)
        ctx = (att @ v).transpose(1, 2).reshape(B, N, W)
        x = x + ctx @ b["o_w"].t() + b["o_b"] + lora_delta(ctx, L.get("o"))
        h = F.layer_norm(x, (W,), b["ln2_w"], b["ln2_b"], eps)
        m = h @ b["fc1_w"].t() + b["fc1_b"] + lora_delta(h, L.get("fc1"))
        m = m * torch.sigmoid(1.702 * m) if act == "quick_gelu" else F.gelu(m)
        x = x + m @ b["fc2_w"].t() + b["fc2_b"] + lora_delta(m, L.get("fc2"))
    f = F.layer_norm(x[:, 0], (W,), p["ln_w"], p["ln_b"], eps)
    if "proj" in p:
        f = f @ p["proj"].t()
    return f


# ---------------------------------------------------------------- checkpoint layouts
def clip_state(p):
    s = {"vision_model.embeddings.class_embedding": p["cls"],
         "vision_model.embeddings.patch_embedding.weight": p["patch_w"],
         "vision_model.embeddings.position_embedding.weight": p["pos"],
         "vision_model.embeddings.position_ids": torch.arange(NPATCH + 1).view(1, -1),
         "vision_model.pre_layrnorm.weight": p["pre_w"], "vision_model.pre_layrnorm.bias": p["pre_b"]}
    for i, b in enumerate(p["blocks"]):
        pre = f"vision_model.encoder.layers.{i}."
        s.update({pre + "layer_norm1.weight": b["ln1_w"], pre + "layer_norm1.bias": b["ln1_b"]})
        for n, key in (("q", "q_proj"), ("k", "k_proj"), ("v", "v_proj"), ("o", "out_proj")):
            s[pre + f"self_attn.{key}.weight"] = b[n + "_w"]
            s[pre + f"self_attn.{key}.bias"] = b[n + "_b"]
        s.update({pre + "layer_norm2.weight": b["ln2_w"], pre + "layer_norm2.bias": b["ln2_b"],
                  pre + "mlp.fc1.weight": b["fc1_w"], pre + "mlp.fc1.bias": b["fc1_b"],
                  pre + "mlp.fc2.weight": b["fc2_w"], pre + "mlp.fc2.bias": b["fc2_b"]})
    s.update({"vision_model.post_layernorm.weight": p["ln_w"], "vision_model.post_layernorm.bias": p["ln_b"],
              "visual_projection.weight": p["proj"]})
    # Parts of a full CLIPModel that the vision tower must ignore.
    s["logit_scale"] = torch.tensor(4.6052)
    s["text_model.embeddings.token_embedding.weight"] = rnd(50, W)
    s["text_model.encoder.layers.0.self_attn.q_proj.weight"] = rnd(W, W)
    s["text_projection.weight"] = rnd(PROJ, W)
    return s


def timm_state(p):
    s = {"cls_token": p["cls"].view(1, 1, W), "pos_embed": p["pos"].view(1, NPATCH + 1, W),
         "patch_embed.proj.weight": p["patch_w"], "patch_embed.proj.bias": p["patch_b"]}
    for i, b in enumerate(p["blocks"]):
        pre = f"blocks.{i}."
        s.update({pre + "norm1.weight": b["ln1_w"], pre + "norm1.bias": b["ln1_b"],
                  pre + "attn.qkv.weight": torch.cat([b["q_w"], b["k_w"], b["v_w"]], 0),
                  pre + "attn.qkv.bias": torch.cat([b["q_b"], b["k_b"], b["v_b"]], 0),
                  pre + "attn.proj.weight": b["o_w"], pre + "attn.proj.bias": b["o_b"],
                  pre + "norm2.weight": b["ln2_w"], pre + "norm2.bias": b["ln2_b"],
                  pre + "mlp.fc1.weight": b["fc1_w"], pre + "mlp.fc1.bias": b["fc1_b"],
                  pre + "mlp.fc2.weight": b["fc2_w"], pre + "mlp.fc2.bias": b["fc2_b"]})
    s.update({"norm.weight": p["ln_w"], "norm.bias": p["ln_b"],
              "head.weight": rnd(10, W), "head.bias": rnd(10)})  # timm's classifier: ignored
    return s


def hf_vit_state(p):
    s = {"vit.embeddings.cls_token": p["cls"].view(1, 1, W),
         "vit.embeddings.position_embeddings": p["pos"].view(1, NPATCH + 1, W),
         "vit.embeddings.patch_embeddings.projection.weight": p["patch_w"],
         "vit.embeddings.patch_embeddings.projection.bias": p["patch_b"]}
    for i, b in enumerate(p["blocks"]):
        pre = f"vit.encoder.layer.{i}."
        s.update({pre + "layernorm_before.weight": b["ln1_w"], pre + "layernorm_before.bias": b["ln1_b"]})
        for n, key in (("q", "query"), ("k", "key"), ("v", "value")):
            s[pre + f"attention.attention.{key}.weight"] = b[n + "_w"]
            s[pre + f"attention.attention.{key}.bias"] = b[n + "_b"]
        s.update({pre + "attention.output.dense.weight": b["o_w"], pre + "attention.output.dense.bias": b["o_b"],
                  pre + "layernorm_after.weight": b["ln2_w"], pre + "layernorm_after.bias": b["ln2_b"],
                  pre + "intermediate.dense.weight": b["fc1_w"], pre + "intermediate.dense.bias": b["fc1_b"],
                  pre + "output.dense.weight": b["fc2_w"], pre + "output.dense.bias": b["fc2_b"]})
    s.update({"vit.layernorm.weight": p["ln_w"], "vit.layernorm.bias": p["ln_b"],
              "vit.pooler.dense.weight": rnd(W, W), "vit.pooler.dense.bias": rnd(W)})  # pooler: ignored
    return s


# ---------------------------------------------------------------- adapters
def lora_pair(r, fan_in, fan_out):
    return rnd(r, fan_in, scale=0.3), rnd(fan_out, r, scale=0.3)


def reference_adapter(path, loras, feature_dim=W, n_classes=5):
    """LoRA Recycle reference format: q and v of every block, scale 1, head fc_{in}in_{out}out."""
    t = {}
    for i in range(DEPTH):
        for j, tgt in enumerate(("q", "v")):
            A, B = lora_pair(4, W, W)
            t[f"w_a_{2 * i + j:03d}"], t[f"w_b_{2 * i + j:03d}"] = A, B
            loras.setdefault(i, {}).setdefault(tgt, []).append((A, B, 1.0))
    t[f"fc_{feature_dim}in_{n_classes}out"] = rnd(n_classes, feature_dim)
    write_safetensors(path, t)


def peft_clip_adapter(folder, loras):
    r, alpha = 4, 8.0
    cfg = {"peft_type": "LORA", "r": r, "lora_alpha": alpha, "use_rslora": False,
           "target_modules": ["q_proj", "v_proj", "fc1"], "modules_to_save": ["classifier"],
           "rank_pattern": {"vision_model.encoder.layers.1.self_attn.v_proj": 2},
           "alpha_pattern": {"layers.0.mlp.fc1": 2.0}, "layers_to_transform": None,
           "lora_dropout": 0.0, "bias": "none", "fan_in_fan_out": False}
    t = {}
    for i in range(DEPTH):
        for tgt, mod, fi, fo in (("q", "self_attn.q_proj", W, W), ("v", "self_attn.v_proj", W, W),
                                 ("fc1", "mlp.fc1", W, MLP)):
            name = f"vision_model.encoder.layers.{i}.{mod}"
            rr = 2 if name == "vision_model.encoder.layers.1.self_attn.v_proj" else r
            aa = 2.0 if name.endswith("layers.0.mlp.fc1") else alpha
            A, B = lora_pair(rr, fi, fo)
            t[f"base_model.model.{name}.lora_A.weight"] = A
            t[f"base_model.model.{name}.lora_B.weight"] = B
            loras.setdefault(i, {}).setdefault(tgt, []).append((A, B, aa / rr))
    # Text-tower entries: must be reported, not applied.
    A, B = lora_pair(r, W, W)
    t["base_model.model.text_model.encoder.layers.0.self_attn.q_proj.lora_A.weight"] = A
    t["base_model.model.text_model.encoder.layers.0.self_attn.q_proj.lora_B.weight"] = B
    t["base_model.model.classifier.weight"] = rnd(3, PROJ)
    t["base_model.model.classifier.bias"] = rnd(3)
    write_json(os.path.join(folder, "adapter_config.json"), cfg)
    write_safetensors(os.path.join(folder, "adapter_model.safetensors"), t, {"format": "pt"})


def peft_timm_adapter(folder, fused):
    """timm: LoRA on the fused qkv (and on attn.proj), rsLoRA scaling."""
    r, alpha = 4, 6.0
    cfg = {"peft_type": "LORA", "r": r, "lora_alpha": alpha, "use_rslora": True,
           "target_modules": ["qkv", "proj"], "lora_dropout": 0.0, "bias": "none"}
    t, loras = {}, {}
    for i in range(DEPTH):
        A, B = lora_pair(r, W, 3 * W)
        t[f"base_model.model.blocks.{i}.attn.qkv.lora_A.weight"] = A
        t[f"base_model.model.blocks.{i}.attn.qkv.lora_B.weight"] = B
        fused.setdefault(i, []).append((A, B, alpha / math.sqrt(r)))
        A, B = lora_pair(r, W, W)
        t[f"base_model.model.blocks.{i}.attn.proj.lora_A.weight"] = A
        t[f"base_model.model.blocks.{i}.attn.proj.lora_B.weight"] = B
        loras.setdefault(i, {}).setdefault("o", []).append((A, B, alpha / math.sqrt(r)))
    write_json(os.path.join(folder, "adapter_config.json"), cfg)
    write_safetensors(os.path.join(folder, "adapter_model.safetensors"), t)
    return loras


def peft_hf_vit_adapter(folder, loras):
    """HF ViT: query/value/output.dense, only layer 1 (layers_to_transform)."""
    r, alpha = 2, 4.0
    cfg = {"peft_type": "LORA", "r": r, "lora_alpha": alpha, "target_modules": ["query", "value", "output.dense"],
           "layers_to_transform": [1], "lora_dropout": 0.0, "bias": "none"}
    t = {}
    for tgt, mod, fi, fo in (("q", "attention.attention.query", W, W), ("v", "attention.attention.value", W, W),
                             ("fc2", "output.dense", MLP, W)):
        A, B = lora_pair(r, fi, fo)
        name = f"vit.encoder.layer.1.{mod}"
        t[f"base_model.model.{name}.lora_A.weight"] = A
        t[f"base_model.model.{name}.lora_B.weight"] = B
        loras.setdefault(1, {}).setdefault(tgt, []).append((A, B, alpha / r))
    write_json(os.path.join(folder, "adapter_config.json"), cfg)
    write_safetensors(os.path.join(folder, "adapter_model.safetensors"), t)


# ---------------------------------------------------------------- malformed-file corpus
def bad_files(folder):
    os.makedirs(folder, exist_ok=True)
    cases = []

    def raw(name, data, expect):
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)
        cases.append((name, expect))

    def with_header(name, header, data_len, expect, header_len=None):
        text = header if isinstance(header, bytes) else json.dumps(header).encode()
        n = len(text) if header_len is None else header_len
        raw(name, struct.pack("<Q", n) + text + b"\0" * data_len, expect)

    f32 = lambda shape, b, e: {"dtype": "F32", "shape": shape, "data_offsets": [b, e]}
    raw("empty.safetensors", b"", "empty file")
    raw("short.safetensors", b"\x10\x00\x00", "too short")
    with_header("header_past_end.safetensors", {"a": f32([1], 0, 4)}, 4, "runs past the end of the file",
                header_len=5000)
    raw("header_huge.safetensors", struct.pack("<Q", 1 << 62) + b"{}", "absurdly large")
    with_header("header_not_json.safetensors", b"this is not json", 0, "not valid JSON")
    with_header("header_truncated.safetensors", b'{"a": {"dtype": "F32", ', 0, "not valid JSON")
    with_header("header_array.safetensors", [1, 2, 3], 0, "not a JSON object")
    with_header("header_deep.safetensors", b"[" * 100 + b"]" * 100, 0, "nesting deeper")
    with_header("unknown_dtype.safetensors", {"a": {"dtype": "Q4_K", "shape": [2], "data_offsets": [0, 8]}}, 8,
                "unknown dtype")
    with_header("negative_shape.safetensors", {"a": f32([2, -3], 0, 24)}, 24, "negative dimension")
    with_header("shape_mismatch.safetensors", {"a": f32([2, 3], 0, 20)}, 24, "does not match")
    with_header("shape_overflow.safetensors", {"a": f32([1 << 40, 1 << 40], 0, 16)}, 16, "does not match")
    with_header("offsets_reversed.safetensors", {"a": f32([2], 8, 0)}, 8, "reversed")
    with_header("offsets_overlap.safetensors", {"a": f32([4], 0, 16), "b": f32([4], 8, 24)}, 24, "overlapping")
    with_header("offsets_past_end.safetensors", {"a": f32([4], 0, 16)}, 8, "past the end")
    with_header("offsets_not_integers.safetensors", {"a": {"dtype": "F32", "shape": [1], "data_offsets": [0]}}, 4,
                "data_offsets")
    with_header("metadata_not_string.safetensors", {"__metadata__": {"a": 1}, "x": f32([1], 0, 4)}, 4,
                "is not a string")
    raw("not_safetensors.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "is a PNG image, not a safetensors file")
    raw("index.json", b'{\n  "format": "lrc-zoo",\n  "loras": []\n}\n', "is a JSON file, not a safetensors file")
    raw("checkpoint.pt", b"PK\x03\x04" + b"\0" * 64, "is a zip archive, not a safetensors file (a PyTorch .pt/.pth checkpoint?")
    raw("checkpoint.pkl", b"\x80\x02}q\x00" + b"\0" * 64, "is a Python pickle, not a safetensors file")
    with open(os.path.join(folder, "expected.tsv"), "w") as f:
        f.write("# file\tsubstring the error message must contain\n")
        for name, expect in cases:
            f.write(f"{name}\t{expect}\n")


def bad_adapters(models_dir, folder):
    """Adapters that do not fit the tiny models: each must be refused with 'wrong base model?'."""
    os.makedirs(folder, exist_ok=True)
    rows = []
    # Reference format from a wider model (width 48).
    t = {}
    for i in range(2 * DEPTH):
        t[f"w_a_{i:03d}"], t[f"w_b_{i:03d}"] = rnd(4, 48), rnd(48, 4)
    write_safetensors(os.path.join(folder, "reference_wrong_width.safetensors"), t)
    rows.append(("reference_wrong_width.safetensors", "hf-clip", "wrong base model?"))
    # Reference format from a deeper model (3 blocks).
    t = {}
    for i in range(6):
        t[f"w_a_{i:03d}"], t[f"w_b_{i:03d}"] = rnd(4, W), rnd(W, 4)
    write_safetensors(os.path.join(folder, "reference_wrong_depth.safetensors"), t)
    rows.append(("reference_wrong_depth.safetensors", "timm", "wrong base model?"))
    # PEFT whose A and B disagree on the rank.
    d = os.path.join(folder, "peft_rank_disagree")
    write_json(os.path.join(d, "adapter_config.json"), {"peft_type": "LORA", "r": 4, "lora_alpha": 4})
    write_safetensors(os.path.join(d, "adapter_model.safetensors"), {
        "base_model.model.vision_model.encoder.layers.0.self_attn.q_proj.lora_A.weight": rnd(4, W),
        "base_model.model.vision_model.encoder.layers.0.self_attn.q_proj.lora_B.weight": rnd(W, 8)})
    rows.append(("peft_rank_disagree", "hf-clip", "wrong base model?"))
    # PEFT whose config rank differs from the tensors.
    d = os.path.join(folder, "peft_config_rank")
    write_json(os.path.join(d, "adapter_config.json"), {"peft_type": "LORA", "r": 8, "lora_alpha": 8})
    write_safetensors(os.path.join(d, "adapter_model.safetensors"), {
        "base_model.model.vision_model.encoder.layers.0.self_attn.q_proj.lora_A.weight": rnd(4, W),
        "base_model.model.vision_model.encoder.layers.0.self_attn.q_proj.lora_B.weight": rnd(W, 4)})
    rows.append(("peft_config_rank", "hf-clip", "gives rank 8"))
    # PEFT with lora_A but no lora_B.
    d = os.path.join(folder, "peft_missing_b")
    write_json(os.path.join(d, "adapter_config.json"), {"peft_type": "LORA", "r": 4, "lora_alpha": 4})
    write_safetensors(os.path.join(d, "adapter_model.safetensors"), {
        "base_model.model.vision_model.encoder.layers.0.self_attn.q_proj.lora_A.weight": rnd(4, W)})
    rows.append(("peft_missing_b", "hf-clip", "no lora_B"))
    # PEFT for a block the model does not have.
    d = os.path.join(folder, "peft_wrong_layer")
    write_json(os.path.join(d, "adapter_config.json"), {"peft_type": "LORA", "r": 4, "lora_alpha": 4})
    write_safetensors(os.path.join(d, "adapter_model.safetensors"), {
        "base_model.model.vision_model.encoder.layers.7.self_attn.q_proj.lora_A.weight": rnd(4, W),
        "base_model.model.vision_model.encoder.layers.7.self_attn.q_proj.lora_B.weight": rnd(W, 4)})
    rows.append(("peft_wrong_layer", "hf-clip", "wrong base model?"))
    # A PEFT DoRA adapter (unsupported).
    d = os.path.join(folder, "peft_dora")
    write_json(os.path.join(d, "adapter_config.json"), {"peft_type": "LORA", "r": 4, "use_dora": True})
    write_safetensors(os.path.join(d, "adapter_model.safetensors"), {"x": rnd(1)})
    rows.append(("peft_dora", "hf-clip", "DoRA"))
    # A reference-format head that does not match the model's feature width.
    t = {}
    for i in range(2 * DEPTH):
        t[f"w_a_{i:03d}"], t[f"w_b_{i:03d}"] = rnd(4, W), rnd(W, 4)
    t["fc_48in_5out"] = rnd(5, 48)
    write_safetensors(os.path.join(folder, "reference_wrong_head.safetensors"), t)
    rows.append(("reference_wrong_head.safetensors", "timm", "wrong base model?"))
    with open(os.path.join(folder, "expected.tsv"), "w") as f:
        f.write("# adapter\tmodel family it is loaded onto\tsubstring the error message must contain\n")
        for r in rows:
            f.write("\t".join(r) + "\n")


def bad_models(folder):
    """Checkpoints with a missing or mis-shaped vision key."""
    os.makedirs(folder, exist_ok=True)
    rows = []
    p = random_vit(True, False, False)
    s = timm_state(p)
    del s["blocks.1.mlp.fc2.weight"]
    write_safetensors(os.path.join(folder, "timm_missing_key.safetensors"), s)
    rows.append(("timm_missing_key.safetensors", 'missing vision key "blocks.1.mlp.fc2.weight"'))
    s = timm_state(p)
    s["blocks.0.attn.proj.weight"] = rnd(W, W + 1)
    write_safetensors(os.path.join(folder, "timm_misshaped_key.safetensors"), s)
    rows.append(("timm_misshaped_key.safetensors", 'key "blocks.0.attn.proj.weight" has shape [32, 33]'))
    write_safetensors(os.path.join(folder, "not_a_vit.safetensors"), {"weight": rnd(3, 3)})
    rows.append(("not_a_vit.safetensors", "not a supported ViT checkpoint"))
    with open(os.path.join(folder, "expected.tsv"), "w") as f:
        f.write("# model file\tsubstring the error message must contain\n")
        for r in rows:
            f.write("\t".join(r) + "\n")


# ---------------------------------------------------------------- main
def main():
    torch.manual_seed(20261128)
    pixels = torch.randn(3, 3, IMG, IMG)
    write_safetensors(os.path.join(HERE, "pixels.safetensors"), {"pixel_values": pixels})

    def expect(name, feats):
        write_safetensors(os.path.join(HERE, "expected", name + ".safetensors"), {"features": feats.contiguous()})

    with torch.no_grad():
        # HF CLIP vision tower + projection
        p = random_vit(patch_bias=False, pre_norm=True, proj=True)
        d = os.path.join(HERE, "models", "hf_clip")
        write_safetensors(os.path.join(d, "model.safetensors"), clip_state(p), {"format": "pt"})
        write_json(os.path.join(d, "config.json"), {
            "_name_or_path": "tiny-clip-fixture", "model_type": "clip", "projection_dim": PROJ,
            "text_config": {"hidden_size": W},
            "vision_config": {"hidden_size": W, "intermediate_size": MLP, "num_hidden_layers": DEPTH,
                              "num_attention_heads": HEADS, "image_size": IMG, "patch_size": PATCH,
                              "hidden_act": "quick_gelu", "layer_norm_eps": 1e-5}})
        expect("hf_clip_plain", reference_forward(p, pixels, "quick_gelu", 1e-5))
        loras = {}
        peft_clip_adapter(os.path.join(HERE, "adapters", "hf_clip_peft"), loras)
        expect("hf_clip_peft", reference_forward(p, pixels, "quick_gelu", 1e-5, loras))
        loras = {}
        reference_adapter(os.path.join(HERE, "adapters", "hf_clip_reference.safetensors"), loras, PROJ)
        expect("hf_clip_reference", reference_forward(p, pixels, "quick_gelu", 1e-5, loras))

        # timm ViT (single file; config.json would sit beside it)
        p = random_vit(patch_bias=True, pre_norm=False, proj=False)
        d = os.path.join(HERE, "models", "timm")
        write_safetensors(os.path.join(d, "model.safetensors"), timm_state(p))
        write_json(os.path.join(d, "config.json"), {
            "architecture": "vit_tiny_fixture", "num_classes": 10,
            "model_args": {"num_heads": HEADS, "embed_dim": W, "depth": DEPTH},
            "pretrained_cfg": {"mean": [0.5, 0.5, 0.5], "std": [0.5, 0.5, 0.5], "interpolation": "bicubic"}})
        expect("timm_plain", reference_forward(p, pixels, "gelu", 1e-6))
        fused = {}
        loras = peft_timm_adapter(os.path.join(HERE, "adapters", "timm_peft"), fused)
        expect("timm_peft", reference_forward(p, pixels, "gelu", 1e-6, loras, fused))
        loras = {}
        reference_adapter(os.path.join(HERE, "adapters", "timm_reference.safetensors"), loras)
        expect("timm_reference", reference_forward(p, pixels, "gelu", 1e-6, loras))

        # HF ViT
        p = random_vit(patch_bias=True, pre_norm=False, proj=False)
        d = os.path.join(HERE, "models", "hf_vit")
        write_safetensors(os.path.join(d, "model.safetensors"), hf_vit_state(p), {"format": "pt"})
        write_json(os.path.join(d, "config.json"), {
            "_name_or_path": "tiny-vit-fixture", "model_type": "vit", "hidden_size": W,
            "intermediate_size": MLP, "num_hidden_layers": DEPTH, "num_attention_heads": HEADS,
            "image_size": IMG, "patch_size": PATCH, "hidden_act": "gelu", "layer_norm_eps": 1e-12,
            "qkv_bias": True})
        write_json(os.path.join(d, "preprocessor_config.json"), {
            "image_mean": [0.5, 0.5, 0.5], "image_std": [0.5, 0.5, 0.5], "resample": 2,
            "size": {"height": IMG, "width": IMG}})
        expect("hf_vit_plain", reference_forward(p, pixels, "gelu", 1e-12))
        loras = {}
        peft_hf_vit_adapter(os.path.join(HERE, "adapters", "hf_vit_peft"), loras)
        expect("hf_vit_peft", reference_forward(p, pixels, "gelu", 1e-12, loras))
        loras = {}
        reference_adapter(os.path.join(HERE, "adapters", "hf_vit_reference.safetensors"), loras)
        expect("hf_vit_reference", reference_forward(p, pixels, "gelu", 1e-12, loras))

        bad_files(os.path.join(HERE, "bad"))
        bad_adapters(os.path.join(HERE, "models"), os.path.join(HERE, "bad", "adapters"))
        bad_models(os.path.join(HERE, "bad", "models"))
    print("fixtures written to", HERE)


if __name__ == "__main__":
    main()
