"""Collect responses (and the inspectorate's reports) from the web, politely and incrementally.

>>> import answerable
>>> store = answerable.open()
>>> summary = store.collect()                        # every known source
>>> summary = store.collect(body="surrey")           # one policing body
>>> summary = store.collect(["https://example-pcc.gov.uk/hmicfrs-responses/"])
>>> summary.new, summary.unchanged, summary.failed

Modules: ``sources`` (data/sources.yaml), ``rules`` (data/collect.yaml), ``fetch`` (one polite
download), ``robots``, ``politeness``, ``page`` (links and text of a page), ``crawl`` (the run),
``api`` (:func:`collect` and the hand-over to ingest), ``summary``.
"""

from answerable.collect.api import collect, ingest_pending, reingest
from answerable.collect.listing import UpdateResult, update_reports
from answerable.collect.sources import Source, Sources, load_sources
from answerable.collect.status import SourceStatus, list_sources
from answerable.collect.summary import CollectSummary

__all__ = ["collect", "ingest_pending", "reingest", "load_sources", "list_sources", "update_reports", "Source", "Sources",
           "SourceStatus", "CollectSummary", "UpdateResult"]
