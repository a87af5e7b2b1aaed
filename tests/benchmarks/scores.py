"""Counting one yes/no decision over many pages: precision, recall and the pages behind the errors."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Score:
    """True positives, false positives and false negatives of one yes/no decision, with the pages behind the errors."""

    true_positives: int = 0
    false_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)
    true_negatives: int = 0

    def add(self, page_id: str, predicted: bool, expected: bool) -> None:
        """Count one page."""
        if predicted and expected:
            self.true_positives += 1
        elif predicted:
            self.false_positives.append(page_id)
        elif expected:
            self.false_negatives.append(page_id)
        else:
            self.true_negatives += 1

    @property
    def precision(self) -> float:
        """Share of the positives given that were right (1.0 when none were given)."""
        given = self.true_positives + len(self.false_positives)
        return self.true_positives / given if given else 1.0

    @property
    def recall(self) -> float:
        """Share of the expected positives that were given (1.0 when none were expected)."""
        expected = self.true_positives + len(self.false_negatives)
        return self.true_positives / expected if expected else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    @property
    def total(self) -> int:
        """Pages counted."""
        return self.true_positives + len(self.false_positives) + len(self.false_negatives) + self.true_negatives

    @property
    def accuracy(self) -> float:
        """Share of pages decided right."""
        return (self.true_positives + self.true_negatives) / self.total if self.total else 1.0
