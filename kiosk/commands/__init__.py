"""Sub-commands of the `kiosk` command, one module per area."""
