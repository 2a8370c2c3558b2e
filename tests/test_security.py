"""A course from someone else is safe to build, and what it packages cannot run.

Each test builds a copy of the example course with one kind of hostile input and checks that
the build refuses it with a problem naming the file, the line and what to do instead, or, for
what is allowed, that nothing in the package runs. The last tests build a course with every
allowed trick in it and open it in Chromium inside the test LMS.
"""
from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import html as lxml_html

from builder.build import build_course, validate_course
from builder.errors import BuildFailed
from builder.package import zip_bytes
from builder.paths import unsafe_name
from builder.render import render_course
from builder.loader import load_course
from conftest import EXAMPLE, edit
from learner import unpack

LESSON = "lessons/01-course-folder.md"
PLAIN_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 40 20">'
             '<rect width="40" height="20" fill="#1d4f91"/></svg>')


def add_to_lesson(course: Path, text: str) -> int:
    """Append Markdown to the first lesson; return the line its first line lands on."""
    lesson = course / LESSON
    before = lesson.read_text()
    lesson.write_text(before.rstrip("\n") + "\n\n" + text.rstrip("\n") + "\n")
    return before.rstrip("\n").count("\n") + 3


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def errors(course: Path):
    result, found = validate_course(course)
    assert result is None, "the course should not validate"
    return found.errors


def only(course: Path, fragment: str):
    found = errors(course)
    matching = [p for p in found if fragment in p.message]
    assert matching, f"no problem mentions {fragment!r}: {[p.format() for p in found]}"
    return matching[0]


def build_fails(course: Path, out: Path, formats=("scorm12",)):
    with pytest.raises(BuildFailed) as failed:
        build_course(course, list(formats), out)
    return failed.value.problems.errors


def secret(tmp_path) -> Path:
    """A private file outside the course folder, that no build may publish."""
    path = tmp_path / "private" / "secret.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text("---\ntitle: Secret\n---\nTOP-SECRET-TEXT\n")
    return path


def outputs_hold(out: Path, text: bytes) -> bool:
    for path in out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".zip":
                with zipfile.ZipFile(path) as zf:
                    data = b"".join(zf.read(n) for n in zf.namelist())
            if text in data:
                return True
    return False


# -- a course's own theme runs in a sandbox -------------------------------------------------

def course_theme(course: Path, templates: dict[str, str], yaml: str = "extends: default\n") -> Path:
    theme = course / "mytheme"
    for sub in ("templates", "assets", "js"):
        (theme / sub).mkdir(parents=True)
    (theme / "theme.yaml").write_text("name: mine\n" + yaml)
    for name, text in templates.items():
        (theme / "templates" / name).write_text(text)
    edit(course / "course.yaml", "branding:", "theme: ./mytheme\nbranding:")
    return theme


@pytest.mark.parametrize("escape", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('touch PWNED').read() }}",
    "{{ self._TemplateReference__context }}",
    "{{ course.root.joinpath('/etc/hostname').read_text() }}",
    "{{ course.root.joinpath('PWNED').write_text('x') }}",
    "{{ pages[1].file.read_text() }}",
    "{{ course.questions[0].file.parent.parent.parent.iterdir()|list }}",
    "{% set x = [] %}{{ x.append(1) }}",
    "{{ 'a' * 100000000 }}",
])
def test_a_course_theme_cannot_reach_python_or_run_programs(course, tmp_path, escape, monkeypatch):
    monkeypatch.chdir(tmp_path)
    theme = course_theme(course, {"header.html": f"<header>\n{escape}\n</header>\n"})
    found = build_fails(course, tmp_path / "out")
    assert not (tmp_path / "PWNED").exists() and not (course / "PWNED").exists()
    p = next(p for p in found if "the theme's template failed" in p.message)
    assert Path(p.file) == theme / "templates" / "header.html" and p.line == 2
    assert "What a course theme may do" in p.hint
    assert not (tmp_path / "out").exists()


def test_the_sandbox_still_lets_a_theme_use_the_course(course, tmp_path):
    course_theme(course, {"header.html": '<header class="mine">{{ course.title|upper }} '
                                         '{% for p in pages %}{{ loop.index }}{% endfor %}</header>\n'})
    result = build_course(course, ["web"], tmp_path / "out")
    page = (result.outputs[0].target / "index.html").read_text()
    assert '<header class="mine">WRITING A COURSE WITH COURSESMITH 12345678</header>' in page


