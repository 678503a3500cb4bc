"""Consent-based face recognition that works with masks on: find, embed, search, decide.

faces.py finds the face (MediaPipe mesh, YuNet fallback); gallery.py is the FAISS index;
service.py enrols and identifies through the encrypted store; worker.py runs it off the
camera thread.
"""
