"""Exports to learning-management systems: Moodle XML (STACK questions) and QTI 1.2."""
