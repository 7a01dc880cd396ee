"""Vietnamese word segmentation: pyvi's model and features, its CRF decoded here.

pyvi (the segmenter of spaCy's Vietnamese tokenizer) labels each syllable B_W (begins a word)
or I_W (continues one) with a linear-chain CRF run by crfsuite. For the thousands of short task
texts of a comparison, crfsuite spends most of its time on the way in: pyvi builds a dict of
14 features per syllable, python-crfsuite turns every dict into strings and crfsuite looks each
string up in the model. Here each distinct syllable's weights are looked up once and kept; a
syllable's state score is the same sum crfsuite forms, term by term in the same order (so the
same doubles), and the Viterbi pass is crfsuite's (the first maximum wins). The labels are
therefore crfsuite's, two to three times faster (8,154 sentences of 200 plans, 386,400 syllables:
1.23 s through crfsuite with the zero-valued features left out, 3.65 s through pyvi's own code,
0.40-0.57 s here, every label the same). When pyvi's model is not one this reads (another model
type, more than two labels), pyvi's own tokenizer runs instead.
"""

from __future__ import annotations

import string
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

# crfsuite's model file ("FOMC", version 100): header, features, then label and attribute CQDBs
_HEADER = struct.Struct("<4sI4sIIIIIIIII")
_CHUNK = struct.Struct("<4sII")
_FEATURE = struct.Struct("<IIId")  # type (0 state, 1 transition), source, destination, weight
_CQDB = struct.Struct("<4sIIIII")  # id, size, flag, byte order, backward-link count and offset
_RECORD = struct.Struct("<iI")  # key id, key size (with its NUL)
MAX_SYLLABLES_KEPT = 200_000  # distinct syllables whose weights are kept; then the table starts again


@dataclass(frozen=True)
class CrfWeights:
    """A two-label linear-chain CRF: state weights by attribute name, transitions by label pair."""

    labels: tuple[str, str]
    states: dict[str, tuple[float, float]]
    transitions: tuple[tuple[float, float], tuple[float, float]]


def read_crfsuite(data: bytes) -> CrfWeights:
    """The weights of a crfsuite model file (the bytes `Trainer.train` writes); ValueError when it
    is not a two-label first-order CRF in crfsuite's format."""
    try:
        magic, _, kind, version, _, n_labels, n_attrs, at_features, at_labels, at_attrs, _, _ = \
            _HEADER.unpack_from(data, 0)
        if (magic, kind, version) != (b"lCRF", b"FOMC", 100):
            raise ValueError(f"not a crfsuite CRF model ({magic!r} {kind!r} version {version})")
        chunk, _, n_features = _CHUNK.unpack_from(data, at_features)
        if chunk != b"FEAT":
            raise ValueError("crfsuite model without its feature chunk")
        labels, attrs = _cqdb_keys(data, at_labels, n_labels), _cqdb_keys(data, at_attrs, n_attrs)
        if len(labels) != 2:
            raise ValueError(f"a CRF of {len(labels)} labels, not 2")
        states: dict[str, list[float]] = {}
        moves = [[0.0, 0.0], [0.0, 0.0]]
        for kind_, source, target, weight in _FEATURE.iter_unpack(
                data[at_features + _CHUNK.size:at_features + _CHUNK.size + n_features * _FEATURE.size]):
            if kind_ == 0:
                states.setdefault(attrs[source], [0.0, 0.0])[target] = weight
            elif kind_ == 1:
                moves[source][target] = weight
            else:
                raise ValueError(f"crfsuite feature of unknown type {kind_}")
    except (struct.error, IndexError, UnicodeDecodeError) as exc:
        raise ValueError(f"unreadable crfsuite model: {exc}") from None
    return CrfWeights((labels[0], labels[1]), {a: (w[0], w[1]) for a, w in states.items()},
                      ((moves[0][0], moves[0][1]), (moves[1][0], moves[1][1])))


def _cqdb_keys(data: bytes, at: int, count: int) -> list[str]:
    """The keys of a constant-quark database, in id order (read through its backward links)."""
    chunk, _, _, _, n_links, links_at = _CQDB.unpack_from(data, at)
    if chunk != b"CQDB" or n_links != count:
        raise ValueError("crfsuite model with a damaged string table")
    keys = []
    for n, (offset,) in enumerate(struct.iter_unpack("<I", data[at + links_at:at + links_at + 4 * n_links])):
        key_id, size = _RECORD.unpack_from(data, at + offset)
        if key_id != n or size < 1:
            raise ValueError("crfsuite model with a damaged string table")
        start = at + offset + _RECORD.size
        keys.append(data[start:start + size - 1].decode("utf-8"))
    return keys


