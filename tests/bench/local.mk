# The benchmark instrument: the load generator, the driver, and the smoke
# test make check runs.  Included by the top-level Makefile.am
# (non-recursive: paths are relative to the top folder).
