"""The production profile: PostgreSQL tracker store, Redis lock store, N Rasa replicas and M action
servers behind nginx (see README, "Production"). ``deploy.stores`` is loaded by the Rasa server
from ``deploy/endpoints.prod.yml``; ``deploy.prod`` is the launcher behind ``make run-prod``."""
