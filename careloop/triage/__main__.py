"""``python -m careloop.triage``: the ``careloop triage`` command without the rest of CareLoop."""

import sys

from careloop.triage.cli import main

sys.exit(main(sys.argv[1:]))