def test_a_theme_template_that_links_outside_the_theme_is_refused(course, tmp_path):
    private = secret(tmp_path)
    theme = course_theme(course, {})
    (theme / "templates" / "header.html").symlink_to(private)
    found = build_fails(course, tmp_path / "out")
    assert any("symbolic link to a file outside the theme" in p.message for p in found)
    assert not outputs_hold(tmp_path / "out", b"TOP-SECRET")


def test_a_theme_folder_outside_the_course_is_refused(course, tmp_path):
    other = tmp_path / "elsewhere"
    shutil.copytree(EXAMPLE.parent.parent / "themes" / "default", other)
    yaml = course / "course.yaml"
    edit(yaml, "branding:", f"theme: {other}\nbranding:")
    p = only(course, "is outside the course folder")
    assert p.file == yaml and p.line == line_of(yaml, "theme:")


@pytest.mark.parametrize("key,sub", [("styles", "assets"), ("scripts", "js")])
def test_theme_files_outside_the_theme_are_refused(course, tmp_path, key, sub):
    private = secret(tmp_path)
    theme = course_theme(course, {}, yaml=f"extends: default\n{key}: [../../../private/secret.md]\n")
    found = build_fails(course, tmp_path / "out", ("scorm12", "web"))
    p = next(p for p in found if "../../../private/secret.md" in p.message)
    assert p.file == theme / "theme.yaml" and p.line == 3 and "'..'" in p.message
    assert private.exists() and not outputs_hold(tmp_path / "out", b"TOP-SECRET")


def test_a_theme_file_linked_outside_the_theme_is_refused(course, tmp_path):
    private = secret(tmp_path)
    theme = course_theme(course, {}, yaml="extends: default\nstyles: [evil.css]\n")
    (theme / "assets" / "evil.css").symlink_to(private)
    p = only(course, "symbolic link to a file outside the theme's folder")
    assert p.file == theme / "theme.yaml" and p.line == 3


def test_the_web_format_writes_nothing_outside_the_out_folder(course, tmp_path):
    # _theme/../../../escaped.css, written into out/<id>-web/, would land beside out/
    course_theme(course, {}, yaml="extends: default\nstyles: [../../../escaped.css]\n")
    (tmp_path / "escaped.css").write_text("body {}")
    out = tmp_path / "a" / "b" / "out"
    build_fails(course, out, ("web",))
    assert not (tmp_path / "a" / "b" / "escaped.css").exists()
    assert not out.exists()


# -- every path a course names stays inside it ----------------------------------------------

def test_a_lesson_outside_the_course_is_refused(course, tmp_path):
    private = secret(tmp_path)
    yaml = course / "course.yaml"
    edit(yaml, "  - lessons/04-summary.md", "  - ../private/secret.md")
    p = only(course, "lesson file '../private/secret.md' is outside the course folder")
    assert p.file == yaml and p.line == line_of(yaml, "../private/secret.md") and "../" in p.hint
    edit(yaml, "  - ../private/secret.md", f"  - {private}")
    p = only(course, "is outside the course folder")
    assert p.line == line_of(yaml, str(private))


def test_a_question_bank_outside_the_course_is_refused(course, tmp_path):
    bank = tmp_path / "bank.yaml"
    shutil.copy(course / "questions" / "assessment.yaml", bank)
    yaml = course / "course.yaml"
    edit(yaml, "bank: questions/assessment.yaml", f"bank: {bank}")
    p = only(course, "question bank")
    assert "outside the course folder" in p.message and p.line == line_of(yaml, "bank:")


def test_a_local_information_file_outside_the_course_is_refused(course, tmp_path):
    secret(tmp_path)
    yaml = course / "course.yaml"
    edit(yaml, "  file: local-information.md\n", "  file: ../private/secret.md\n")
    p = only(course, "local information file '../private/secret.md' is outside the course folder")
    assert p.file == yaml and p.line == line_of(yaml, "file: ../private")


def test_an_image_or_file_outside_the_course_is_refused(course, tmp_path):
    (tmp_path / "pic.svg").write_text(PLAIN_SVG)
    line = add_to_lesson(course, "![A picture](../../pic.svg)")
    p = only(course, "outside the course folder")
    assert p.file == course / LESSON and p.line == line


