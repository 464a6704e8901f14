"""Adaptive practice: generated exercises, mastery per skill, spaced review.

- `symtutor.practice.generators`: an exercise generator per lesson skill, seeded and
  reproducible (``generate("chain", 2, seed=7)``), keys from the engine, likely
  mistakes from the mal-rules, ill-posed draws rejected and redrawn.
- `symtutor.practice.mastery`: Bayesian knowledge tracing per skill (the one table of
  parameters), and fitting those parameters from the progress database.
- `symtutor.practice.schedule`: which skill to practise next (prerequisites, mastery,
  spaced review in Leitner boxes) and why.
- `symtutor.practice.session`: the interactive ``symtutor practice`` loop.

Importing this package is cheap: the submodules import SymPy only where they need it.
"""
