from workshop_planner.cli import run

run()
