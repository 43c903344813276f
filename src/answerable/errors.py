"""One exception family for the whole project.

Every error a user can cause is an :class:`AnswerableError` subclass whose message says what
went wrong *and* how to fix it. The CLI turns one into a one-line message and an exit status;
the web server turns one into the JSON error shape documented in ``docs/errors.md``::

    {"error": {"code": "file_too_large", "message": "...", "detail": {...}}}
"""

from __future__ import annotations

from typing import Any


class AnswerableError(Exception):
    """Base class. ``code`` is stable and machine-readable; ``http_status`` is used by serve."""

    code = "error"
    http_status = 400
    exit_code = 1

    def __init__(self, message: str, *, path: str | None = None, detail: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.detail = dict(detail or {})

    def __str__(self) -> str:  # "letters/a.pdf: the PDF is encrypted ..."
        return f"{_one_line(self.path)}: {self.message}" if self.path else self.message

    def to_dict(self) -> dict[str, Any]:
        detail = dict(self.detail)
        if self.path:
            detail.setdefault("path", self.path)
        return {"error": {"code": self.code, "message": str(self), "detail": detail}}


def _one_line(path: str) -> str:
    """A file name on one line: line breaks and other control characters, and bytes that are
    not UTF-8 (lone surrogates), escaped as ``\\n`` / ``\\xNN``."""
    if path.isprintable():
        return path
    from answerable.batch import shown

    return shown(path)


# --- reading input -------------------------------------------------------------------------
class InputError(AnswerableError):
    """A file or text we were given cannot be read as a document."""

    code = "bad_input"
    http_status = 422


class FileMissingError(InputError):
    code = "file_not_found"
    http_status = 404


class UnreadableFileError(InputError):
    code = "unreadable_file"


class EmptyDocumentError(InputError):
    code = "empty_document"


class UnsupportedFormatError(InputError):
    code = "unsupported_format"
    http_status = 415


class FileTooLargeError(InputError):
    code = "file_too_large"
    http_status = 413


class NeedsOCRError(InputError):
    code = "needs_ocr"


class EncryptedFileError(InputError):
    code = "encrypted_file"


class CorruptFileError(InputError):
    code = "corrupt_file"


class DecodeError(InputError):
    code = "undecodable_text"


class ArchiveBombError(InputError):
    """A ZIP-based file (``.docx``) that unpacks past the size or ratio limits: a zip bomb."""

    code = "archive_too_large"
    http_status = 413


class TimeBudgetError(InputError):
    """One document took longer than the per-document time budget (``time_budget_seconds``)."""

    code = "time_budget_exceeded"
    http_status = 422


class BadPathError(InputError):
    """A path that cannot be used: a name that is not valid text, a symlink loop, a bad pattern."""

    code = "bad_path"


# --- reports, linking, audit ---------------------------------------------------------------
class NotFoundError(AnswerableError):
    code = "not_found"
    http_status = 404


class UnknownReportError(NotFoundError):
    code = "unknown_report"

    def __init__(self, report_id: str, suggestions: list[str] | None = None):
        suggestions = list(suggestions or [])
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(
            f"no report with id {report_id!r} in the catalogue.{hint} "
            "Run `answerable reports list` to see every id.",
            detail={"report_id": report_id, "suggestions": suggestions},
        )


class ReportParseError(InputError):
    code = "no_recommendations_found"


class CatalogueError(AnswerableError):
    code = "bad_catalogue"


# --- storage ----------------------------------------------------------------------------------
class StoreError(AnswerableError):
    code = "store_error"
    http_status = 503


class DatabaseUnreachableError(StoreError):
    code = "database_unreachable"


class DatabaseMissingError(StoreError):
    """A read command given a SQLite file that does not exist (it is not created)."""

    code = "database_missing"


class SchemaTooNewError(StoreError):
    code = "schema_too_new"


class ReadOnlyDatabaseError(StoreError):
    code = "database_read_only"


class QueryError(AnswerableError):
    code = "bad_query"


# --- accounts ---------------------------------------------------------------------------------
class AuthError(AnswerableError):
    code = "not_authenticated"
    http_status = 401


class PermissionDeniedError(AuthError):
    code = "permission_denied"
    http_status = 403


class ConfigError(AnswerableError):
    code = "bad_config"


# --- sentence embedding model (answerable.embed) -------------------------------------------
class ModelLoadError(AnswerableError):
    """The bundled sentence-embedding model or its tokenizer is missing or damaged."""

    code = "model_unavailable"
    http_status = 503


class ForceNotInScopeError(InputError):
    """A force name that is not among the forces in scope of the chosen report."""

    code = "force_not_in_scope"


# --- evaluation (answerable.evaluate) ------------------------------------------------------
class LabelsError(InputError):
    """A labels file for `answerable eval` that is missing, malformed or names unknown files."""

    code = "bad_labels"


class OutputFileError(AnswerableError):
    """An output file (``--out``) that cannot be created or written."""

    code = "cannot_write_output"


# --- accounts and the web server (answerable.store.users, answerable.serve) ----------------
class UserExistsError(AnswerableError):
    """`users add` for a name that already has an account."""

    code = "user_exists"
    http_status = 409


class InvalidUserError(AnswerableError):
    """A user name, role or password that cannot be used (too short, unknown role...)."""

    code = "bad_user"
    http_status = 422


class RateLimitedError(AuthError):
    """Too many sign-in attempts from one address for one user name."""

    code = "rate_limited"
    http_status = 429


class CSRFError(PermissionDeniedError):
    """A form was posted without the token the server gave with it."""

    code = "csrf_failed"
    http_status = 403


class BadRequestError(AnswerableError):
    """A request the server cannot use (wrong content type, malformed JSON, missing field)."""

    code = "bad_request"
    http_status = 400


# --- collecting from the web (answerable.collect) -----------------------------------------
class CollectError(AnswerableError):
    """`collect` cannot start (a bad URL, an unknown source); failures of single downloads are
    reported in the summary, not raised."""

    code = "collect_error"


class UnknownSourceError(CollectError, NotFoundError):
    code = "unknown_source"
    http_status = 404
