"""Keeping packs right: validate, the golden-case runner, the semantic diff, scaffolding, schemas."""
