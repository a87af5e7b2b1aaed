"""`python -m audit` is the same as the `wmebv` command."""

from audit.cli import main

main(prog_name="wmebv")
