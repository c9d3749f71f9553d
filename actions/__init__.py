"""Custom actions of the medical billing career assistant (rasa_sdk only, never ``rasa``).

Importing the package loads and validates the career data once, so the action server refuses to
start on a malformed data file instead of failing on the first question.
"""

from actions.career import load

load()
