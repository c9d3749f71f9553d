"""Domain relevance: is a message about this assistant at all?

A softmax intent classifier always picks *some* intent, so "how many miles does my car have"
came out as a pay question. This component, trained by ``rasa train`` with the rest of the
pipeline, answers one narrower question: in-domain (every intent of the domain, chitchat
included) or out-of-domain (the ``out_of_scope`` examples, a corpus of everyday requests from
other domains in ``data/nlu/out_of_scope/``). Two logistic regressions vote (their in-domain
probabilities are averaged): one on word and character n-grams (this domain's vocabulary,
typos), one on all-MiniLM-L6-v2 sentence embeddings (meaning: "how many miles does my car have"
is close to other car questions, whatever its words). Measured with 5-fold out-of-fold scores
on the training data against the validation split, the average declines far more
out-of-domain text at the same in-domain loss than either alone (README, "Understanding").

When the in-domain probability is below ``threshold`` (calibrated on the validation split of
the out-of-domain corpus by ``scripts/calibrate_relevance.py``, never on the test split), the
message's intent becomes ``out_of_scope``. The probability is kept on the message as
``domain_relevance`` for analytics and evaluation.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any, Dict, FrozenSet, List, Optional, Text

import joblib
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from actions.base import ANCHORS
from gateway.place_answer import PLACE_ANSWER, decided

logger = logging.getLogger(__name__)

MODEL_FILE = "relevance.joblib"


def build_model(random_seed: int, c: float):
    """The n-gram model: words and character n-grams (typos, "sallary") side by side."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    features = make_union(
        TfidfVectorizer(
            analyzer="word", ngram_range=(1, 2), sublinear_tf=True, lowercase=True, token_pattern=r"(?u)\b\w+\b"
        ),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, lowercase=True, min_df=2),
    )
    classifier = LogisticRegression(C=c, class_weight="balanced", max_iter=5000, random_state=random_seed)
    return make_pipeline(features, classifier)


def build_embedding_model(random_seed: int, c: float):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, class_weight="balanced", max_iter=5000, random_state=random_seed)


class RelevanceModel:
    """The two models and their average; ``fit`` and ``predict`` take raw texts."""

    def __init__(self, random_seed: int, c_ngrams: float, c_embeddings: float):
        self.ngrams = build_model(random_seed, c_ngrams)
        self.embeddings = build_embedding_model(random_seed, c_embeddings)

    def fit(self, texts: List[str], labels: List[int]) -> "RelevanceModel":
        from gateway.sentence_encoder import encoder

        self.ngrams.fit(texts, labels)
        self.embeddings.fit(encoder().encode(texts), labels)
        return self

    def vocabulary(self) -> FrozenSet[str]:
        """The words of the training data (the n-gram model's word vocabulary), computed once."""
        if getattr(self, "_vocabulary", None) is None:
            words = self.ngrams.steps[0][1].transformer_list[0][1].vocabulary_
            self._vocabulary = frozenset(w for w in words if w.isalpha())
        return self._vocabulary

    def predict(
        self, texts: List[str], threshold: Optional[float] = None, exact: Optional[List[bool]] = None
    ) -> List[float]:
        """In-domain probability of each text (the average of the two models).

        The encoder costs a few milliseconds a message, the n-grams almost nothing. Given the
        decision ``threshold``, a text whose n-gram probability alone is at least twice it is
        in-domain whatever the embeddings say, so it is not encoded and its value is the lower
        bound (n-gram probability / 2), unless ``exact`` asks for its exact value. Most real
        questions take that path."""
        from gateway.sentence_encoder import encoder

        p_ngrams = self.ngrams.predict_proba(texts)[:, 1]
        result = p_ngrams / 2
        unsure = [
            i
            for i, p in enumerate(p_ngrams)
            if threshold is None or p < 2 * threshold or (exact is not None and exact[i])
        ]
        if unsure:
            vectors = encoder().encode([texts[i] for i in unsure])
            result[unsure] += self.embeddings.predict_proba(vectors)[:, 1] / 2
        return [float(p) for p in result]


