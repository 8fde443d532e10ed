"""What the tool reads and writes, as types: packs, cases, golden files, reading rules, results."""
