"""A concern as language: words and stems, clauses, context scopes and concepts (pure functions)."""