def split_examples(training_data: TrainingData, out_of_scope_intent: str):
    """(texts, labels) with label 1 for in-domain and 0 for out-of-domain examples."""
    texts, labels = [], []
    for example in training_data.intent_examples:
        text = example.get(TEXT)
        if text:
            texts.append(text)
            labels.append(0 if example.get(INTENT) == out_of_scope_intent else 1)
    return texts, labels


ARITHMETIC = r"\d\s*[+*^×÷=]\s*\d|\bwhat'?s \d+\s*(/|-|x|plus|minus|times|divided by)\s*\d+\W*$"


def declines(text: str, p_in: float, unsure_intent: bool, config: Dict[Text, Any]) -> bool:
    """Whether ``text`` is declined as out of domain:

    - no letter or digit at all ("?", "🤷", "!!!"), or arithmetic ("what's 2+2"): out, certainly;
    - the domain's own words ("medical billing", "biller", "CBCS"), or pay in a US city or ZIP
      code: kept, whatever the models say;
    - in-domain probability below ``threshold``: out;
    - the intent model unsure too (top confidence below ``unsure_intent_confidence`` or within
      ``unsure_margin`` of the second, where the fallback would ask "Did you mean…?") and the
      probability below ``unsure_threshold``: out.
    """
    if not re.search(r"[^\W_]", text) or re.search(ARITHMETIC, text):
        return True
    if re.search(config["anchors"], text, re.I) or pay_in_a_city(text):
        return False
    return p_in < config["threshold"] or (unsure_intent and p_in < config["unsure_threshold"])


def gibberish(text: str, vocabulary: FrozenSet[str]) -> bool:
    """Letters, but not one word anybody knows ("hjkl;", "aaaaaaaa", "sdfgsdfg"): declined, as the
    models' probabilities mean nothing for it. Known: an English word (Debian's word list), a word
    of the training data or one letter off one ("salry"), a place, a number."""
    from actions.gazetteer import EVERYDAY_WORDS
    from actions.places import find_in_text, within_one_typo

    words = re.findall(r"[a-z]+", text.lower())
    if not words or re.search(r"\d", text):
        return False
    for word in words:
        if word in EVERYDAY_WORDS or word in vocabulary:
            return False
        if len(word) >= 4 and any(within_one_typo(word, known) for known in vocabulary):
            return False
    return not find_in_text(text)


def pay_in_a_city(text: str) -> bool:
    """ "salary in springfield", "what would i make near houston": pay where a US city or ZIP code
    is (the models learnt the states' names, not every city's). Questions about another job's pay
    are declined later, by the actions (``actions.base.about_others``)."""
    from actions.base import PAY_WORDS, about_others, without_other_money
    from actions.places import find_in_text

    if not re.search(PAY_WORDS, without_other_money(text)) or about_others(text):
        return False
    return any(place.via or place.options for place in find_in_text(text))


