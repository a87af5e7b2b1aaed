"""`python -m wmebv` is the same as the `wmebv` command."""

from wmebv.app.cli import main

main(prog_name="wmebv")
