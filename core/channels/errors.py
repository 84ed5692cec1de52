"""Errors of the delivery channels."""

from __future__ import annotations

from core.errors import IncassoError


class DeliveryError(IncassoError):
    """A message could not be handed over.

    ``transient``: trying again later may work (the server is down, busy or answered 4xx); otherwise it never
    will as it stands (5xx: the address is rejected, the message refused). Both ``DeliveryError(transient,
    message)`` and ``DeliveryError(message, transient=...)`` are accepted, as callers write either.
    """

    def __init__(self, *args: bool | str, transient: bool | None = None, code: int | None = None) -> None:
        if len(args) == 2 and isinstance(args[0], bool) and isinstance(args[1], str) and transient is None:
            transient, message = bool(args[0]), str(args[1])
        elif len(args) == 1 and isinstance(args[0], str) and transient is not None:
            message = str(args[0])
        else:
            raise TypeError("use DeliveryError(transient: bool, message: str) or DeliveryError(message, transient=…)")
        super().__init__(message)
        self.transient: bool = bool(transient)
        self.message: str = message
        self.code = code  # the SMTP reply code, when the server gave one

    def __repr__(self) -> str:
        return f"DeliveryError(transient={self.transient}, message={self.message!r}, code={self.code})"


__all__ = ["DeliveryError"]
