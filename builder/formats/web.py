"""A plain folder to open from disk or serve from any web server; progress stays in the browser."""
from . import OutputFormat, register

FORMAT = register(OutputFormat(
    name="web", scorm=None, description="a folder for a web server or for opening from disk",
    output_name=lambda c: f"{c.id}-web", manifest=None, is_zip=False,
))