class SyllableTagger:
    """pyvi's labels for a sentence of syllables, from the CRF's weights and pyvi's features
    (word2features of pyvi.ViTokenizer: the syllable, its case, its neighbours, and whether
    two or three syllables in a row are a dictionary word)."""

    def __init__(self, weights: CrfWeights, bi_grams: frozenset[str] | set[str], tri_grams: frozenset[str] | set[str]):
        self.weights = weights
        self.bi_grams, self.tri_grams = bi_grams, tri_grams
        self._tri_heads = frozenset(t.rsplit(" ", 1)[0] for t in tri_grams)
        states = weights.states
        self._grams = tuple(states.get(k, (0.0, 0.0)) for k in
                            ("-1:word.bi_gram()", "-2:word.tri_gram()", "+1:word.bi_gram()", "+2:word.tri_gram()"))
        self._syllables: dict[str, tuple] = {}

    def _syllable(self, word: str) -> tuple:
        """What a syllable adds to its own state score (bias to word.isdigit(), summed in pyvi's
        order), and the nonzero terms it adds as the previous and as the next syllable."""
        states = self.weights.states
        low, upper, title = word.lower(), word.isupper(), word.istitle()
        own0 = own1 = 0.0
        for name in ("bias", f"word.lower():{low}", upper and "word.isupper()", title and "word.istitle()",
                     word.isdigit() and "word.isdigit()"):
            w = states.get(name) if name else None
            if w is not None:
                own0 += w[0]
                own1 += w[1]

        def terms(*names) -> tuple:
            return tuple(w for w in (states.get(n) for n in names if n) if w is not None and w != (0.0, 0.0))

        if len(self._syllables) >= MAX_SYLLABLES_KEPT:
            self._syllables.clear()
        found = self._syllables[word] = (
            own0, own1,
            terms(f"-1:word.lower():{low}", title and "-1:word.istitle()", upper and "-1:word.isupper()"),
            terms(f"+1:word.lower():{low}", title and "+1:word.istitle()", upper and "+1:word.isupper()"),
            low)
        return found

    def labels(self, sentence: Sequence[str]) -> list[str]:
        """The CRF's best labels for the syllables of one sentence (crfsuite's Viterbi)."""
        n = len(sentence)
        if not n:
            return []
        known = self._syllables
        rows = [known.get(w) or self._syllable(w) for w in sentence]
        low = [r[4] for r in rows]
        bi, tri, heads = self.bi_grams, self.tri_grams, self._tri_heads
        pair = [False] * n  # syllables k, k + 1 are a two-syllable word
        triple = [False] * n  # syllables k, k + 1, k + 2 are a three-syllable word
        for k in range(n - 1):
            two = f"{low[k]} {low[k + 1]}"
            pair[k] = two in bi
            if k < n - 2 and two in heads:
                triple[k] = f"{two} {low[k + 2]}" in tri
        (pb0, pb1), (pt0, pt1), (nb0, nb1), (nt0, nt1) = self._grams
        score0, score1 = [0.0] * n, [0.0] * n
        last = n - 1
        for i, row in enumerate(rows):
            s0, s1 = row[0], row[1]
            if i:
                for w0, w1 in rows[i - 1][2]:
                    s0 += w0
                    s1 += w1
                if pair[i - 1]:
                    s0 += pb0
                    s1 += pb1
                if i > 1 and triple[i - 2]:
                    s0 += pt0
                    s1 += pt1
            if i < last:
                for w0, w1 in rows[i + 1][3]:
                    s0 += w0
                    s1 += w1
                if pair[i]:
                    s0 += nb0
                    s1 += nb1
                if triple[i]:
                    s0 += nt0
                    s1 += nt1
            score0[i], score1[i] = s0, s1
        return self._viterbi(score0, score1)

    def _viterbi(self, score0: list[float], score1: list[float]) -> list[str]:
        """crfsuite's Viterbi for two labels: on a tie the first label wins."""
        (t00, t01), (t10, t11) = self.weights.transitions
        n = len(score0)
        a0, a1 = score0[0], score1[0]
        from1_to0, from1_to1 = [False] * n, [False] * n  # best path into (k, label) comes from label 1
        for k in range(1, n):
            x0, y0, x1, y1 = a0 + t00, a1 + t10, a0 + t01, a1 + t11
            if x0 < y0:
                from1_to0[k], x0 = True, y0
            if x1 < y1:
                from1_to1[k], x1 = True, y1
            a0, a1 = x0 + score0[k], x1 + score1[k]
        label = a0 < a1
        out = [label] * n
        for k in range(n - 1, 0, -1):
            label = from1_to1[k] if label else from1_to0[k]
            out[k - 1] = label
        first, second = self.weights.labels
        return [second if x else first for x in out]


