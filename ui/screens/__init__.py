"""The visitor's screens: attract, live guidance and measuring, result, consent, forget-me."""
