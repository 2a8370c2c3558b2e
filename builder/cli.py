"""The command line: `coursesmith COMMAND ...` (or `python -m builder COMMAND ...`). Each command
lives in its own module under builder/commands/; this file only parses and dispatches."""
from __future__ import annotations

import argparse
import os
import sys
import traceback

from . import __version__
from .commands import COMMANDS, load


class _Parser(argparse.ArgumentParser):
    """argparse, with 'did you mean' for a mistyped command."""

    def error(self, message):
        import difflib
        if "invalid choice" in message and "argument COMMAND" in message:
            word = message.split("'")[1] if "'" in message else ""
            close = difflib.get_close_matches(word, COMMANDS, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "commands: " + ", ".join(COMMANDS)
            self.exit(2, f"{self.prog}: error: there is no command '{word}': {hint}\n")
        super().error(message)


def _prog() -> str:
    name = os.path.basename(sys.argv[0] or "")
    return "python -m builder" if name in ("__main__.py", "", "-c") or name.startswith("python") else name


def _parser(prog: str | None = None) -> argparse.ArgumentParser:
    parser = _Parser(
        prog=prog or _prog(),
        description="Build e-learning modules (SCORM 1.2, SCORM 2004 or a web folder) from courses "
                    "written in YAML and Markdown. See docs/authoring.md.")
    parser.add_argument("--version", action="version", version=f"coursesmith {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True, parser_class=argparse.ArgumentParser)
    for name, (_, help_text) in COMMANDS.items():
        command = load(name)
        description = command.description() if callable(getattr(command, "description", None)) else command.DESCRIPTION
        sub = commands.add_parser(name, help=help_text, description=description)
        command.add_arguments(sub)
    return parser


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    args = _parser(prog).parse_args(argv)
    command = load(args.command)
    try:
        return command.run(args)
    except KeyboardInterrupt:
        print("Interrupted; nothing half-written was left in the output folder.", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug in the builder, not in the course: say so plainly
        print(f"internal error: {exc.__class__.__name__}: {exc}", file=sys.stderr)
        print("This is a fault in the builder, not in your course. Please report it "
              "with the command you ran" + ("" if getattr(args, "verbose", False) else " and the output of --verbose")
              + ".", file=sys.stderr)
        if getattr(args, "verbose", False):
            traceback.print_exc()
        return 70
