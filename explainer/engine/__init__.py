"""The engine: beliefs, scenario, cycles, worlds, scoring and the timeline; ids and numbers in, ids and numbers out."""
