"""The skills exercises are generated for, in teaching order: a module of its own so that
`symtutor practice --help` lists them without importing the generators."""

SKILLS: tuple[str, ...] = (
    "power", "log", "constant", "constant-multiple", "sum", "chain", "product", "quotient",
    "exp", "trig", "limit-definition", "partial", "gradient", "descent", "backprop",
)
