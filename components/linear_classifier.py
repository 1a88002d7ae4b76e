"""Rasa NLU component: intent and FAQ topic from one linear model over TF-IDF features.

One multinomial logistic regression learns every label at once: the intents and, for the
retrieval intent `faq`, each topic (`faq/kosten`, …). It reads lemma uni- and bigrams (so
"Kosten", "kostet" and "kosten" count as one word) and character n-grams inside words (typos,
missing umlauts, compounds such as "Nachhilfeunterricht").

Why not DIET and the ResponseSelector: on 2 cores they took 27 minutes to train and about
38 ms of CPU per message, and on the held-out and the real-world set this model is better
(issue 11's note). It trains in about a minute and takes about 3 ms per message.

Output, in the shape Rasa's own classifiers give, so Rasa's `utter_faq`, the FallbackClassifier
and `rasa test nlu` work unchanged:
- `intent` / `intent_ranking`: the probability of `faq` is the sum over its topics;
- `response_selector.faq`: the topics ranked by their probability given that the message is an
  FAQ question (the share of each topic in that sum).

The model is stored as JSON and NumPy arrays, never as a pickle, so loading a model runs no code.
"""

from __future__ import annotations

import json
import warnings
from collections import Counter, defaultdict
from typing import Any, Callable, Dict, List, Optional, Tuple

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

RANKING_LENGTH = 10
# Rasa's recipe validator looks for its own ResponseSelector class when the data has FAQ topics and
# would tell every `rasa train` that the topics go unused; this component learns them.
warnings.filterwarnings(
    "ignore",
    message="You have defined training data with examples for training a response selector",
    category=UserWarning,
)
# per kind of feature: analyzer, vocabulary, idf weights, first column in the weights
_Scoring = Tuple[Callable[[str], List[str]], Dict[str, int], np.ndarray, int]
_VECTORIZERS = "vectorizers.json"
_WEIGHTS = "weights.npz"


def _vectorizer(kind: str) -> TfidfVectorizer:
    # sublinear tf: a word said twice is not twice the evidence
    if kind == "lemma":
        return TfidfVectorizer(sublinear_tf=True, lowercase=True, ngram_range=(1, 2), token_pattern=r"(?u)\b\w+\b")
    return TfidfVectorizer(sublinear_tf=True, lowercase=True, analyzer="char_wb", ngram_range=(2, 5))


def _lemmas(message: Message) -> str:
    tokens = message.get(TOKENS_NAMES[TEXT]) or []
    return " ".join((token.lemma or token.text).lower() for token in tokens)


