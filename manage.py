#!/usr/bin/env python
"""Django's command-line utility for LocalGov Hub."""

import os
import sys


def main() -> None:
    """Run an administrative task with the local settings unless told otherwise."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.local")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
