"""Reading a case against a pack: criteria, descriptors, tiers, the rules, and the reading itself."""