@pytest.mark.parametrize("what", ["image", "lesson", "bank", "local", "logo"])
def test_a_symlink_out_of_the_course_is_refused(course, tmp_path, what):
    private = secret(tmp_path)
    yaml = course / "course.yaml"
    if what == "image":
        (course / "images" / "leak.png").symlink_to(private)
        line = add_to_lesson(course, "![A picture](../images/leak.png)")
        where = (course / LESSON, line)
    elif what == "lesson":
        (course / "lessons" / "05-leak.md").symlink_to(private)
        edit(yaml, "  - lessons/04-summary.md", "  - lessons/05-leak.md")
        where = (yaml, line_of(yaml, "05-leak.md"))
    elif what == "bank":
        (course / "questions" / "assessment.yaml").unlink()
        (course / "questions" / "assessment.yaml").symlink_to(private)
        where = (yaml, line_of(yaml, "bank:"))
    elif what == "local":
        (course / "local.md").symlink_to(private)
        edit(yaml, "  file: local-information.md\n", "  file: local.md\n")
        where = (yaml, line_of(yaml, "file: local.md"))
    else:
        (course / "images" / "logo.png").symlink_to(private)
        edit(yaml, "  logo: images/logo.svg", "  logo: images/logo.png")
        where = (yaml, line_of(yaml, "branding:"))
    p = only(course, "symbolic link to a file outside the course folder")
    assert (p.file, p.line) == where and "copy the file" in p.hint
    with pytest.raises(BuildFailed):
        build_course(course, ["scorm12"], tmp_path / "out")
    assert not outputs_hold(tmp_path / "out", b"TOP-SECRET")


def test_a_symlink_inside_the_course_is_fine(course, tmp_path):
    (course / "images" / "same.svg").symlink_to(course / "images" / "folder.svg")
    add_to_lesson(course, "![The same picture](../images/same.svg)")
    result, found = validate_course(course)
    assert result is not None, [p.format() for p in found.errors]


def test_a_symlink_loop_is_a_located_error_not_a_crash(course):
    (course / "images" / "a.png").symlink_to(course / "images" / "b.png")
    (course / "images" / "b.png").symlink_to(course / "images" / "a.png")
    line = add_to_lesson(course, "![A loop](../images/a.png)")
    p = only(course, "leads round in a loop")
    assert p.file == course / LESSON and p.line == line and "the file itself" in p.hint


def test_a_name_too_long_for_the_system_is_a_located_error(course):
    line = add_to_lesson(course, f"![A picture](../images/{'x' * 300}.png)")
    p = only(course, "has a name too long for this computer")
    assert p.file == course / LESSON and p.line == line


def test_image_names_with_spaces_and_accents_are_found_and_written_right(course):
    (course / "images" / "my pic é.svg").write_text(PLAIN_SVG)
    add_to_lesson(course, "![A blue bar](<../images/my pic é.svg>)\n\n[The bar](<../images/my pic é.svg>)")
    result, found = validate_course(course)
    assert result is not None, [p.format() for p in found.errors]
    files = render_course(result, "1.2")
    assert "images/my pic é.svg" in files
    doc = lxml_html.fromstring(files["index.html"])
    assert doc.xpath("//img[@src='images/my%20pic%20%C3%A9.svg']")
    assert doc.xpath("//a[@href='images/my%20pic%20%C3%A9.svg']")


@pytest.mark.parametrize("name,reason", [
    ("../x", "'..'"), ("/etc/x", "absolute"), ("a\\b", "backslash"), ("C:/x", "colon"),
    ("a//b", "empty"), ("a/", "empty"), ("", "empty"), ("./a", "'.'"), ("a\nb", "control"),
])
def test_unsafe_names_are_refused_in_a_zip_and_a_folder(name, reason, tmp_path):
    assert reason in unsafe_name(name)
    with pytest.raises(ValueError):
        zip_bytes({name: b"x"})
    from builder.package import write_folder_atomic
    with pytest.raises(ValueError):
        write_folder_atomic(tmp_path / "out", {name: b"x"})
    assert not (tmp_path / "out").exists()


def test_a_file_in_a_folder_the_builder_uses_is_refused(course):
    (course / "_theme").mkdir()
    (course / "_theme" / "module.css").write_text("body { display: none }")
    line = add_to_lesson(course, "[Styles](../_theme/module.css)")
    p = only(course, "has a name the builder keeps for its own files")
    assert p.file == course / LESSON and p.line == line


