import sys

from workshop_planner.cli import main

sys.exit(main())
