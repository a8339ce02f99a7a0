"""The public pages parents and students see, without an account."""
from .views import bp

__all__ = ["bp"]
