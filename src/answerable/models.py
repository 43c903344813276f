"""Small typed records shared by every stage of the pipeline.

read -> :class:`Document`; segment -> :class:`Segment`; extract -> :class:`Record`;
catalogue/link -> :class:`Report`, :class:`Recommendation`, :class:`Link`;
match -> :class:`Verdict`; audit -> :class:`Finding`, :class:`Audit`.

Evidence is always a character span ``(start, end)`` into ``Document.text`` / ``Record.text``
(half-open, so ``text[start:end]`` is the evidence) plus, where the value was located by
searching, a :class:`Grounding` status.
"""

from __future__ import annotations

import bisect
import datetime as dt
from enum import Enum
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, model_validator

Span = tuple[int, int]


class Grounding(str, Enum):
    exact = "exact"
    fuzzy = "fuzzy"
    unlocated = "unlocated"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True)


# --- read --------------------------------------------------------------------------------------
class Source(_Model):
    path: Optional[str] = None  # None for text given directly or standard input ("-")
    sha256: str
    format: str  # "txt", "md", "pdf", "docx", "html", "text"


class Document(_Model):
    """The normalised text of one input and where it came from."""

    source: Source
    text: str
    # page_starts[i] is the offset in ``text`` where page i+1 begins (PDF only; [] otherwise)
    page_starts: list[int] = Field(default_factory=list)
    title: Optional[str] = None  # e.g. HTML <title> or PDF metadata title, when present
    warnings: list[str] = Field(default_factory=list)

    def page_at(self, offset: int) -> Optional[int]:
        """1-based page number holding character ``offset``, or None when there are no pages."""
        if not self.page_starts:
            return None
        return max(1, bisect.bisect_right(self.page_starts, offset))


# --- segment -----------------------------------------------------------------------------------
SegmentKind = Literal[
    "letterhead", "heading", "date_line", "addressee", "salutation", "subject", "paragraph",
    "list_item", "sign_off", "signature", "footer", "image_description", "link_residue",
]


class Segment(_Model):
    kind: SegmentKind
    span: Span

    def text(self, doc_text: str) -> str:
        return doc_text[self.span[0]:self.span[1]]


# --- extract -----------------------------------------------------------------------------------
RoleTitle = Literal[
    "Police and Crime Commissioner",
    "Police, Fire and Crime Commissioner",
    "Deputy Police and Crime Commissioner",
    "Mayor",
    "Deputy Mayor for Policing and Crime",
    "Chief Constable",
    "Commissioner",
    "Police Authority Board member",  # City of London: the Common Council's Police Authority Board
]

StanceValue = Literal["agrees_with_recommendations", "welcomes", "mixed", "critical", "neutral"]

StatementKind = Literal[
    "acknowledges_finding", "agrees", "concern", "action_taken", "commitment",
    "seeks_assurance", "partnership", "will_publish",
]

Actor = Literal["author", "force", "partners", "author_and_force", "unknown"]


class Author(_Model):
    name: Optional[str] = None
    role: Optional[RoleTitle] = None
    span: Optional[Span] = None  # the words that name the author (signature, heading, quote)
    role_span: Optional[Span] = None


class ForceRef(_Model):
    name: Optional[str] = None  # canonical name from data/forces.yaml, e.g. "Cheshire"
    span: Optional[Span] = None


class DateRef(_Model):
    value: Optional[dt.date] = None
    span: Optional[Span] = None


class Addressee(_Model):
    name: str  # canonical: "Home Secretary", "HMICFRS"
    span: Span


#: What sort of inspection a report is (catalogue ``Report.kind`` and extracted ``ReportRef.kind``).
InspectionKind = Literal[
    "peel",                        # a PEEL assessment of one force (any round: 2014 ... 2023-25)
    "peel_pillar",                 # one PEEL pillar report (effectiveness, efficiency, legitimacy, leadership)
    "crime_data_integrity",
    "custody",                     # custody suites (joint with HM Inspectorate of Prisons)
    "vetting_counter_corruption",
    "child_protection",
    "domestic_abuse",
    "state_of_policing",           # HM Chief Inspector's annual assessment
    "thematic",                    # any other national thematic inspection
    "revisit",                     # revisit, re-inspection, monitoring or Engage decision
    "other",
]
PeelPillar = Literal["effectiveness", "efficiency", "legitimacy", "leadership"]
#: Who a report is about: one force, or forces nationally (a thematic, state of policing).
ReportScope = Literal["force", "national"]


# the old ``kind`` values (a report's scope) -> (inspection kind, scope)
LEGACY_REPORT_KINDS: dict[str, tuple[str, str]] = {
    "national_thematic": ("thematic", "national"),
    "joint": ("thematic", "national"),
    "force": ("other", "force"),
}


class ReportRef(_Model):
    """The report a response names, as the response names it (see ``extract.report``)."""

    title: Optional[str] = None  # as the text gives it ("HMIC's PEEL effectiveness report")
    published: Optional[dt.date] = None
    span: Optional[Span] = None
    published_span: Optional[Span] = None
    kind: Optional[InspectionKind] = None
    pillar: Optional[PeelPillar] = None
    period: Optional[str] = None  # as normalised: "2016", "2021/22", "2023-25"
    period_span: Optional[Span] = None


class Stance(_Model):
    value: StanceValue = "neutral"
    evidence: list[Span] = Field(default_factory=list)


class Statement(_Model):
    kind: StatementKind
    text: str
    span: Span
    grounding: Grounding = Grounding.exact
    actor: Actor = "unknown"


