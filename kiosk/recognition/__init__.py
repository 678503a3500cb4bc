"""Consent-based face recognition that works with masks on: find, check, embed, search, decide.

faces.py finds the face (MediaPipe mesh, YuNet fallback) and whether it is masked; quality.py
judges whether a frame is good enough to enrol from; gallery.py is the FAISS index;
service.py enrols and identifies through the encrypted store; enrolment.py runs one
visitor's enrolment over a few seconds of frames; enrolments.py lists and deletes them for
the operator; worker.py runs lookups and enrolments off the camera and GUI threads.
"""
