"""`python -m ccompare.cli` = `ccompare`."""

from ccompare.cli import run

run()
