"""Notation at the ground floor: how mathematics is written (names, superscripts, textbook and LaTeX forms) and the SymPy function classes symtutor adds.

Used by reading, the engine, the checker and every printout; imports nothing else of symtutor.
"""
