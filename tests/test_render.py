"""What the builder writes into the page: real HTML for every page, readable without script."""
from __future__ import annotations

import re

import pytest
from lxml import html as lxml_html

from builder.loader import load_course
from builder.render import render_course
from conftest import EXAMPLE


@pytest.fixture(scope="module")
def page():
    files = render_course(load_course(EXAMPLE), "1.2")
    return files, lxml_html.fromstring(files["index.html"])


def test_every_page_is_rendered_in_order(page):
    files, doc = page
    course = load_course(EXAMPLE)
    sections = doc.xpath("//main/section[@data-page]")
    assert [s.get("data-page") for s in sections] == [p.id for p in course.pages]
    for section, p in zip(sections, course.pages):
        assert section.xpath("string(.//h1)").strip() == p.title
        assert len(section.xpath(".//h1")) == 1


def test_external_links_open_in_a_new_tab_and_say_so(page):
    _, doc = page
    link = doc.xpath("//a[@href='https://commonmark.org/help/']")[0]
    assert link.get("target") == "_blank" and "noopener" in link.get("rel")
    assert "(opens in a new tab)" in link.text_content()


def test_callouts_accordions_tables_and_images(page):
    _, doc = page
    assert doc.xpath("//div[contains(@class,'callout--key-point') and @role='note']")
    assert doc.xpath("//details[@class='accordion']/summary[text()='What about images?']")
    assert doc.xpath("//div[@class='table-wrap']/table/thead")
    img = doc.xpath("//img[@src='images/folder.svg']")[0]
    assert img.get("alt").startswith("A course folder holds")


def test_knowledge_check_is_placed_in_its_lesson_as_a_labelled_group(page):
    _, doc = page
    form = doc.xpath("//section[@data-page='lessons-and-checks']//form[@data-question='check-where-settings']")[0]
    legend = form.xpath(".//fieldset/legend")[0]
    assert "Where do you set the pass mark" in legend.text_content()
    radios = form.xpath(".//input[@type='radio']")
    assert [r.get("value") for r in radios] == ["a", "b", "c"]
    for radio in radios:
        assert form.xpath(f".//label[@for='{radio.get('id')}']")
    assert form.xpath(".//*[@role='status']")


def test_runtime_and_styles_are_local_files(page):
    files, doc = page
    scripts = [s.get("src") for s in doc.xpath("//script[@src]")]
    styles = [s.get("href") for s in doc.xpath("//link[@rel='stylesheet']")]
    for ref in scripts + styles:
        assert not re.match(r"^(https?:)?//", ref) and ref in files
    assert b"eval(" not in files["_theme/module.js"]
    assert not doc.xpath("//*[@onclick or @onload or @onchange or @onsubmit]")


def test_course_data_cannot_break_out_of_its_script_tag(tmp_path):
    import shutil
    course = tmp_path / "c"
    shutil.copytree(EXAMPLE, course)
    yaml = course / "course.yaml"
    yaml.write_text(yaml.read_text().replace("title: Writing a course with coursesmith",
                                             "title: \"A </script><script>alert(1)</script> title\""))
    files = render_course(load_course(course), None)
    text = files["index.html"].decode()
    data = text.split('id="course-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data
