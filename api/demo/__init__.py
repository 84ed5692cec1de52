"""`incasso demo`: the whole service, one creditor, three debtors and ten business days, in under a minute.

The real service (api.app.create_app) runs in this process on a temporary SQLite database, with a simulated clock
and the local stand-ins of Slack, Telegram, SMTP and Mollie (bots/stand_ins/). Every step goes through the real
interfaces: signed Slack requests, Telegram updates through the webhook, e-mail over SMTP, Mollie's webhook, the
scheduler's tick. world.py wires, people.py acts, story.py tells, transcript.py writes down what each person saw.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from api.demo.story import START, DemoResult, Story
from api.demo.texts import t
from api.demo.transcript import Transcript
from api.demo.world import running_world

__all__ = ["DemoResult", "play", "run_demo"]


async def play(out_dir: Path, *, lang: str = "nl", pause: Callable[[], None] | None = None,
               stream: TextIO | None = None) -> DemoResult:
    started = time.monotonic()
    out_dir = Path(out_dir)
    for sub in ("letters", "emails", "bank", "export", "settlement"):  # a fresh run shows only its own files
        shutil.rmtree(out_dir / sub, ignore_errors=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="incasso-demo-") as workdir:
        async with running_world(Path(workdir), START) as world:
            transcript = Transcript(world, lang, START.date(), out_dir, stream=stream or sys.stdout)
            transcript._write(t("title", lang))
            transcript._write(t("intro", lang))
            result = await Story(world, transcript, lang, pause or (lambda: None), out_dir).play()
            transcript._write()
            transcript._write(t("done", lang, seconds=f"{time.monotonic() - started:.1f}", out=out_dir))
            transcript.save()
            result.transcript = "\n".join(transcript.lines)
    return result


def run_demo(out_dir: Path, *, lang: str = "nl", fast: bool = False, stream: TextIO | None = None) -> DemoResult:
    """Play the demo; without `fast`, a short pause between scenes for a person watching."""
    pause = None if fast else (lambda: time.sleep(1.5))
    return asyncio.run(play(out_dir, lang=lang, pause=pause, stream=stream))
