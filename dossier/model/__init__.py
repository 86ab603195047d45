"""The mapped classes of the domain (SQLAlchemy 2, typed)."""

from dossier.model.api import ApiToken
from dossier.model.archive import IncomingDocument, RecordMetadata
from dossier.model.base import Base
from dossier.model.beneficiary import BENEFICIARY_KIND_LABELS, BENEFICIARY_KINDS, Beneficiary
from dossier.model.caps import SUPPORT_TYPE_LABELS, SupportCapRule
from dossier.model.dossier import (
    COUNCIL_ROLE_LABELS,
    FUNDING_SOURCE_LABELS,
    CacheVersion,
    Council,
    CouncilMember,
    Dossier,
    DossierCount,
    DossierItem,
    Review,
)
from dossier.model.exchange import Agency, ExchangeStatus, OutboxMessage, Revocation
from dossier.model.jobs import JOB_STATUS_LABELS, Job, JobItem
from dossier.model.ledger import LEDGER_KIND_LABELS, LedgerEntry, PlanDocument, ProgrammeEnvelope
from dossier.model.organisation import (
    VERSIONED_FIELDS,
    ApprovalAuthorityVersion,
    Organisation,
    OrganisationVersion,
    User,
    UserRole,
)
from dossier.model.programme import Batch, ContentGroup, Plan, Programme
from dossier.model.records import (
    Attachment,
    AuditChainHead,
    AuditEvent,
    Blob,
    DraftCancellation,
    GeneratedDocument,
    TransitionRecord,
)
from dossier.model.register import (
    IssuedDocument,
    RegisterCancellation,
    RegisterCounter,
    RegisterEntry,
    RegisterSetting,
    TrustRoot,
    UserCertificate,
)
from dossier.model.security import AuditCheckpoint, LoginCounter, PersonalDataRead, RecoveryCode, UserSession
from dossier.model.signing import (
    IMAGE_KINDS,
    SIGNER_SOURCES,
    AgentSigningSession,
    ArchiveTimestamp,
    IssuedAnnex,
    SignatureImage,
    SigningMethod,
)
from dossier.model.templates import TemplateVersion as TemplateVersion  # issue 4: uploaded template versions
from dossier.vn.people import GENDER_LABELS, GENDERS

__all__ = [
    "BENEFICIARY_KINDS", "BENEFICIARY_KIND_LABELS", "COUNCIL_ROLE_LABELS", "FUNDING_SOURCE_LABELS",
    "GENDERS", "GENDER_LABELS", "SUPPORT_TYPE_LABELS", "Attachment", "AuditChainHead", "AuditEvent", "Base", "Batch",
    "Beneficiary",
    "Blob", "CacheVersion", "ContentGroup", "Council", "CouncilMember", "Dossier", "DossierCount", "DossierItem",
    "GeneratedDocument",
    "Organisation", "Plan", "Programme", "Review", "SupportCapRule", "TransitionRecord", "User", "UserRole",
    # the register and signing (issue 5)
    "IssuedDocument", "RegisterCancellation", "RegisterCounter", "RegisterEntry", "RegisterSetting",
    "TrustRoot", "UserCertificate",
    # how each official signs; browser-agent sessions (issue 11)
    "SIGNER_SOURCES", "AgentSigningSession", "SigningMethod", "IMAGE_KINDS", "SignatureImage", "IssuedAnnex",
    "ArchiveTimestamp",
    # server-side sessions, sign-in throttle, second factor, audit checkpoints (issue 13)
    "AuditCheckpoint", "LoginCounter", "PersonalDataRead", "RecoveryCode", "UserSession",
    # organisations as of a date (issue 10)
    "VERSIONED_FIELDS", "OrganisationVersion", "ApprovalAuthorityVersion",
    # the exchange with other agencies' systems, integration tokens (issue 12)
    "ApiToken", "Agency", "ExchangeStatus", "OutboxMessage", "Revocation",
    # money, envelopes and plan documents (issue 6)
    "LEDGER_KIND_LABELS", "LedgerEntry", "PlanDocument", "ProgrammeEnvelope",
    # background jobs (issue 14)
    "JOB_STATUS_LABELS", "Job", "JobItem",
    # issuance in the lifecycle: drafts cancelled with a reason (issue 10)
    "DraftCancellation",
    # electronic records, ND 30/2020 Phụ lục VI (issue 12)
    "IncomingDocument", "RecordMetadata",
]
