"""`incasso serve`: the HTTP service (API, webhooks, health, metrics) with the scheduler inside."""

from __future__ import annotations

import click

from api.logs import configure_logging
from core.config import load_settings


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="API worker processes; the scheduler runs in the first only",
)
@click.option("--no-scheduler", is_flag=True, help="serve only (extra API replicas beside a scheduler)")
def serve(host: str, port: int, workers: int, no_scheduler: bool) -> None:
    """Run the service; SIGTERM or Ctrl-C stops it cleanly (requests and the running tick finish)."""
    import uvicorn

    settings = load_settings()  # invalid settings stop here, with the variable named
    configure_logging()
    if workers > 1:
        # uvicorn's workers import a factory; the scheduler must then run elsewhere (`incasso scheduler`)
        if not no_scheduler:
            click.echo(
                "with --workers > 1, run the scheduler separately (`incasso scheduler`) and pass --no-scheduler",
                err=True,
            )
            raise SystemExit(1)
        uvicorn.run(
            "api.main:service_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_config=None,
            timeout_graceful_shutdown=30,
        )
        return
    from api.app import create_app

    app = create_app(settings, run_scheduler=not no_scheduler)
    uvicorn.run(app, host=host, port=port, log_config=None, timeout_graceful_shutdown=30)
