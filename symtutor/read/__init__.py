"""Reading what people type: the lexer (characters to tokens, word splitting) and the parser (tokens to SymPy, through a whitelist).

The only place where untrusted text becomes SymPy objects.
"""
