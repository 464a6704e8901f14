"""Judging answers: equivalence of expressions, the mal-rule catalogue of learners' mistakes, verdicts, and grading a class."""
