"""`python -m ccompare` = `ccompare`."""

from ccompare.cli import main

main()
