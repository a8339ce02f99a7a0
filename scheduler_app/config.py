"""Settings from the environment, with safe defaults for a local install."""
from __future__ import annotations

import os
import secrets
from pathlib import Path


def _secret_key(instance: Path) -> str:
    """SECRET_KEY from the environment, else one generated once into instance/."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def from_environment(instance: Path) -> dict:
    env = os.environ.get
    return {
        "SECRET_KEY": _secret_key(instance),
        "DATABASE_URL": env("DATABASE_URL") or f"sqlite:///{instance / 'sprechzeit.sqlite'}",
        "BASE_URL": env("BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
        "MAIL_SERVER": env("MAIL_SERVER", "127.0.0.1"),
        "MAIL_PORT": int(env("MAIL_PORT", "25")),
        "MAIL_USERNAME": env("MAIL_USERNAME"),
        "MAIL_PASSWORD": env("MAIL_PASSWORD"),
        "MAIL_USE_TLS": env("MAIL_USE_TLS", "false").lower() in {"1", "true", "yes"},
        "MAIL_SENDER": env("MAIL_SENDER", "Sprechzeit <sprechzeit@schule.example>"),
        "SCHOOL_NAME": env("SCHOOL_NAME", "Oberschule am See"),
        # Reverse proxies in front of the app whose X-Forwarded-For/-Proto are trusted
        # (werkzeug ProxyFix); 0 = none, remote_addr is the client.
        "TRUSTED_PROXIES": int(env("TRUSTED_PROXIES", "0")),
        # Sign-in throttle (services/throttle.py): failures allowed per window, per key.
        "LOGIN_THROTTLE_MINUTES": int(env("LOGIN_THROTTLE_MINUTES", "15")),
        "LOGIN_MAX_FAILURES_PER_ACCOUNT": int(env("LOGIN_MAX_FAILURES_PER_ACCOUNT", "5")),
        "LOGIN_MAX_FAILURES_PER_IP": int(env("LOGIN_MAX_FAILURES_PER_IP", "30")),
        "FAMILY_CODE_MAX_FAILURES_PER_IP": int(env("FAMILY_CODE_MAX_FAILURES_PER_IP", "10")),
        # Days after a talk, a mail or an Elternsprechtag before its personal data is
        # removed (services/retention.py).
        "RETENTION_DAYS": int(env("RETENTION_DAYS", "90")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
    }
