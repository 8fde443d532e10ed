"""Output: one module per command, strings or rich renderables from models, no decisions."""
