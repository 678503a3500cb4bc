"""Screening logic: vision, fusion, the screening state machine, storage and privacy. No Qt."""
