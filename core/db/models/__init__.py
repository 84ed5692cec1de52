"""All tables; importing this package registers them on Base.metadata."""

from core.db.models.api_support import IdempotentRequest
from core.db.models.cases import Case, CaseEvent, ClaimLine, ReferenceCounter
from core.db.models.contact import ContactStep, FourteenDayLetter, OutboundMessage, TelegramBinding
from core.db.models.documents import Document, DocumentKind
from core.db.models.interactions import CallTask, Dispute
from core.db.models.money_flows import Arrangement, Installment, Payment
from core.db.models.parties import ApiKey, Creditor, Debtor, DebtorKind, Role, User

__all__ = [
    "ApiKey",
    "Arrangement",
    "CallTask",
    "Case",
    "CaseEvent",
    "ClaimLine",
    "ContactStep",
    "Creditor",
    "Debtor",
    "DebtorKind",
    "Dispute",
    "Document",
    "DocumentKind",
    "FourteenDayLetter",
    "IdempotentRequest",
    "Installment",
    "OutboundMessage",
    "Payment",
    "ReferenceCounter",
    "Role",
    "TelegramBinding",
    "User",
]
