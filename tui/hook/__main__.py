"""`python -m tui.hook script.py args…`: see tui/hook/run.py. The work is done in that module, not
here: running the script replaces this module's namespace (it is `__main__`), as pdb does."""

import sys

from tui.hook.run import main

main(sys.argv[1:])
