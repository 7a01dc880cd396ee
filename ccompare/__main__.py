"""`python -m ccompare` = `ccompare`."""

from ccompare.cli import run

run()
