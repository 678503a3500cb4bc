"""What real people's faces say about body temperature: constants derived from the development
part of the FDA / University of Maryland clinical study (CC0; about 1,000 volunteers, two
radiometric cameras, oral reference), never from the simulator.

`benchmarks/clinical.py --derive --data irt1-flir-dev.csv --data irt2-ici-dev.csv` prints
each figure per camera and pooled (the mean of the two cameras: the kiosk's MLX90640 is
neither); docs/thermometry.md explains each derivation.
"""

from __future__ import annotations

# The room temperature the corrections are referred to: the study's median (T_atm).
REFERENCE_AMBIENT_C = 24.0

# Inner canthus (the maximum over both, IEC 80601-2-59's site): oral − canthus falls by
# 0.081 / 0.078 °C per °C of room (slope of oral − canthus against T_atm, every capture);
# at 24 °C oral is 1.21 / 1.25 °C above the canthus (median), and the people around that
# differ by 0.35 / 0.40 °C (standard deviation of one capture's residual): the floor that no
# sensor removes.
CANTHUS_AMBIENT_K = 0.079
CANTHUS_OFFSET_C = 1.23
CANTHUS_SPREAD_C = 0.37

# Lower forehead (the study's forehead bottom centre, where the kiosk reads its fallback):
# 0.169 / 0.164 °C per °C of room, 1.27 / 1.45 °C colder than the canthus at 24 °C, and
# 0.55 / 0.62 °C spread between people: much weaker evidence (AUC 0.82–0.86 against
# 0.96 at the canthus), so a forehead reading is flagged and carries that spread.
FOREHEAD_AMBIENT_K = 0.166
FOREHEAD_BELOW_CANTHUS_C = 1.36
FOREHEAD_SPREAD_C = 0.58

# A bare inner canthus reads warmer than the lower forehead: by at least 0.49 / 0.52 °C in
# 99 % of captures (1st percentile; never less than 0.3), 1.3 / 1.5 °C at the median. Glass
# is opaque to long-wave infrared, so covered eyes read colder than that.
CANTHUS_ABOVE_FOREHEAD_C = 0.5

# The canthus maximum against the mean of the 13 × 13-pixel region around that canthus
# ("extended canthus"): 0.55 / 0.55 °C median, 0.38 / 0.46 °C standard deviation. A thermal
# pixel larger than the canthus averages it with that neighbourhood, so it reads low by the
# unfilled share of this contrast, which differs from person to person by its spread.
CANTHUS_CONTRAST_C = 0.55
CANTHUS_CONTRAST_SPREAD_C = 0.42

# One person's canthus maximum from capture to capture minutes apart: 0.12 / 0.15 °C
# (root mean within-subject variance). A kiosk reading should repeat as well, so the frames
# averaged for one reading are enough to bring the array's noise down to this.
CAPTURE_REPEATABILITY_C = 0.13

# Sensitivity the alarm is designed for (oral ≥ the threshold): the goal, which
# screening puts before specificity (a false alarm costs a clinical check, a miss does not).
DESIGN_SENSITIVITY = 0.95
# The coverage factor that gives DESIGN_SENSITIVITY for a fixed 37.5 °C threshold over the
# study's 62 febrile volunteers, with the canthus spread and the calibration of 20 volunteers:
# solve mean Φ((oral − 37.5) / u + k) = 0.95, u = √(0.37² + (1.2533 · 0.37 / √20)²).
COVERAGE_FACTOR = 0.83
