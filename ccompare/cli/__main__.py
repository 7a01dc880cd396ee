"""`python -m ccompare.cli` = `ccompare`."""

from ccompare.cli import main

main()
