"""``python -m workshop_planner.ui.capture --workspace PATH EVENT``: capture only."""

import sys

from workshop_planner.ui.capture.window import main

if __name__ == "__main__":
    sys.exit(main())
