"""`python -m kiosk`: the `kiosk` command without the window (headless and operator commands)."""

from kiosk.cli import main

raise SystemExit(main())
