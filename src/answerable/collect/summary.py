"""What one `collect` run did: a summary for people (one line) and for programs (JSON)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Failure(BaseModel):
    url: str
    reason: str


class CollectSummary(BaseModel):
    requests: int = 0          # HTTP requests made (retries and redirects included)
    fetched: int = 0           # bodies downloaded (200)
    not_modified: int = 0      # conditional requests answered 304
    pages: int = 0             # pages of links read
    new: int = 0               # documents never seen before
    changed: int = 0           # documents whose bytes changed since the last run
    unchanged: int = 0         # documents with the same bytes (304 or same hash)
    stored: int = 0            # documents written by ingest in this run
    ingest_failed: int = 0
    failed: list[Failure] = Field(default_factory=list)
    skipped: list[Failure] = Field(default_factory=list)  # left alone: robots.txt disallows them
    sources: dict[str, str] = Field(default_factory=dict)  # id -> ok | partial | unreachable
    seconds: float = 0.0

    def line(self) -> str:
        unreachable = sum(1 for s in self.sources.values() if s == "unreachable")
        parts = [f"{len(self.sources)} source(s)", f"{self.requests} requests ({self.not_modified} not modified)",
                 f"{self.new} new", f"{self.changed} changed", f"{self.unchanged} unchanged",
                 f"{self.stored} stored", f"{len(self.failed)} failed"]
        if self.skipped:
            parts.append(f"{len(self.skipped)} disallowed by robots.txt")
        if unreachable:
            parts.append(f"{unreachable} unreachable")
        return f"collect: {', '.join(parts)} in {self.seconds:.1f} s"
