"""Entry for `uvicorn --factory api.main:service_app` (several workers): settings from the environment."""

from __future__ import annotations

from fastapi import FastAPI

from api.app import create_app
from api.logs import configure_logging
from core.config import load_settings


def service_app() -> FastAPI:
    configure_logging()
    return create_app(load_settings(), run_scheduler=False)
