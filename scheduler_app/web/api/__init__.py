"""The JSON API under /api/v1."""
from .views import bp, problem_response

__all__ = ["bp", "problem_response"]
