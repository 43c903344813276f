"""``python -m answerable``: the same command as ``answerable``."""

from answerable.cli import main

if __name__ == "__main__":
    main()
