"""`coursesmith serve`: a local preview of a course while it is written.

The course is built in memory (nothing is written to output/), served on this machine only
(127.0.0.1), rebuilt when a file changes, and played inside a small preview LMS: a page that
provides the SCORM API (static/scorm.js) and shows what the module tells it.
"""