# -- nothing packaged can run ---------------------------------------------------------------

ACTIVE_SVGS = {
    "script": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "onload": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>',
    "foreignObject": ('<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div xmlns="http://www.w3.org/1999/xhtml">'
                      '<iframe src="javascript:alert(1)"/></div></foreignObject></svg>'),
    "javascript link": ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
                        '<a xlink:href="javascript:alert(1)"><rect width="9" height="9"/></a></svg>'),
    "external image": ('<svg xmlns="http://www.w3.org/2000/svg"><image href="https://example.org/x.png" '
                       'width="9" height="9"/></svg>'),
    "external css": ('<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://example.org/x.css);</style>'
                     '</svg>'),
    "animated href": ('<svg xmlns="http://www.w3.org/2000/svg"><a><set attributeName="href" to="javascript:alert(1)"/>'
                      '<rect width="9" height="9"/></a></svg>'),
    "entities": ('<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
                 '<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>'),
    "external entity": ('<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                        '<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>'),
    "stylesheet": ('<?xml-stylesheet type="text/xsl" href="x.xsl"?>'
                   '<svg xmlns="http://www.w3.org/2000/svg"/>'),
    "html inside": ('<svg xmlns="http://www.w3.org/2000/svg"><h:script xmlns:h="http://www.w3.org/1999/xhtml">'
                    'alert(1)</h:script></svg>'),
    "not svg": '<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>',
}


@pytest.mark.parametrize("kind", sorted(ACTIVE_SVGS))
@pytest.mark.parametrize("as_link", [False, True])
def test_svg_with_active_content_is_refused(course, kind, as_link):
    (course / "images" / "bad.svg").write_text(ACTIVE_SVGS[kind])
    line = add_to_lesson(course, "[A diagram](../images/bad.svg)" if as_link else "![A diagram](../images/bad.svg)")
    p = only(course, "SVG drawing with active content")
    assert p.file == course / LESSON and p.line == line and "plain SVG" in p.hint


def test_a_plain_svg_is_allowed(course):
    (course / "images" / "bar.svg").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n' + PLAIN_SVG.replace(
            "<rect", '<defs><linearGradient id="g"/></defs><style>rect { fill: url(#g); }</style><rect'))
    add_to_lesson(course, "![A blue bar](../images/bar.svg)\n\n[The bar](../images/bar.svg)")
    result, found = validate_course(course)
    assert result is not None, [p.format() for p in found.errors]


@pytest.mark.parametrize("name,content,says", [
    ("leaflet.html", "<p>Leaflet</p><script>alert(1)</script>", "convert it to PDF"),
    ("leaflet.HTM", "<p>Leaflet</p>", "convert it to PDF"),
    ("page.xhtml", "<html xmlns='http://www.w3.org/1999/xhtml'/>", "convert it to PDF"),
    ("tool.js", "alert(1)", "link to a PDF"),
    ("data.xml", "<?xml-stylesheet href='x.xsl'?><a/>", "link to a PDF"),
    ("leaflet.pdf", "<!DOCTYPE html><script>alert(1)</script>", "convert it to PDF"),
    ("notes.txt", "  <html><body onload=alert(1)>", "convert it to PDF"),
])
def test_linked_active_files_are_refused_with_what_to_do_instead(course, name, content, says):
    (course / "files").mkdir(exist_ok=True)
    (course / "files" / name).write_text(content)
    line = add_to_lesson(course, f"Read the [leaflet](../files/{name}).")
    found = [p for p in errors(course) if name in p.message]
    assert found, [p.format() for p in errors(course)]
    assert found[0].file == course / LESSON and found[0].line == line and says in found[0].hint


