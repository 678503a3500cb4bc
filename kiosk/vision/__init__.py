"""Seeing the visitor: face landmarks, distance from the iris, mask and face embeddings."""

from kiosk.vision.mediapipe_offline import keep_mediapipe_offline

# Before any module of this package creates a MediaPipe task: its native usage logging
# must find no way out (see mediapipe_offline.py).
keep_mediapipe_offline()
