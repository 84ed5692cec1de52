"""The court card (posted when a case enters the judicial phase) and the App Home's "cases in court": record the
next step — summons drafted, served, hearing date, judgment, execution — with a date, a note and optionally
documents (file_input), through core.judicial.steps.record_step. Core keeps the order and the consent; its
refusals appear inline on the modal, in the specialist's language.

Without documents the step is recorded before the ack (for "drafted" core generates the draft summons, which takes
a fraction of a second). With documents the step is checked before the ack (so refusals still appear inline), then
the files are fetched from Slack and the step recorded after it; the specialist hears the result by message.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import date
from typing import Any

from slack_bolt.async_app import AsyncApp

from bots.slack.blocks.judicial import STEP_DATE, STEP_FILE, STEP_NOTE, STEP_RECORD, STEP_VIEW, step_modal
from bots.slack.blocks.modals import submitted
from bots.slack.identity import in_thread
from bots.slack.judicial_cards import COURT
from bots.slack.judicial_texts import has_text, step_name
from bots.slack.judicial_texts import t as jt
from bots.slack.listeners.specialist.advice import redraw_case_cards
from bots.slack.listeners.specialist.common import (
    Deps,
    Outcome,
    card_location,
    metadata_of,
    object_id,
    open_checked_modal,
    submitting_specialist,
    tell,
)
from bots.slack.slack_files import Refused, download
from bots.slack.specialist_texts import t
from core.actors import Actor
from core.clock import local_today
from core.db.models import Case, Debtor
from core.documents_store import DocumentRefused
from core.errors import NotFound, UserError
from core.judicial.steps import StepDocument, check_step, next_step, record_step
from core.uow import UnitOfWork

log = logging.getLogger("incasso.slack")


def refusal_text(exc: UserError, lang: str) -> str:
    """Core's refusal of a step, in the specialist's language (core's own words for anything unforeseen)."""
    code = getattr(exc, "code", None)
    if code and has_text(f"step.refused.{code}"):
        params = {k: step_name(str(v), lang) if k in ("step", "previous") else v
                  for k, v in (getattr(exc, "params", None) or {}).items()}
        return jt(f"step.refused.{code}", lang, **params)
    return str(exc)


def _parse_button(value: object) -> tuple[int | None, str]:
    case_id, _, step = str(value or "").partition(":")
    return object_id(case_id), step[:20]


def register(app: AsyncApp, deps: Deps) -> None:
    background: set[asyncio.Task[Any]] = set()  # kept so a running step is not garbage-collected

    @app.action(STEP_RECORD)
    async def record(ack: Any, body: dict[str, Any], action: dict[str, Any], client: Any) -> None:
        await ack()
        case_id, step = _parse_button(action.get("value"))

        def load(uow: UnitOfWork, lang: str) -> dict[str, Any] | Outcome:
            case = uow.session.get(Case, case_id or 0)
            if case is None:
                return Outcome(refused="refused.not_found")
            expected = next_step(uow, case)
            if case.status != "judicial" or expected != step:
                status = f"{case.reference}: {case.status}, {step_name(expected, lang) if expected else '—'}"
                return Outcome(refused="refused.already", params={"status": status})
            return {"case_id": case.id, "reference": case.reference, "step": step,
                    "debtor": uow.session.get_one(Debtor, case.debtor_id).name, "today": local_today(uow.clock)}

        found = await open_checked_modal(deps, client, body, load,
                                         lambda found, lang, card: step_modal(lang=lang, card=card, **found))
        if isinstance(found, Outcome) and case_id and found.refused == "refused.already":
            await _redraw(client, body, case_id, card_location(body))  # the card was behind: show where it is

    async def _redraw(client: Any, body: dict[str, Any], case_id: int, card: dict[str, str] | None) -> None:
        from_home = card is None and (body.get("container") or {}).get("type") != "message"
        await redraw_case_cards(deps, client, COURT, case_id, case_id, pressed_on=card,
                                user_id=(body.get("user") or {}).get("id"), from_home=from_home)

    def _reference(case_id: int) -> str | None:
        with deps.ctx.uow(read_only=True) as uow:
            case = uow.session.get(Case, case_id)
            return case.reference if case else None

    def _check(actor: Actor, reference: str, step: str, on: date, note: str) -> None:
        with deps.ctx.uow(read_only=True) as uow:
            check_step(uow, actor, reference, step, on=on, note=note)

    def _record(actor: Actor, reference: str, step: str, on: date, note: str,
                documents: list[StepDocument] | None) -> None:
        with deps.ctx.uow() as uow:
            record_step(uow, actor, reference, step, on=on, note=note, documents=documents,
                        agent_name=deps.ctx.settings.agency_name)
            uow.commit()

    @app.view(STEP_VIEW)
    async def submitted_step(ack: Any, body: dict[str, Any], view: dict[str, Any], client: Any) -> None:
        checked = await submitting_specialist(deps, ack, body, client, STEP_DATE)
        if checked is None:
            return
        lang, actor = checked
        meta = metadata_of(view)
        case_id, step = object_id(meta.get("id")) or 0, str(meta.get("step") or "")[:20]
        card = meta.get("card") if isinstance(meta.get("card"), dict) else None
        values = (view.get("state") or {}).get("values") or {}
        day, note = submitted(values, STEP_DATE), submitted(values, STEP_NOTE) or ""
        files = ((values.get(STEP_FILE) or {}).get(STEP_FILE) or {}).get("files") or []
        if not day:
            await ack(response_action="errors", errors={STEP_DATE: jt("modal.required", lang)})
            return
        try:
            on = date.fromisoformat(day)
        except ValueError:
            await ack(response_action="errors", errors={STEP_DATE: jt("step.refused.no_date", lang)})
            return
        reference = await in_thread(_reference, case_id)
        if reference is None:
            await ack(response_action="errors", errors={STEP_DATE: t("refused.not_found", lang)})
            return
        # Fetching files is slow: after the ack. Everything else is recorded before it, in this request — "drafted"
        # too, whose draft summons PDF takes milliseconds — so a process killed after the ack loses nothing.
        later = bool(files)
        try:
            if later:  # check now, so a refusal still shows on the modal; record after the ack
                await in_thread(_check, actor, reference, step, on, note)
            else:
                await in_thread(_record, actor, reference, step, on, note, None)
        except (NotFound, UserError) as exc:
            field = STEP_NOTE if getattr(exc, "code", None) == "note_too_long" else STEP_DATE
            await ack(response_action="errors", errors={field: refusal_text(exc, lang)})
            return
        except Exception:
            log.exception("slack: recording judicial step %s of case %s failed", step, reference)
            await ack(response_action="errors", errors={STEP_DATE: t("refused.error", lang)})
            return
        await ack()
        if not later:
            await tell(client, body, jt("done.step", lang, ref=reference, step=step_name(step, lang),
                                        on=on.isoformat()))
            await _redraw(client, body, case_id, card)
            return
        task = asyncio.create_task(_with_documents(client, body, actor, case_id, reference, step, on, note, files,
                                                   card, lang))
        background.add(task)
        task.add_done_callback(background.discard)

    async def _with_documents(client: Any, body: dict[str, Any], actor: Actor, case_id: int, reference: str,
                              step: str, on: date, note: str, files: list[dict[str, Any]],
                              card: dict[str, str] | None, lang: str) -> None:
        kind = "summons" if step in ("drafted", "served") else "court_document"
        documents: list[StepDocument] = []
        for slack_file in files[:3]:
            name = str(slack_file.get("name") or slack_file.get("id"))
            try:
                name, data = await download(client, client.token, str(slack_file.get("id")))
            except Refused as exc:
                why = jt(f"file.{exc.reason}", lang) if has_text(f"file.{exc.reason}") else exc.reason
                await tell(client, body, jt("refused.file", lang, ref=reference, name=name, why=why))
                return
            documents.append(StepDocument(name, data, kind))
        try:
            await in_thread(_record, actor, reference, step, on, note, documents)
        except DocumentRefused as exc:
            await tell(client, body, jt("refused.file", lang, ref=reference, name="—", why=str(exc)))
            return
        except UserError as exc:  # a colleague recorded it meanwhile, or the case changed
            await tell(client, body, jt("refused.step_later", lang, ref=reference, why=refusal_text(exc, lang)))
            return
        except Exception:
            log.exception("slack: recording judicial step %s of case %s failed", step, reference)
            await tell(client, body, t("refused.error", lang))
            return
        if documents:
            await tell(client, body, jt("done.step_docs", lang, ref=reference, step=step_name(step, lang),
                                        on=on.isoformat(), n=len(documents)))
        else:
            await tell(client, body, jt("done.step", lang, ref=reference, step=step_name(step, lang),
                                        on=on.isoformat()))
        await _redraw(client, body, case_id, card)
