"""`python -m phr_tui` runs the `phr` command."""

from phr_tui.cli import main

raise SystemExit(main())
