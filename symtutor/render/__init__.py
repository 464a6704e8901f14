"""Renderers: turn Step trees, Verdicts and results into text, Markdown, LaTeX, JSON or rich.

Only the CLI prints; these modules return strings or rich renderables.
"""
