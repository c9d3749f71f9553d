"""The Rasa server as this project runs it: Rasa's own CLI, plus the few hooks Rasa lacks.

``python -m gateway run ...`` takes exactly the arguments of ``rasa run``. Before handing over to
Rasa it installs the project's hooks (see ``gateway.hooks``). This package runs inside the Rasa
server process, so unlike ``actions/`` it may import ``rasa``.
"""
