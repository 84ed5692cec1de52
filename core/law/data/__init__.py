"""Law tables kept as data files (read by the modules one level up)."""
