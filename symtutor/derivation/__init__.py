"""Deriving step by step: the rule table, the engine that applies it, the Step tree, tidying and the textbook formulas."""
