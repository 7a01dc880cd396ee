"""wordseg decodes pyvi's CRF itself: its words must be pyvi's own, on written sentences and the corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ccompare.compare import wordseg
from ccompare.compare.wordseg import fast_pyvi, read_crfsuite, segment

CASES = json.loads((Path(__file__).parent / "fixtures" / "segmentation_cases.json").read_text("utf-8"))["sentences"]
pyvi = pytest.importorskip("pyvi.ViTokenizer")
VI = pyvi.ViTokenizer


def pyvi_labels(sentence: list[str]) -> list[str]:
    """Labels from pyvi's own features and crfsuite's tagger (the slow path being replaced)."""
    return list(VI.model.predict([VI.sent2features(sentence, False)])[0])


@pytest.mark.parametrize("sentence", CASES)
def test_segment_gives_pyvis_words(sentence: str) -> None:
    for text in (sentence, sentence.lower()):  # the analysis segments lower-case syllables
        assert segment(text) == VI.tokenize(text).split()


def test_labels_are_crfsuites_on_the_corpus(corpus_plans) -> None:
    tagger = fast_pyvi().ViTokenizer.model.tagger
    sentences = [VI.sylabelize(t.text)[1] for p in corpus_plans for t in p.tasks]
    sentences += [[w.lower() for w in s] for s in sentences]
    assert sum(map(len, sentences)) > 10_000
    for s in sentences:
        assert tagger.labels(s) == pyvi_labels(s), s


def test_spacy_tokens_are_the_same_with_the_faster_tokenizer() -> None:
    import spacy

    from ccompare.compare.areas import faster_tokenizer

    plain, fast = spacy.blank("vi"), faster_tokenizer(spacy.blank("vi"))
    assert isinstance(fast.tokenizer.ViTokenizer, wordseg.FastPyvi)
    for sentence in CASES:
        assert [t.text for t in fast(sentence)] == [t.text for t in plain(sentence)]
        assert [t.whitespace_ for t in fast(sentence)] == [t.whitespace_ for t in plain(sentence)]


def test_the_syllable_table_starts_again_when_full(monkeypatch) -> None:
    tagger = wordseg.SyllableTagger(wordseg.pyvi_weights(VI), VI.bi_grams, VI.tri_grams)
    monkeypatch.setattr(wordseg, "MAX_SYLLABLES_KEPT", 5)
    for sentence in CASES:
        syllables = VI.sylabelize(sentence)[1]
        assert tagger.labels(syllables) == pyvi_labels(syllables)
        assert len(tagger._syllables) <= 5


def _train(path: Path, labels: list[str]) -> None:
    pycrfsuite = pytest.importorskip("pycrfsuite")
    trainer = pycrfsuite.Trainer(verbose=False)
    rows = [({"bias": 1.0, "w": "a", "up": True}, labels[0]), ({"bias": 1.0, "w": "b"}, labels[1]),
            ({"bias": 1.0, "w": "c:d"}, labels[-1]), ({"bias": 1.0, "w": "a"}, labels[0])]
    for _ in range(3):
        trainer.append([x for x, _ in rows], [y for _, y in rows])
    trainer.set_params({"max_iterations": 20, "c2": 0.1})
    trainer.train(str(path))


def test_read_crfsuite_reads_a_model_crfsuite_wrote(tmp_path) -> None:
    import pycrfsuite

    path = tmp_path / "m.crfsuite"
    _train(path, ["X", "Y"])
    weights = read_crfsuite(path.read_bytes())
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    info = tagger.info()
    assert weights.labels == ("X", "Y")
    for (attr, label), w in info.state_features.items():  # the dump prints 6 decimals
        assert weights.states[attr][weights.labels.index(label)] == pytest.approx(w, abs=1e-6)
    for (a, b), w in info.transitions.items():
        assert weights.transitions[weights.labels.index(a)][weights.labels.index(b)] == pytest.approx(w, abs=1e-6)
    assert "w:c:d" in weights.states  # a string value joins its feature's name after a colon


@pytest.mark.parametrize("damage", ["three labels", "not a model", "cut short", "empty"])
def test_read_crfsuite_refuses_what_it_cannot_decode(tmp_path, damage: str) -> None:
    path = tmp_path / "m.crfsuite"
    _train(path, ["X", "Y", "Z"] if damage == "three labels" else ["X", "Y"])
    data = path.read_bytes()
    data = {"not a model": b"PK\x03\x04" + data[4:], "cut short": data[:300], "empty": b""}.get(damage, data)
    with pytest.raises(ValueError):
        read_crfsuite(data)


def test_pyvis_own_tokenizer_runs_when_its_model_cannot_be_read(monkeypatch) -> None:
    def unreadable(vi):
        raise ValueError("not a crfsuite CRF model")

    monkeypatch.setattr(wordseg, "pyvi_weights", unreadable)
    fast_pyvi.cache_clear()
    try:
        assert fast_pyvi().ViTokenizer is VI
        assert fast_pyvi().ViTokenizer.tokenize(CASES[0]) == VI.tokenize(CASES[0])
    finally:
        fast_pyvi.cache_clear()  # the next caller reads the model again
