"""Sentence embeddings as DIET's dense features: meaning, beside the words.

DIET learnt intents from word and character counts alone, so it knew the phrasings of its
training data and little else: a visitor's long message with the question at the end, or words
nobody here used, fell to a neighbouring intent or to the fallback. This featurizer gives every
message the all-MiniLM-L6-v2 sentence embedding (``gateway.sentence_encoder``, the encoder the
relevance component already uses) as a dense *sentence* feature; DIET concatenates it with the
sparse sentence features. The README ("Understanding") gives the measured effect.

The embedding is also kept on the message (``SENTENCE_EMBEDDING``) so that the relevance
component does not encode the same text twice.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

SENTENCE_EMBEDDING = "sentence_embedding"


def embed(messages: List[Message]) -> None:
    """Sets ``SENTENCE_EMBEDDING`` on each message with text that has none yet."""
    from gateway.sentence_encoder import encoder

    todo = [m for m in messages if m.get(TEXT) and m.get(SENTENCE_EMBEDDING) is None]
    for message, vector in zip(todo, encoder().encode([m.get(TEXT) for m in todo])):
        message.set(SENTENCE_EMBEDDING, vector)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEmbeddingFeaturizer(DenseFeaturizer, GraphComponent):
    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "SentenceEmbeddingFeaturizer":
        return cls(execution_context.node_name, config)

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        """Nothing to configure: the encoder is fixed."""

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        embed(messages)
        for message in messages:
            vector = message.get(SENTENCE_EMBEDDING)
            if vector is not None:
                self.add_features_to_message(
                    sequence=None, sentence=np.expand_dims(vector, 0), attribute=TEXT, message=message
                )
        return messages
