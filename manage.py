#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careloop.settings")
    # manage.py is the developer's tool on a local checkout (makemigrations, shell): like
    # `make run`, it may use the generated key in var/. Servers run `careloop serve`, which
    # still insists on SECRET_KEY.
    os.environ.setdefault("CARELOOP_LOCAL", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
