"""All tables; importing this package registers them on Base.metadata."""

from core.db.models.api_support import IdempotentRequest
from core.db.models.cases import Case, CaseEvent, ClaimLine, ReferenceCounter
from core.db.models.contact import ContactStep, FourteenDayLetter, OutboundMessage
from core.db.models.debtor_requests import CaseFlag, Complaint
from core.db.models.documents import Document, DocumentKind
from core.db.models.inbound_files import InboundFile
from core.db.models.interactions import CallTask, Dispute
from core.db.models.judicial import CaseAdvice, JudicialStep
from core.db.models.money_flows import Arrangement, Installment, Payment
from core.db.models.money_in import BankTransaction, PaymentLink
from core.db.models.parties import ApiKey, Creditor, Debtor, DebtorKind, Role, User
from core.db.models.settlement import CreditorSettlement, SettlementLine, SettlementRun
from core.db.models.slack import (
    SlackInstallation,
    SlackLinkCode,
    SlackOAuthState,
    SlackReceipt,
    SlackWorkspace,
)
from core.db.models.slack_threads import SlackCaseThread, SlackSpecialistCard
from core.db.models.telegram import TelegramBinding, TelegramChat, TelegramLinkGuard, TelegramUpdate

__all__ = [
    "ApiKey",
    "Arrangement",
    "BankTransaction",
    "CallTask",
    "Case",
    "CaseAdvice",
    "CaseEvent",
    "CaseFlag",
    "ClaimLine",
    "Complaint",
    "ContactStep",
    "Creditor",
    "CreditorSettlement",
    "Debtor",
    "DebtorKind",
    "Dispute",
    "Document",
    "DocumentKind",
    "FourteenDayLetter",
    "IdempotentRequest",
    "InboundFile",
    "Installment",
    "JudicialStep",
    "OutboundMessage",
    "Payment",
    "PaymentLink",
    "ReferenceCounter",
    "Role",
    "SettlementLine",
    "SettlementRun",
    "SlackCaseThread",
    "SlackInstallation",
    "SlackLinkCode",
    "SlackOAuthState",
    "SlackReceipt",
    "SlackSpecialistCard",
    "SlackWorkspace",
    "TelegramBinding",
    "TelegramChat",
    "TelegramLinkGuard",
    "TelegramUpdate",
    "User",
]