class Record(_Model):
    """The grounded record of one response. ``model_dump(mode="json")`` is the JSON contract."""

    source: Source
    text: str
    author: Author = Field(default_factory=Author)
    force: ForceRef = Field(default_factory=ForceRef)
    date: DateRef = Field(default_factory=DateRef)
    addressees: list[Addressee] = Field(default_factory=list)
    report: ReportRef = Field(default_factory=ReportRef)
    stance: Stance = Field(default_factory=Stance)
    statements: list[Statement] = Field(default_factory=list)
    segments: list[Segment] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    page_starts: list[int] = Field(default_factory=list)
    extractor_version: str = ""


# --- catalogue, link ---------------------------------------------------------------------------
RecommendationKind = Literal["recommendation", "area_for_improvement", "cause_of_concern"]


class Quote(_Model):
    """Where a response quotes a recommendation of the report it answers."""

    source: Optional[str] = None  # the response's path
    sha256: Optional[str] = None  # of the response's text
    force: Optional[str] = None
    span: Span  # into the response's text


class Recommendation(_Model):
    id: str  # stable within its report: "R1", "AFI3", "CoC1"
    number: Optional[str] = None  # as written: "1", "3a"
    kind: RecommendationKind = "recommendation"
    text: str
    addressees: list[str] = Field(default_factory=list)  # "chief constables", "the Home Office", ...
    due: Optional[dt.date] = None  # "By 31 March 2021, ..."
    span: Optional[Span] = None  # into the report's own text, when imported
    within: Optional[str] = None  # the cause of concern it belongs to ("CoC1"), when it follows one
    # where responses quote it (answerable.quoted): the texts and the words, when known that way
    quoted_in: list["Quote"] = Field(default_factory=list)


class Report(_Model):
    id: str  # slug
    title: str
    short_names: list[str] = Field(default_factory=list)
    published: Optional[dt.date] = None
    kind: InspectionKind = "thematic"
    pillar: Optional[PeelPillar] = None  # for kind "peel_pillar"
    period: Optional[str] = None  # PEEL round / year as written in data: "2016", "2021/22", "2023-25"
    scope: ReportScope = "national"
    publisher: str = "HMICFRS"
    forces: list[str] = Field(default_factory=list)  # canonical force names in scope
    other_bodies: list[str] = Field(default_factory=list)  # e.g. "National Crime Agency"
    link: Optional[str] = None  # the report's own page (or PDF) at the publisher
    # pages where this entry's facts (title, date, forces) were seen; every real entry has one
    sources: list[str] = Field(default_factory=list)
    # True for a report grouped from the responses that name it, not (yet) from the catalogue
    provisional: bool = False
    recommendations: list[Recommendation] = Field(default_factory=list)
    # False when the catalogue knows the report but not its recommendation texts
    recommendations_known: bool = True
    notes: Optional[str] = None

    @model_validator(mode="before")
    @classmethod
    def _legacy_kind(cls, data: object) -> object:
        """Reports saved before 0.2 (a user's YAML, a store's rows) gave ``kind`` as their scope:
        read them as the inspection kind and scope they meant."""
        if isinstance(data, dict) and data.get("kind") in LEGACY_REPORT_KINDS:
            kind, scope = LEGACY_REPORT_KINDS[data["kind"]]
            data = {**data, "kind": kind, "scope": data.get("scope") or scope}
        return data


class LinkCandidate(_Model):
    """A catalogue entry that came close to a response without being linked."""

    report_id: str
    confidence: float
    evidence: list[str] = Field(default_factory=list)


class Link(_Model):
    report_id: Optional[str] = None
    confidence: float = 0.0
    # "cues": from the force, the kind of inspection, the period and the dates, not the title;
    # "provisional": a report grouped from the responses that name it (see answerable.provisional)
    method: Literal["given", "title", "title_and_date", "date", "cues", "provisional", "none"] = "none"
    evidence: list[str] = Field(default_factory=list)  # human-readable reasons
    spans: list[Span] = Field(default_factory=list)
    # below the threshold: the entries that came close, best first
    candidates: list[LinkCandidate] = Field(default_factory=list)


# --- match, audit ------------------------------------------------------------------------------
VerdictValue = Literal[
    "action_taken", "action_proposed", "no_action_explained", "acknowledged_only", "not_addressed",
]


class Verdict(_Model):
    id: str  # recommendation id
    verdict: VerdictValue
    score: float
    evidence: list[Span] = Field(default_factory=list)


FindingStatus = Literal["pass", "fail", "unknown"]


class Finding(_Model):
    requirement: str  # "deadline", "recommendations", "chief_officer_comments", ...
    status: FindingStatus
    message: str
    evidence: list[Span] = Field(default_factory=list)
    recommendation_id: Optional[str] = None


class Deadline(_Model):
    due: Optional[dt.date] = None
    response_date: Optional[dt.date] = None
    day: Optional[int] = None
    status: Literal["on_time", "late", "unknown"] = "unknown"
    reason: Optional[str] = None


class AuditReportRef(_Model):
    id: Optional[str] = None
    title: Optional[str] = None
    published: Optional[dt.date] = None


class Audit(_Model):
    report: AuditReportRef = Field(default_factory=AuditReportRef)
    link: Link = Field(default_factory=Link)
    deadline: Deadline = Field(default_factory=Deadline)
    findings: list[Finding] = Field(default_factory=list)
    recommendations: list[Verdict] = Field(default_factory=list)
    record: Optional[Record] = None

    @property
    def failed(self) -> bool:
        return any(f.status == "fail" for f in self.findings)
