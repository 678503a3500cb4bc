"""`python -m ui` (and the frozen app) is the `kiosk` command, window included."""

from ui.launcher import main

raise SystemExit(main())
