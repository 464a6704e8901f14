"""One module per `symtutor` subcommand.

Each module defines `register(subparsers)`, which adds its parser and sets
``run="symtutor.commands.NAME:function"`` as the default; it imports only the
standard library at module level so that `symtutor --help` stays fast.
"""
