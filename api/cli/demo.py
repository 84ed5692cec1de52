"""`incasso demo`: the service at work in under a minute, without Slack, Telegram or a mail server."""

from __future__ import annotations

import logging
from pathlib import Path

import click


@click.command("demo")
@click.option("--fast", is_flag=True, help="no pauses between the scenes")
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True,
              help="the language of the creditor's Slack, the debtors' Telegram and e-mails")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("demo-out"),
              show_default=True, help="where the letters, e-mails, export and settlement are written")
def demo(fast: bool, lang: str, out_dir: Path) -> None:
    """Play one creditor, three debtors and ten business days through the real service, on local stand-ins."""
    from api.demo import run_demo

    # the service's own start-up log lines ("e-mail is off", …) would only clutter the transcript
    logging.getLogger("incasso").setLevel(logging.ERROR)
    run_demo(out_dir, lang=lang, fast=fast)
