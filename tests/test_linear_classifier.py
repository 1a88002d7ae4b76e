"""The linear intent and FAQ-topic classifier (components/linear_classifier.py), trained on a few examples."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.sparse import hstack

pytest.importorskip("rasa")

from rasa.engine.graph import ExecutionContext, GraphSchema  # noqa: E402
from rasa.engine.storage.local_model_storage import LocalModelStorage  # noqa: E402
from rasa.engine.storage.resource import Resource  # noqa: E402
from rasa.nlu.constants import TOKENS_NAMES  # noqa: E402
from rasa.nlu.tokenizers.tokenizer import Token  # noqa: E402
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, TEXT  # noqa: E402
from rasa.shared.nlu.training_data.message import Message  # noqa: E402
from rasa.shared.nlu.training_data.training_data import TrainingData  # noqa: E402

from components.linear_classifier import LinearClassifier, _lemmas  # noqa: E402

EXAMPLES = {
    "greet": ["hallo", "hi", "guten tag", "moin", "servus"],
    "faq/kosten": ["was kostet die asa", "kostet das was", "muss ich bezahlen", "ist das kostenlos", "kosten asa"],
    "faq/alter": ["wie alt muss ich sein", "gibt es eine altersgrenze", "bin ich zu alt", "ab welchem alter", "alter"],
    "faq/foerderunterricht": [
        "ich brauche nachhilfe",
        "schlechte noten",
        "nachhilfe in mathe",
        "förderunterricht",
        "lernen",
    ],
}


def message(text: str, label: str | None = None) -> Message:
    # the lemma stands in for the spaCy tokenizer's: the word itself, lower case
    tokens, start = [], 0
    for word in text.split():
        tokens.append(Token(word, start, lemma=word.lower()))
        start += len(word) + 1
    data = {TEXT: text, TOKENS_NAMES[TEXT]: tokens}
    if label:
        intent, _, topic = label.partition("/")
        data[INTENT] = intent
        if topic:
            data[INTENT_RESPONSE_KEY] = label
    return Message(data=data)


@pytest.fixture()
def storage(tmp_path):
    return LocalModelStorage(tmp_path)


@pytest.fixture()
def trained(storage):
    resource = Resource("linear")
    context = ExecutionContext(GraphSchema({}), "test")
    classifier = LinearClassifier.create({}, storage, resource, context)
    data = TrainingData([message(text, label) for label, texts in EXAMPLES.items() for text in texts])
    classifier.train(data)
    return classifier, resource, context


def parse(classifier: LinearClassifier, text: str) -> Message:
    return classifier.process([message(text)])[0]


def test_a_faq_question_gets_the_faq_intent_and_its_topic(trained):
    classifier, _, _ = trained
    parsed = parse(classifier, "was kostet das")
    assert parsed.get(INTENT)["name"] == "faq"
    selection = parsed.get("response_selector")
    assert selection["all_retrieval_intents"] == ["faq"]
    assert selection["faq"]["response"]["intent_response_key"] == "faq/kosten"
    assert selection["faq"]["response"]["utter_action"] == "utter_faq/kosten"
    assert parse(classifier, "moin moin").get(INTENT)["name"] == "greet"


def test_the_faq_intent_is_as_likely_as_its_topics_together_and_topics_are_shares_of_it(trained):
    classifier, _, _ = trained
    text = "nachhilfe was kostet das"
    probabilities = dict(zip(classifier.labels, classifier.probabilities(message(text)), strict=True))
    parsed = parse(classifier, text)
    faq = next(r for r in parsed.get("intent_ranking") if r["name"] == "faq")
    topics = {k: p for k, p in probabilities.items() if k.startswith("faq/")}
    assert faq["confidence"] == pytest.approx(sum(topics.values()))
    ranking = parsed.get("response_selector")["faq"]["ranking"]
    assert sum(r["confidence"] for r in ranking) == pytest.approx(1.0)
    for entry in ranking:
        assert entry["confidence"] == pytest.approx(topics[entry["intent_response_key"]] / faq["confidence"])
    assert [r["confidence"] for r in ranking] == sorted((r["confidence"] for r in ranking), reverse=True)


def test_a_loaded_model_answers_exactly_as_the_trained_one(trained, storage):
    classifier, resource, context = trained
    loaded = LinearClassifier.load({}, storage, resource, context)
    texts = ["was kostet das", "bin 27 zu alt?", "schlechte noten in deutsch", "hallo"]
    for text in texts:
        np.testing.assert_allclose(loaded.probabilities(message(text)), classifier.probabilities(message(text)))
    assert loaded.labels == classifier.labels


def test_the_scores_by_hand_equal_scikit_learns_transform(trained):
    # texts with words the model never saw, repeated words and no known word at all
    classifier, _, _ = trained
    texts = ["was kostet das", "kosten kosten kosten?", "Nachhilfe für Lehrlinge", "xyzzy", ""]
    messages = [message(t) for t in texts]
    vectorizers = classifier.vectorizers
    features = hstack(
        [vectorizers["lemma"].transform([_lemmas(m) for m in messages]), vectorizers["char"].transform(texts)]
    ).tocsr()
    scores = features @ classifier.weights + classifier.intercept
    expected = np.exp(scores - scores.max(axis=1, keepdims=True))
    expected /= expected.sum(axis=1, keepdims=True)
    for row, m in zip(expected, messages, strict=True):
        np.testing.assert_allclose(classifier.probabilities(m), row, rtol=1e-10, atol=1e-12)


def test_without_two_labels_to_tell_apart_messages_pass_unchanged(storage):
    resource = Resource("one_label")
    context = ExecutionContext(GraphSchema({}), "test")
    classifier = LinearClassifier.create({}, storage, resource, context)
    classifier.train(TrainingData([message("hallo", "greet"), message("hi", "greet")]))
    loaded = LinearClassifier.load({}, storage, resource, context)
    parsed = loaded.process([message("hallo")])[0]
    assert parsed.get(INTENT) is None and parsed.get("response_selector") is None
