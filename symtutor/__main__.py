"""`python -m symtutor` runs the command line."""

from symtutor.cli import main

raise SystemExit(main())
