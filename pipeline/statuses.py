"""The review statuses of a translation, least checked first: the one list config, catalogs, checks and review share."""

from __future__ import annotations

from dataclasses import dataclass

#: The review statuses a catalog's X-Review-Status header can give, least checked first: a machine's draft,
#: translated by a person, checked by a second person.
MACHINE_DRAFT, TRANSLATED, REVIEWED = "machine-draft", "translated", "reviewed"
REVIEW_STATUSES = (MACHINE_DRAFT, TRANSLATED, REVIEWED)
REVIEW_RANK = {status: rank for rank, status in enumerate(REVIEW_STATUSES)}


@dataclass(frozen=True)
class ReviewStatus:
    """What the catalog's header says about who checked the translation."""

    status: str  # machine-draft, translated or reviewed
    reviewed_by: str = ""
    review_date: str = ""

    @property
    def is_reviewed(self) -> bool:
        return self.status == REVIEWED

    @property
    def is_machine(self) -> bool:
        return self.status == MACHINE_DRAFT
