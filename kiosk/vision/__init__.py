"""Seeing the visitor: face landmarks, distance from the iris, mask and face embeddings."""
