"""De-identified cases built from episodes and shared to the network (docs/cases.md)."""
