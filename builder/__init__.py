"""coursesmith: build SCORM e-learning modules from YAML and Markdown.

The build is a pipeline of small stages, each in its own module:

    load (loader) -> validate (schema) -> render (render, markdown) -> package (formats)

The course model (model) in the middle knows nothing of HTML or SCORM.
"""

__version__ = "0.1.0"
