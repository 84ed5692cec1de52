"""Errors the domain raises. Each carries a message fit to show to the person who caused it."""

from __future__ import annotations

from dataclasses import dataclass


class IncassoError(Exception):
    """Base of every error Incasso raises on purpose."""


class UserError(IncassoError):
    """Bad input or a request that is not allowed: shown to the user, changes nothing."""


class NotFound(UserError):
    pass


class Forbidden(UserError):
    """The actor has no rights on this case. Callers outside core may present it as NotFound."""


class Conflict(UserError):
    """The request does not fit the case's current state (HTTP 409): nothing was changed."""


class IllegalTransition(Conflict):
    def __init__(self, reference: str, current: str, target: str, allowed: tuple[str, ...]) -> None:
        self.reference, self.current, self.target, self.allowed = reference, current, target, allowed
        options = ", ".join(allowed) or "none (final state)"
        super().__init__(
            f"case {reference} is {current}; it cannot become {target} (allowed from {current}: {options})"
        )


@dataclass(frozen=True)
class FieldError:
    """One broken rule on one field; `rule` is a message-catalogue key, `params` fill its placeholders."""

    field: str
    rule: str
    params: tuple[tuple[str, str], ...] = ()

    def message(self, lang: str = "en") -> str:
        from core.messages import field_error_text

        return field_error_text(self, lang)


class InvalidInput(UserError):
    def __init__(self, errors: list[FieldError], lang: str = "en") -> None:
        self.errors = errors
        self.lang = lang
        super().__init__("; ".join(e.message(lang) for e in errors))

    def in_language(self, lang: str) -> str:
        return "; ".join(e.message(lang) for e in self.errors)
