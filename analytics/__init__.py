"""Conversation analytics for the site owner (README, "Analytics").

Rasa publishes every event of every conversation to its event broker. By default that is
``analytics.events.EventStore`` (Rasa's SQL event broker, into ``events.db``); in production it is
RabbitMQ (``analytics.rabbitmq.ResilientPikaEventBroker``), and the ``analytics`` process
(``analytics.consumer``) stores the events in PostgreSQL with the same ``EventStore``.
``make report`` (``analytics.report``) reads them back and writes ``reports/``.
"""