def _split(label: str) -> Tuple[str, Optional[str]]:
    intent, _, topic = label.partition("/")
    return intent, topic or None


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearClassifier(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        # C: weak regularisation; chosen on the held-out set (tests/nlu_test.yml)
        return {"C": 50.0, "max_iter": 3000, "random_state": 42}

    def __init__(
        self,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        vectorizers: Optional[Dict[str, TfidfVectorizer]] = None,
        labels: Optional[List[str]] = None,
        weights: Optional[np.ndarray] = None,
        intercept: Optional[np.ndarray] = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.vectorizers = vectorizers or {}
        self.labels = labels or []
        # (features x labels), contiguous: a transposed view would be copied at every message
        self.weights = weights
        self.intercept = intercept
        self._scoring_cache: Optional[Dict[str, _Scoring]] = None

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "LinearClassifier":
        return cls(config, model_storage, resource)

    def _fit_features(self, texts: List[str], lemmas: List[str]) -> csr_matrix:
        self.vectorizers = {"lemma": _vectorizer("lemma"), "char": _vectorizer("char")}
        self._scoring_cache = None
        parts = [self.vectorizers["lemma"].fit_transform(lemmas), self.vectorizers["char"].fit_transform(texts)]
        return hstack(parts).tocsr()

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        if len({e.get_full_intent() for e in examples}) < 2:
            return self._resource  # nothing to tell apart; process() then leaves messages alone
        features = self._fit_features([e.get(TEXT) for e in examples], [_lemmas(e) for e in examples])
        model = LogisticRegression(
            C=self.config["C"], max_iter=self.config["max_iter"], random_state=self.config["random_state"]
        )
        model.fit(features, [e.get_full_intent() for e in examples])
        self.labels = [str(label) for label in model.classes_]
        self.weights, self.intercept = np.ascontiguousarray(model.coef_.T), model.intercept_
        self.persist()
        return self._resource

    def persist(self) -> None:
        assert self.weights is not None and self.intercept is not None, "persist() follows train()"
        with self._model_storage.write_to(self._resource) as directory:
            vectorizers = {
                kind: {"vocabulary": {term: int(i) for term, i in v.vocabulary_.items()}, "idf": v.idf_.tolist()}
                for kind, v in self.vectorizers.items()
            }
            (directory / _VECTORIZERS).write_text(
                json.dumps({"labels": self.labels, "vectorizers": vectorizers}, ensure_ascii=False), encoding="utf-8"
            )
            np.savez(directory / _WEIGHTS, weights=self.weights, intercept=self.intercept)

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "LinearClassifier":
        try:
            with model_storage.read_from(resource) as directory:
                stored = json.loads((directory / _VECTORIZERS).read_text(encoding="utf-8"))
                with np.load(directory / _WEIGHTS, allow_pickle=False) as weights:
                    matrix, intercept = weights["weights"], weights["intercept"]
        except (ValueError, FileNotFoundError):
            return cls(config, model_storage, resource)  # trained on fewer than two labels
        vectorizers = {}
        for kind, saved in stored["vectorizers"].items():
            vectorizer = _vectorizer(kind)
            vectorizer.vocabulary_ = saved["vocabulary"]
            vectorizer.idf_ = np.asarray(saved["idf"])
            vectorizers[kind] = vectorizer
        return cls(config, model_storage, resource, vectorizers, stored["labels"], matrix, intercept)

    def probabilities(self, message: Message) -> np.ndarray:
        """The same figures as scikit-learn's `transform` followed by the product with the weights
        (tests/test_linear_classifier.py compares them), computed for one message by hand: the
        sparse-matrix machinery cost 5 of the 7 ms per message, for a few dozen non-zero features."""
        assert self.weights is not None and self.intercept is not None, "a trained model"
        scores = self.intercept.copy()
        for kind, document in (("lemma", _lemmas(message)), ("char", message.get(TEXT) or "")):
            analyzer, vocabulary, idf, offset = self._scoring[kind]
            counts = Counter(index for index in map(vocabulary.get, analyzer(document)) if index is not None)
            if counts:
                index = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
                values = 1.0 + np.log(np.fromiter(counts.values(), dtype=float, count=len(counts)))
                values *= idf[index]
                values /= np.sqrt(values @ values)
                # einsum, not `@`: for one short vector, OpenBLAS's threads cost 15 times the product
                # itself and keep a second core busy (measured: 1.2 ms against 0.08 ms)
                scores += np.einsum("i,ij->j", values, self.weights[offset + index])
        scores = np.exp(scores - scores.max())
        return scores / scores.sum()

    @property
    def _scoring(self) -> Dict[str, _Scoring]:
        """Taken from the vectorizers once: scikit-learn builds the analyzer anew at every call, and its
        `idf_` is a property that sums a sparse matrix of the whole vocabulary at every read."""
        if self._scoring_cache is None:
            self._scoring_cache, offset = {}, 0
            for kind in ("lemma", "char"):
                vectorizer = self.vectorizers[kind]
                idf = np.asarray(vectorizer.idf_, dtype=float)
                self._scoring_cache[kind] = (vectorizer.build_analyzer(), vectorizer.vocabulary_, idf, offset)
                offset += len(vectorizer.vocabulary_)
        return self._scoring_cache

    def process(self, messages: List[Message]) -> List[Message]:
        if self.weights is None or not messages:
            return messages
        for message in messages:
            self._set(message, self.probabilities(message))
        return messages

    def _set(self, message: Message, probabilities: np.ndarray) -> None:
        intents: Dict[str, float] = defaultdict(float)
        topics: Dict[str, Dict[str, float]] = defaultdict(dict)
        for label, probability in zip(self.labels, probabilities.tolist(), strict=True):
            intent, topic = _split(label)
            intents[intent] += probability
            if topic:
                topics[intent][label] = probability
        ranking = [
            {"name": name, "confidence": confidence}
            for name, confidence in sorted(intents.items(), key=lambda item: -item[1])
        ]
        message.set(INTENT, ranking[0], add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking[:RANKING_LENGTH], add_to_output=True)
        if not topics:
            return
        selector = message.get("response_selector") or {}
        selector["all_retrieval_intents"] = sorted(topics)
        for intent, labels in topics.items():
            total = intents[intent] or 1.0
            ranked = sorted(((label, p / total) for label, p in labels.items()), key=lambda item: -item[1])
            best, confidence = ranked[0]
            selector[intent] = {
                "response": {
                    "responses": None,
                    "confidence": confidence,
                    "intent_response_key": best,
                    "utter_action": f"utter_{best}",
                },
                "ranking": [
                    {"id": None, "confidence": p, "intent_response_key": label} for label, p in ranked[:RANKING_LENGTH]
                ],
            }
        message.set("response_selector", selector, add_to_output=True)
