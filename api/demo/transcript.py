"""The demo's transcript: what each person saw, in order, with the simulated day and time.

It reads what the stand-ins recorded (Slack Web API calls, Telegram Bot API calls, mail the SMTP server accepted)
and the letters in the print queue, since the last look; and it keeps the e-mails and letters for demo-out/."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TextIO

from api.demo.render import slack_call_text, telegram_text
from api.demo.texts import t
from api.demo.world import AGENCY_CHANNEL, World
from core.clock import AMSTERDAM
from core.schedule.calendar import business_days_between

SLACK_SHOWN = ("chat.postMessage", "chat.update", "chat.postEphemeral", "views.open", "views.update",
               "views.publish", "views.push")
INDENT = "      "


@dataclass
class Transcript:
    world: World
    lang: str
    start_day: date
    out_dir: Path
    stream: TextIO = field(default_factory=lambda: sys.stdout)
    names: dict[int, str] = field(default_factory=dict)  # Telegram chat id -> debtor's name
    specialist_users: set[str] = field(default_factory=set)
    lines: list[str] = field(default_factory=list)
    emails: list[tuple[str, str]] = field(default_factory=list)  # (to, subject)
    letters: list[str] = field(default_factory=list)
    slack_seen: list[str] = field(default_factory=list)  # every Slack text shown, for the tests' checks
    telegram_seen: dict[str, list[str]] = field(default_factory=dict)
    last_slack_actor: str = "creditor"
    _slack_at: int = 0
    _telegram_at: int = 0
    _mail_at: int = 0
    _letters_seen: set[Path] = field(default_factory=set)

    # -- writing -------------------------------------------------------------------------------------------------
    def _write(self, line: str = "") -> None:
        self.lines.append(line)
        print(line, file=self.stream, flush=True)

    def stamp(self) -> str:
        now = self.world.clock.now().astimezone(AMSTERDAM)
        day = business_days_between(self.start_day, now.date())
        weekday = t(f"weekday.{now.weekday()}", self.lang)
        return t("stamp", self.lang, day=day, weekday=weekday, date=now.strftime("%d-%m"), time=now.strftime("%H:%M"))

    def scene(self, number: int, key: str) -> None:
        self.look()
        self._write()
        self._write(f"=== {t('scene', self.lang, n=number)}: {t(key, self.lang)} ===")

    def narrate(self, key: str, **params: object) -> None:
        self.look()
        self._write(f"[{self.stamp()}] {t(key, self.lang, **params)}")

    def block(self, who: str, lines: list[str]) -> None:
        self._write(f"[{self.stamp()}] {who}")
        for line in lines:
            for part in line.splitlines() or [""]:
                self._write(INDENT + part)

    def acted(self, who: str, what: str) -> None:
        """Something a person typed, clicked or sent."""
        self.look()
        self._write(f"[{self.stamp()}] {who} > {what}")

    # -- reading what the stand-ins recorded ---------------------------------------------------------------------
    def look(self) -> None:
        self._look_slack()
        self._look_telegram()
        self._look_mail()
        self._look_letters()

    def _slack_viewer(self, params: dict[str, object]) -> str:
        channel = str(params.get("channel") or "")
        user = str(params.get("user_id") or params.get("user") or "")
        if channel == AGENCY_CHANNEL or user in self.specialist_users or channel.lstrip("D") in {
                u.lstrip("U") for u in self.specialist_users}:
            return "specialist"
        if params.get("view") and not user and "trigger_id" in params:
            return self.last_slack_actor
        return "creditor"

    def _look_slack(self) -> None:
        calls = self.world.slack.calls
        new, self._slack_at = calls[self._slack_at:], len(calls)
        for call in new:
            if call.method not in SLACK_SHOWN:
                continue
            viewer = self._slack_viewer(call.params)
            lines = slack_call_text(call.method, call.params)
            if call.params.get("thread_ts"):
                where = t("slack.thread", self.lang)
            elif call.method == "chat.update":
                where = t("slack.updated", self.lang)
            elif call.method.startswith("views."):
                where = t("slack.view", self.lang)
            else:
                where = t("slack.message", self.lang)
            self.slack_seen.extend(lines)
            self.block(t(f"slack.{viewer}", self.lang, where=where), lines)

    def _look_telegram(self) -> None:
        calls = self.world.telegram.calls
        new, self._telegram_at = calls[self._telegram_at:], len(calls)
        for call in new:
            if call.method != "sendMessage":
                continue
            name = self.names.get(int(call.params.get("chat_id", 0)), str(call.params.get("chat_id")))
            lines = telegram_text(call.params)
            self.telegram_seen.setdefault(name, []).extend(lines)
            self.block(t("telegram.saw", self.lang, name=name), lines)

    def _look_mail(self) -> None:
        sink = self.world.mail
        new = list(zip(sink.messages[self._mail_at:], sink.raw[self._mail_at:], strict=True))
        self._mail_at += len(new)
        folder = self.out_dir / "emails"
        for message, raw in new:
            number = len(self.emails) + 1
            to, subject = str(message["To"]), str(message["Subject"])
            self.emails.append((to, subject))
            attachments = [part.get_filename() for part in message.iter_attachments()]
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{number:02d}-{_slug(to)}.eml").write_bytes(raw)
            lines = [t("mail.subject", self.lang, subject=subject)]
            if attachments:
                lines.append(t("mail.attachments", self.lang, names=", ".join(str(a) for a in attachments)))
            self.block(t("mail.to", self.lang, to=to), lines)

    def _look_letters(self) -> None:
        queue = self.world.data_dir / "print-queue"
        if not queue.is_dir():
            return
        folder = self.out_dir / "letters"
        for pdf in sorted(queue.rglob("*.pdf")):
            if pdf in self._letters_seen:
                continue
            self._letters_seen.add(pdf)
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(pdf, folder / pdf.name)
            self.letters.append(pdf.name)
            self.block(t("letter.queued", self.lang), [t("letter.file", self.lang, name=f"letters/{pdf.name}")])

    def save(self) -> Path:
        self.look()
        path = self.out_dir / "transcript.txt"
        path.write_text("\n".join(self.lines) + "\n", encoding="utf-8")
        return path


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.split("<")[-1].rstrip(">")).strip("-")[:60]


Pause = Callable[[], None]