class _Model:
    """Stands in for pyvi's model object: `predict` of a batch of sentences."""

    def __init__(self, tagger: SyllableTagger):
        self.tagger = tagger

    def predict(self, sentences):
        return [self.tagger.labels(s) for s in sentences]


class _FastViTokenizer:
    """pyvi's ViTokenizer with its CRF decoded by SyllableTagger: `sent2features` hands the
    syllables themselves to `model.predict`, which reads what it needs from them (spaCy's
    tokenizer calls the two in a row)."""

    def __init__(self, vi, tagger: SyllableTagger):
        self._vi = vi
        self.model = _Model(tagger)
        self.sylabelize = vi.sylabelize

    def sent2features(self, sent, is_training=False):
        if is_training:  # pragma: no cover - pyvi's own path (training data carries labels)
            return self._vi.sent2features(sent, is_training)
        return sent

    def tokenize(self, text: str) -> str:
        """pyvi's ViTokenizer.tokenize (same code, the faster labels)."""
        _, tmp = self.sylabelize(text)
        if len(tmp) == 0:
            return text
        labels = self.model.predict([tmp])
        output = tmp[0]
        for i in range(1, len(labels[0])):
            if labels[0][i] == "I_W" and tmp[i] not in string.punctuation and \
                    tmp[i - 1] not in string.punctuation and \
                    not tmp[i][0].isdigit() and not tmp[i - 1][0].isdigit() \
                    and not (tmp[i][0].istitle() and not tmp[i - 1][0].istitle()):
                output = output + "_" + tmp[i]
            else:
                output = output + " " + tmp[i]
        return output


class FastPyvi:
    """Stands in for the `pyvi.ViTokenizer` module (where spaCy's Vietnamese tokenizer keeps it)."""

    def __init__(self, vi_tokenizer):
        self.ViTokenizer = vi_tokenizer


def pyvi_weights(vi) -> CrfWeights:
    """The weights of pyvi's CRF, read from the model file its sklearn-crfsuite estimator keeps."""
    modelfile = getattr(getattr(vi, "model", None), "modelfile", None)
    name = getattr(modelfile, "name", None)
    if not name:
        raise ValueError("pyvi's model keeps no crfsuite file")
    with open(name, "rb") as f:
        return read_crfsuite(f.read())


@lru_cache(maxsize=1)
def fast_pyvi() -> FastPyvi | None:
    """The faster stand-in for pyvi's tokenizer (None without pyvi; pyvi's own tokenizer when its
    model is not one `read_crfsuite` reads); loads pyvi's model once."""
    try:
        from pyvi import ViTokenizer
    except ImportError:  # pragma: no cover
        return None
    vi = ViTokenizer.ViTokenizer
    try:
        weights = pyvi_weights(vi)
    except (OSError, ValueError):  # another pyvi release: its own, slower path
        return FastPyvi(vi)
    return FastPyvi(_FastViTokenizer(vi, SyllableTagger(weights, vi.bi_grams, vi.tri_grams)))


@lru_cache(maxsize=65536)
def segment(text: str) -> list[str]:
    """Vietnamese word segmentation (pyvi, as spaCy's Vietnamese tokenizer uses); syllables
    of one word are joined by '_'. Without pyvi, syllables stand alone.

    Same words as `ViTokenizer.tokenize(text).split()`, faster (fast_pyvi): segmentation is most
    of the text analysis of a large comparison."""
    pyvi = fast_pyvi()
    if pyvi is None:  # pragma: no cover - pyvi is a dependency of spaCy's vi pipeline
        return text.split()
    return pyvi.ViTokenizer.tokenize(text).split()
