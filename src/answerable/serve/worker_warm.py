"""Imported once by the fork server of :mod:`answerable.serve.worker`: imports the pipeline and
reads its data files (lexicons, rules, catalogue) so every audit child starts warm. The
sentence encoder is not loaded here (its threads would not survive the fork)."""

from answerable.store.analyse import warm_up

warm_up()