def new_model(config: Dict[Text, Any]) -> RelevanceModel:
    return RelevanceModel(config["random_seed"], config["C_ngrams"], config["C_embeddings"])


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class DomainRelevanceClassifier(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "threshold": 0.5,
            "unsure_threshold": 0.6,
            "unsure_intent_confidence": 0.3,
            "unsure_margin": 0.05,
            "anchors": ANCHORS,
            "pay_intent": "ask_salary",
            "out_of_scope_intent": "out_of_scope",
            "random_seed": 42,
            "C_ngrams": 16.0,
            "C_embeddings": 4.0,
        }

    @classmethod
    def fingerprint_addon(cls, config: Dict[Text, Any]) -> Optional[str]:
        """Rasa's training cache reuses a trained component whose config and data are unchanged;
        how this one trains is code (the models, the encoder), so that code is fingerprinted too."""
        import hashlib

        from gateway import sentence_encoder

        code = Path(__file__).read_bytes() + Path(sentence_encoder.__file__).read_bytes()
        return hashlib.sha256(code).hexdigest()

    def __init__(
        self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource, model: Optional[Any] = None
    ) -> None:
        self._config = config
        self._storage = model_storage
        self._resource = resource
        self._model = model

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "DomainRelevanceClassifier":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        texts, labels = split_examples(training_data, self._config["out_of_scope_intent"])
        if len(set(labels)) < 2:
            raise ValueError(
                "DomainRelevanceClassifier needs both in-domain examples and "
                f"'{self._config['out_of_scope_intent']}' examples in the training data"
            )
        self._model = new_model(self._config).fit(texts, labels)
        with self._storage.write_to(self._resource) as directory:
            joblib.dump(self._model, Path(directory) / MODEL_FILE)
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "DomainRelevanceClassifier":
        try:
            with model_storage.read_from(resource) as directory:
                model = joblib.load(Path(directory) / MODEL_FILE)
        except ValueError:  # not trained (e.g. `rasa train core`): pass messages through
            logger.warning("DomainRelevanceClassifier has no trained model; messages pass unchanged")
            model = None
        return cls(config, model_storage, resource, model)

    def process(self, messages: List[Message]) -> List[Message]:
        if self._model is None:
            return messages
        texts = [m.get(TEXT) or "" for m in messages]
        unsure = [self._unsure(m) for m in messages]
        relevance = self._model.predict(texts, self._config["threshold"], exact=unsure)
        for message, text, p_in, doubt in zip(messages, texts, relevance, unsure):
            message.set("domain_relevance", round(p_in, 4), add_to_output=True)
            if text.startswith("/") or message.get(PLACE_ANSWER):
                continue  # a button, or a message that only names a place
            if declines(text, p_in, doubt, self._config) or gibberish(text, self._model.vocabulary()):
                self._decline(message)
            elif pay_in_a_city(text) and self._unsure_or_out(message):
                pay = self._config["pay_intent"]  # the intent model never saw most cities' names
                message.set(INTENT, {"name": pay, "confidence": 1.0}, add_to_output=True)
                message.set(INTENT_RANKING_KEY, decided(message.get(INTENT_RANKING_KEY), pay), add_to_output=True)
            elif (message.get(INTENT) or {}).get("name") == self._config["out_of_scope_intent"] and re.search(
                self._config["anchors"], text, re.I
            ):
                self._keep(message)
        return messages

    def _unsure_or_out(self, message: Message) -> bool:
        return self._unsure(message) or (message.get(INTENT) or {}).get("name") == self._config["out_of_scope_intent"]

    def _unsure(self, message: Message) -> bool:
        """Whether the intent model is unsure (where the fallback would ask "Did you mean…?")."""
        ranking = [r.get("confidence") or 0.0 for r in message.get(INTENT_RANKING_KEY) or []] + [0.0, 0.0]
        return (
            ranking[0] < self._config["unsure_intent_confidence"]
            or ranking[0] - ranking[1] < self._config["unsure_margin"]
        )

    def _keep(self, message: Message) -> None:
        """The intent model said out of scope, but the message uses the domain's own words
        ("ok what about medical billing in alaska"): take its best in-domain intent instead."""
        name = self._config["out_of_scope_intent"]
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != name]
        if ranking:
            message.set(INTENT, dict(ranking[0]), add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)

    def _decline(self, message: Message) -> None:
        """Out of scope with confidence 1: a decision, not a guess, so the fallback's ambiguity
        check never turns it into "Did you mean…?" (how sure it was is ``domain_relevance``)."""
        name = self._config["out_of_scope_intent"]
        message.set(INTENT, {"name": name, "confidence": 1.0}, add_to_output=True)
        message.set(INTENT_RANKING_KEY, decided(message.get(INTENT_RANKING_KEY), name), add_to_output=True)
