"""Messaging-platform connectors: Rasa 3.6's own, subclassed for native rendering, request
signature checks and a configurable API URL (so tests can point them at fake platforms).

Enabled from environment variables by ``gateway.credentials``; served at
``/webhooks/<telegram|slack|facebook|twilio>/webhook``.
"""
