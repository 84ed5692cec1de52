"""What every Slack listener gets besides Bolt's own arguments: the service state (database, clock, settings)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.config import Settings
from core.uow import UnitOfWork

if TYPE_CHECKING:
    from api.state import AppState


@dataclass(frozen=True)
class SlackContext:
    state: AppState

    @property
    def settings(self) -> Settings:
        return self.state.settings

    def uow(self, *, read_only: bool = False) -> UnitOfWork:
        return self.state.uow(read_only=read_only)

    def is_specialist_team(self, team_id: str | None) -> bool:
        return bool(team_id) and team_id == self.settings.slack_specialist_team_id
