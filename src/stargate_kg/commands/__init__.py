"""The CLI's commands, one module per area. Each module has ``COMMANDS``."""

import importlib

MODULES = ["core", "questions", "money", "timeline", "network", "visual", "endpoint", "storage", "search", "intake"]


def register(group):
    """Add every available command module's COMMANDS to ``group``."""
    for name in MODULES:
        try:
            mod = importlib.import_module(f"stargate_kg.commands.{name}")
        except ModuleNotFoundError as ex:
            if ex.name == f"stargate_kg.commands.{name}":
                continue  # not written yet
            raise
        for cmd in mod.COMMANDS:
            group.add_command(cmd)