def test_a_pdf_and_a_text_file_are_still_packaged(course, tmp_path):
    (course / "files").mkdir(exist_ok=True)
    (course / "files" / "leaflet.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    (course / "files" / "notes.txt").write_text("Plain notes.\n")
    add_to_lesson(course, "Read the [leaflet](../files/leaflet.pdf) and the [notes](../files/notes.txt).")
    result = build_course(course, ["scorm12"], tmp_path / "out")
    with zipfile.ZipFile(result.outputs[0].target) as zf:
        assert {"files/leaflet.pdf", "files/notes.txt"} <= set(zf.namelist())


@pytest.mark.parametrize("markdown,shown", [
    ("## A heading with `code`{#API}", "{#API}"),
    ("The ![](../images/folder.svg){#course-data .decorative} picture", "{#course-data}"),
    ("[Skip ahead](https://example.org){data-action=next}", "{data-action=next}"),
    ("`x`{style=\"display:none\"}", "{style=display:none}"),
    ("[A](https://example.org){onclick=\"alert(1)\"}", "{onclick=alert(1)}"),
    ("[A](https://example.org){href=\"javascript:alert(1)\"}", "{href=javascript:alert(1)}"),
    ("![A](../images/folder.svg){src=\"../../x.png\"}", "{src=../../x.png}"),
    ("[A](https://example.org){.decorative}", "{.decorative}"),
    ("![A](../images/folder.svg){.button}", "{.button}"),
])
def test_attributes_from_markdown_are_refused_but_decorative(course, markdown, shown):
    line = add_to_lesson(course, markdown)
    p = only(course, "is not allowed: the page's ids, attributes and styles belong to the theme")
    assert p.file == course / LESSON and p.line == line
    assert shown in p.message
    assert "{.decorative}" in p.hint


def test_attributes_never_reach_the_page(course):
    add_to_lesson(course, "## `code`{#API}\n\n[Go](https://example.org){data-action=next #course-data}")
    from builder.errors import Problems
    from builder.markdown import CourseMarkdown, Source
    md = CourseMarkdown()
    text = (course / LESSON).read_text().split("---", 2)[2]
    out = md.render(text, Source(course / LESSON, 1, course), Problems()).html
    assert 'id="API"' not in out and "data-action" not in out and "course-data" not in out


@pytest.mark.parametrize("markdown,fragment", [
    ("![A picture](javascript:alert(1))", "image 'javascript:alert(1)'"),
    ("![A picture](data:image/svg+xml,<svg onload=alert(1)>)", "image to 'data:image/svg+xml,<svg'"),
    ("![A picture](data:image/svg+xml;base64,PHN2Zz4=)", "image 'data:image/svg+xml;base64"),
    ("![A picture](data:image/png;base64,iVBORw0KGgo=)", "image 'data:image/png;base64"),
    ("![A picture](file:///etc/passwd)", "image 'file:///etc/passwd'"),
    ("![A picture](JaVaScRiPt:alert(1))", "image 'JaVaScRiPt:alert(1)'"),
    ("[Click](javascript:alert(1))", "link to 'javascript:alert(1)' is not allowed"),
    ("[Click](vbscript:msgbox(1))", "link to 'vbscript:msgbox(1)' is not allowed"),
    ("[Click](data:text/html,<script>alert(1)</script>)", "link to 'data:text/html"),
    ("[Click][r]\n\n[r]: javascript:alert(1)", "link to 'javascript:alert(1)' is not allowed"),
    ("<javascript:alert(1)>", "link to 'javascript:alert(1)' is not allowed"),
])
def test_script_and_data_addresses_are_refused_not_shown_as_text(course, markdown, fragment):
    line = add_to_lesson(course, markdown)
    p = only(course, fragment)
    assert p.file == course / LESSON and p.line == line
    assert "course folder" in p.hint or "web page" in p.hint


def test_mailto_and_tel_links_are_still_allowed(course):
    add_to_lesson(course, "Email [the team](mailto:team@example.org) or call [0100](tel:0100).")
    result, found = validate_course(course)
    assert result is not None, [p.format() for p in found.errors]


def test_aligned_table_columns_use_classes_not_style_attributes(course):
    add_to_lesson(course, "| Left | Middle | Right |\n|:---|:---:|---:|\n| a | b | c |")
    files = render_course(load_course(course), "1.2")
    doc = lxml_html.fromstring(files["index.html"])
    assert not doc.xpath("//*[@style]")
    assert doc.xpath("//th[@class='align-center' and text()='Middle']")
    assert doc.xpath("//td[@class='align-right' and text()='c']")
    assert b"td.align-right" in files["_theme/module.css"]


# -- the whole lot, in a browser ------------------------------------------------------------

HOSTILE_LESSON = """\
---
title: Hostile but allowed
---
<script>alert('raw')</script> <img src=x onerror=alert('img')> <style>body{display:none}</style>
<link rel="stylesheet" href="https://example.org/x.css"> <iframe src="javascript:alert(1)"></iframe>

{{ ''.__class__.__mro__ }} {% include '/etc/passwd' %} ${alert(1)}

| Left | Right |
|:---|---:|
| <b onclick=alert(1)>x</b> | `API` |

![A blue bar](<../images/my bar é.svg>)

![](../images/folder.svg){.decorative}

[A leaflet](../files/leaflet.pdf) and [email](mailto:team@example.org) and [a site](https://example.org "t\\" onclick=\\"alert(1)").
"""

HOSTILE_EVERYTHING = """\
## A heading `API`{#API}

![A picture](javascript:alert(1))

[Next](https://example.org){data-action=next}

[Page](../files/leaflet.html)

![Diagram](../images/bad.svg)

![Outside](../../private/secret.md)

![Link](../images/leak.png)
"""


def write_hostile_course(course: Path, tmp_path: Path) -> None:
    (course / "images" / "my bar é.svg").write_text(PLAIN_SVG)
    (course / "files").mkdir(exist_ok=True)
    (course / "files" / "leaflet.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n")
    (course / "lessons" / "05-hostile.md").write_text(HOSTILE_LESSON)
    yaml = course / "course.yaml"
    edit(yaml, "title: Writing a course with coursesmith",
         "title: \"A </script><script>alert('title')</script> {{ 7*7 }} course\"")
    edit(yaml, "  - lessons/04-summary.md", "  - lessons/04-summary.md\n  - lessons/05-hostile.md")
    edit(yaml, "  organisation: Example Safeguarding Partnership",
         "  organisation: \"<img src=x onerror=alert('org')>\"")


def test_every_injection_at_once_is_refused_with_located_errors(course, tmp_path):
    private = secret(tmp_path)
    write_hostile_course(course, tmp_path)
    lesson = course / "lessons" / "06-worse.md"
    lesson.write_text("---\ntitle: Worse\n---\n" + HOSTILE_EVERYTHING)
    (course / "files" / "leaflet.html").write_text("<script>alert(1)</script>")
    (course / "images" / "bad.svg").write_text(ACTIVE_SVGS["onload"])
    (course / "images" / "leak.png").symlink_to(private)
    theme = course_theme(course, {"menu.html": "{{ cycler.__init__.__globals__.os.popen('id').read() }}"},
                         yaml="extends: default\nstyles: [../../../private/secret.md]\n")
    yaml = course / "course.yaml"
    edit(yaml, "  - lessons/05-hostile.md", "  - lessons/05-hostile.md\n  - lessons/06-worse.md\n"
                                            "  - ../private/secret.md")
    found = errors(course)
    expected = {
        "{#API}": line_of(lesson, "{#API}"), "javascript:alert(1)": line_of(lesson, "javascript:"),
        "{data-action=next}": line_of(lesson, "data-action"), "leaflet.html": line_of(lesson, "leaflet.html"),
        "bad.svg": line_of(lesson, "bad.svg"), "../../private/secret.md": line_of(lesson, "Outside"),
        "leak.png": line_of(lesson, "leak.png"),
    }
    for fragment, line in expected.items():
        assert any(fragment in p.message and p.file == lesson and p.line == line for p in found), \
            (fragment, [p.format() for p in found])
    assert any("../private/secret.md" in p.message and p.file == yaml for p in found)
    with pytest.raises(BuildFailed):
        build_course(course, ["scorm12", "web"], tmp_path / "out")
    assert not (tmp_path / "out").exists()
    # With the content fixed, the theme's file outside its folder is refused...
    for worse in ("  - lessons/06-worse.md\n", "  - ../private/secret.md\n"):
        edit(yaml, worse, "")
    found = build_fails(course, tmp_path / "out", ("scorm12", "web"))
    assert [(p.file, p.line) for p in found] == [(theme / "theme.yaml", 3)]
    # ...and with that fixed too, so is its template's escape, pointing at the template.
    (theme / "theme.yaml").write_text("name: mine\nextends: default\n")
    found = build_fails(course, tmp_path / "out")
    assert [(Path(p.file), p.line) for p in found] == [(theme / "templates" / "menu.html", 1)]
    assert not (tmp_path / "out").exists()


@pytest.fixture
def hostile_build(tmp_path, site_root):
    course = tmp_path / "course"
    shutil.copytree(EXAMPLE, course)
    write_hostile_course(course, tmp_path)
    result = build_course(course, ["scorm12", "scorm2004"], tmp_path / "out")
    return {o.format.scorm: unpack(o.target, site_root) for o in result.outputs}, result.course


WATCH = """
window.__dialogs = [];
window.__violations = [];
['alert', 'confirm', 'prompt', 'print'].forEach(function (name) {
  window[name] = function (m) { window.__dialogs.push(name + ': ' + m); };
});
document.addEventListener('securitypolicyviolation', function (e) {
  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sample);
});
"""


@pytest.mark.e2e
@pytest.mark.parametrize("scorm", ["1.2", "2004"])
def test_the_allowed_parts_run_nothing_and_the_module_still_tracks(hostile_build, context, launch, scorm):
    urls, course = hostile_build
    context.add_init_script(WATCH)
    dialogs = []
    context.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    lms = launch(urls[scorm], scorm)
    frame = next(f for f in lms.page.frames if f.url.split("?")[0].endswith("/index.html"))
    # the module found the LMS's API and started tracking
    assert lms.calls("LMSInitialize" if scorm == "1.2" else "Initialize")
    assert lms.heading() == course.title and "</script>" in course.title
    # Next works, all the way to the hostile page, and the location is reported
    while lms.heading() != "Hostile but allowed":
        lms.next()
    location = lms.last_set("cmi.core.lesson_location" if scorm == "1.2" else "cmi.location")
    assert location == "hostile"
    section = lms.frame.locator("section[data-page='hostile']")
    text = section.inner_text()
    # raw HTML and template syntax in Markdown are shown as text (quotes made typographic)
    for shown in ("<script>alert(", "<img src=x onerror=alert(", "<iframe src=", "<style>body{display:none}",
                  "{{ ", " }}", "{% include", "<b onclick=alert(1)>x</b>"):
        assert shown in text
    # the picture whose name has a space and an accent loads
    img = section.locator("img[alt='A blue bar']")
    img.scroll_into_view_if_needed()
    lms.page.wait_for_function("(el) => el.complete && el.naturalWidth > 0", arg=img.element_handle())
    assert img.get_attribute("src") == "images/my%20bar%20%C3%A9.svg"
    lms.next()
    assert lms.heading() != "Hostile but allowed"
    # no markup the theme did not design (the runtime sets the progress bar's width through CSSOM)
    assert frame.evaluate("document.querySelectorAll('main [style], body link, [onclick], [onerror], "
                          "main script, main iframe, [id=API], [data-action=next]:not(.pager *)').length") == 0
    assert frame.evaluate("window.__dialogs") == [] and dialogs == []
    assert frame.evaluate("window.__violations") == []
    assert lms.page.evaluate("window.__dialogs") == [] and lms.page.evaluate("window.__violations") == []
    assert not [e for e in lms.console_errors if "Content Security Policy" in e or "Refused" in e], \
        lms.console_errors
    assert lms.api_errors() == []


def test_the_command_line_reports_hostile_input_without_a_traceback(course, tmp_path):
    import subprocess
    import sys
    from conftest import ROOT
    (course / "images" / "a.png").symlink_to(course / "images" / "b.png")
    (course / "images" / "b.png").symlink_to(course / "images" / "a.png")
    line = add_to_lesson(course, "![A loop](../images/a.png)\n\n[Next](https://example.org){data-action=next}")
    course_theme(course, {"menu.html": "{{ cycler.__init__.__globals__ }}\n"})
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for command in (["validate"], ["build", "--format", "web", "--out", str(tmp_path / "out")]):
        result = subprocess.run([sys.executable, "-m", "builder", *command, str(course)], cwd=tmp_path, env=env,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr
        assert f"course/{LESSON}:{line}: error: the image '../images/a.png' is a symbolic link" in result.stderr
        assert f"course/{LESSON}:{line + 2}: error: {{data-action=next}} after a link" in result.stderr
    # with the content fixed, the build points at the template
    (course / LESSON).write_text((course / LESSON).read_text().split("\n![A loop]")[0] + "\n")
    result = subprocess.run([sys.executable, "-m", "builder", "build", str(course), "--out", str(tmp_path / "out")],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "course/mytheme/templates/menu.html:1: error: the theme's template failed" in result.stderr
    assert not (tmp_path / "out").exists()
