"""Load a course folder into the course model, collecting every problem on the way."""
from __future__ import annotations

import os
import re
from html import escape
import unicodedata
from pathlib import Path

from . import schema
from .errors import BuildFailed, Problems, did_you_mean, shown
from .markdown import CourseMarkdown, Source, course_file
from .model import Assessment, Branding, Contact, Course, Page, Question
from .paths import file_problem, inside
from .messages import load_catalogue
from .questions import BUILDERS
from .themes import find_theme
from .yamlio import YAMLProblem, line_of, parse_yaml, read_text, split_front_matter

COURSE_FILE = "course.yaml"
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"}
IMAGE_WARNING_BYTES = 1_000_000   # an image larger than this slows the module, above all on a phone
FILE_WARNING_BYTES = 20_000_000   # any other file (a PDF, a video)
ASSESSMENT_MARKER = "assessment"
LOCAL_MARKER = "local-information"
COMPLETION_MARKER = "completion"
EVALUATION_MARKER = "evaluation"
DEFAULT_LOCAL_INFORMATION = """\
Every safeguarding children partnership publishes its own procedures, and your organisation has
a safeguarding policy that says who to speak to. Follow them: they come before anything general
in this module.

- **If a child is in immediate danger**, call the police on 999.
- **If you are worried about a child**, speak to your designated safeguarding lead or safeguarding
  manager straight away, and make a referral to children's social care in the area where the child
  lives. Do not wait until you are certain.
- **Find your local procedures** on your safeguarding children partnership's website: they set out
  the referral route, the contact numbers, and how to raise a disagreement between agencies.

::: note
The organisation that provides this module has not added its local information yet. Ask your
designated safeguarding lead for the local referral route and contacts.
:::
"""


class CourseLoader:
    def __init__(self, root: Path, problems: Problems | None = None, strings: dict | None = None):
        self.root = Path(root)
        self.extra_strings = strings or {}  # interface strings a partnership edition replaces, already checked
        self.problems = problems if problems is not None else Problems()
        self.md = CourseMarkdown()
        self.messages = None  # the interface strings, once the course's language is known
        self.assets: set[str] = set()
        self.question_ids: dict[str, tuple[Path, int]] = {}

    # -- entry point ----------------------------------------------------------------------

    def load(self) -> Course:
        """Load the course; raise BuildFailed carrying all problems if there are errors."""
        course = self._load()
        if self.problems.errors or course is None:
            raise BuildFailed(self.problems)
        return course

    def _load(self) -> Course | None:
        course_file = self.root / COURSE_FILE
        if not self.root.is_dir():
            self.problems.error(self.root, None, "no such course folder",
                                "name a folder that contains a course.yaml")
            return None
        if course_file.is_symlink() and not inside(course_file, self.root, self.problems, course_file, None,
                                                   "course file 'course.yaml'"):
            return None
        why = file_problem(course_file)
        if why == "does not exist":
            self.problems.error(course_file, None, "the course folder has no course.yaml",
                                "every course folder needs a course.yaml; see docs/authoring.md")
            return None
        if why:
            self.problems.error(course_file, None, f"course.yaml {why}", "make course.yaml an ordinary text file")
            return None
        data = self._read_yaml(course_file)
        if data is None:
            return None
        settings = schema.COURSE.check(data, course_file, self.problems)
        if not settings:
            return None
        self.messages = self._catalogue(settings, data, course_file)
        self.md.messages = self.messages
        self._check_edition_policy(settings["editions"], data.get("editions"), course_file)

        pages = [self._start_page(settings, course_file)]
        assessment = None
        assessment_placed = False
        completion_at: int | None = None
        evaluation_placed = False
        lesson_lines = data.get("lessons") if isinstance(data, dict) else None
        for i, entry in enumerate(settings.get("lessons") or []):
            line = line_of(lesson_lines, i)
            if not isinstance(entry, str):
                continue  # reported by the schema
            if entry == ASSESSMENT_MARKER:
                if assessment_placed:
                    self.problems.error(course_file, line, "'assessment' is listed twice in lessons",
                                        "list it once, where the assessment page should appear")
                assessment_placed = True
                pages.append(None)  # the assessment page goes here, filled in below
                continue
            if entry == COMPLETION_MARKER:
                if completion_at is not None:
                    self.problems.error(course_file, line, "'completion' is listed twice in lessons",
                                        "list it once, where the completion page should appear")
                    continue
                completion_at = len(pages)
                pages.append(None)  # the completion page goes here, filled in below
                continue
            if entry == EVALUATION_MARKER:
                if evaluation_placed:
                    self.problems.error(course_file, line, "'evaluation' is listed twice in lessons",
                                        "list it once, where the evaluation page should appear")
                elif not settings.get("evaluation"):
                    self.problems.error(course_file, line, "'evaluation' is listed in lessons but the course has "
                                        "no evaluation", "add an 'evaluation:' section with its questions, or "
                                        "remove 'evaluation' from lessons")
                evaluation_placed = True
                pages.append("evaluation")  # filled in below, once the questions are read
                continue
            if entry == LOCAL_MARKER:
                pages.append(self._local_information(settings["local_information"], course_file,
                                                     data.get("local_information"), line))
                continue
            page = self._lesson(entry, course_file, line)
            if page:
                pages.append(page)

        if settings.get("assessment"):
            assessment = self._assessment(settings["assessment"], course_file,
                                          data["assessment"] if isinstance(data.get("assessment"), dict) else None)
        elif assessment_placed:
            self.problems.error(course_file, data.line_of("lessons"),
                                "'assessment' is listed in lessons but the course has no assessment",
                                "add an 'assessment:' section, or remove 'assessment' from lessons")
        if assessment:
            page = Page(id="assessment", kind="assessment", title=assessment.title, menu_title=assessment.title,
                        body_html=assessment.introduction_html)
            if assessment_placed:
                pages[next(i for i, p in enumerate(pages) if p is None and i != completion_at)] = page
            else:
                pages.append(page)
        if settings.get("evaluation"):
            page = self._evaluation(settings["evaluation"], course_file,
                                    data["evaluation"] if isinstance(data.get("evaluation"), dict) else None)
            if evaluation_placed:
                pages[pages.index("evaluation")] = page
            else:
                pages.append(page)
        # The completion page ends the module, unless the course places it elsewhere.
        completion = self._completion_page(settings["completion"], course_file, data.get("completion"))
        if completion_at is None:
            pages.append(completion)
        else:
            pages[completion_at] = completion
        pages = [p for p in pages if isinstance(p, Page)]
        self._check_pairs(pages, course_file)
        listed = {os.path.normpath(p.file.absolute()) for p in pages if p.file is not None and p.file != course_file}
        self._check_unlisted_lessons(listed, course_file, data.line_of("lessons"))

        rule = settings["completion"]["rule"]
        if rule == "assessment" and assessment is None:
            self.problems.error(course_file, data.line_of("completion"),
                                "the completion rule is 'assessment' but the course has no assessment",
                                "add an 'assessment:' section, or set completion rule to 'pages'")
        self._check_unique_pages(pages, course_file)

        branding = Branding(**settings["branding"])
        if branding.colour and not re.fullmatch(r"#[0-9a-fA-F]{6}", branding.colour):
            branding.colour = schema.BRANDING.fields["colour"].default  # reported by the schema
        elif branding.colour and contrast_with_white(branding.colour) < 4.5:
            self.problems.error(course_file, data.line_of("branding"),
                                f"the branding colour {branding.colour} is too light: white text on it has a contrast "
                                f"of {contrast_with_white(branding.colour):.1f}:1, and WCAG AA needs 4.5:1",
                                "choose a darker shade of the colour")
        if branding.logo:
            logo = self._asset(branding.logo, course_file, data.line_of("branding"), "logo")
            branding.logo = logo
            if logo and not branding.logo_alt:
                self.problems.error(course_file, data.line_of("branding"), "the logo has no alt text",
                                    "add 'logo_alt:' naming the organisation, like 'Example Safeguarding Partnership'")

        self._check_asset_sizes()
        outcomes = self._outcomes(settings["learning_outcomes"], data.get("learning_outcomes"), course_file)
        course = Course(
            root=self.root, id=settings["id"] or "", title=settings["title"] or "",
            version=settings["version"], language=settings["language"],
            description=settings["description"], audience=settings["audience"],
            estimated_minutes=settings["estimated_minutes"],
            content_note_html=self._markdown(settings["content_note"], course_file, data.line_of("content_note")),
            learning_outcomes=[self._markdown(text, course_file, line, inline=True) for text, _, line in outcomes],
            outcome_topics=[topic for _, topic, _ in outcomes],
            contacts=[Contact(c["name"], c["number"], c["source"]) for c in settings["contacts"] if c],
            quality_allow=self._allow(settings["quality"]["allow"], course_file, data.line_of("quality")),
            quality_acronyms=[a for a in settings["quality"]["acronyms"] if isinstance(a, str)],
            pages=pages, assessment=assessment, completion_rule=rule, theme=settings["theme"],
            branding=branding, assets=self.assets,
            report_checks=settings["tracking"]["knowledge_checks"], messages=self.messages,
            certificate=settings["completion"]["certificate"],
        )
        self._check_saved_size(course, course_file)
        return course

    # -- pieces ---------------------------------------------------------------------------

    def _read(self, path: Path) -> str | None:
        """A text file's content, or None after reporting why it cannot be read."""
        try:
            return read_text(path)
        except UnicodeDecodeError as exc:
            data = path.read_bytes()
            line = data[:exc.start].count(b"\n") + 1
            self.problems.error(path, line, "the file is not UTF-8 text",
                                "save it as UTF-8 (in most editors: Save As, then choose the UTF-8 encoding)")
        except OSError as exc:
            self.problems.error(path, None, f"cannot read the file: {exc.strerror or exc}")
        return None

    def _read_yaml(self, path: Path, text: str | None = None, offset: int = 0):
        if text is None:
            text = self._read(path)
            if text is None:
                return None
        try:
            data = parse_yaml(text, offset)
        except YAMLProblem as exc:
            self.problems.error(path, exc.line, exc.message, exc.hint, exc.column)
            return None
        if data is None:
            self.problems.error(path, offset + 1 if offset else None, "the YAML is empty")
        return data

    def _markdown(self, text: str, file: Path, line: int | None, inline: bool = False) -> str:
        if not text:
            return ""
        # Block scalars start on the line after their key.
        first = (line or 0) + (0 if inline else 1)
        return self.md.render(text, Source(file, first, self.root), self.problems, inline=inline).html

    def _asset(self, ref: str, file: Path, line: int | None, what: str) -> str | None:
        path = course_file(ref, self.root, self.root, self.problems, file, line, what, relative_to="the course folder")
        if path:
            self.assets.add(path)
        return path

    def _outcomes(self, items: list, raw, course_file: Path) -> list[tuple[str, str, int | None]]:
        """Learning outcomes as (text, topic, line): each is text, or a mapping (checked by the
        schema) of its text and the topic of the questions that test it."""
        out = []
        for i, item in enumerate(items):
            line = line_of(raw, i)
            if isinstance(item, dict) and item.get("text"):
                out.append((item["text"], item.get("topic") or "", line))
            elif isinstance(item, str):
                out.append((item, "", line))
        return out

    def _allow(self, allow, file: Path, line: int | None, where: str = "course") -> dict[str, str]:
        """Quality checks turned off, each with the author's reason. `where` is "course",
        "page" (a lesson's front matter) or "question": checks that look at the whole course
        can only be turned off for the course."""
        from .checks import CHECKS, COURSE_SCOPE, PAGE_SCOPE
        out: dict[str, str] = {}
        if not isinstance(allow, dict):
            return out  # reported by the schema
        for check_id, reason in allow.items():
            at = line_of(allow, check_id, line)
            item = CHECKS.get(check_id) if isinstance(check_id, str) else None
            if item is None:
                self.problems.error(file, at, f"there is no quality check '{shown(check_id)}' to allow",
                                    did_you_mean(str(check_id), CHECKS))
            elif not isinstance(reason, str) or not reason.strip():
                self.problems.error(file, at, f"turning off the quality check '{check_id}' needs a reason",
                                    f"write why after the name, like '{check_id}: the wording is the law's own'")
            elif where != "course" and (item.scope == COURSE_SCOPE or item.scope == PAGE_SCOPE and
                                        where == "question"):
                self.problems.error(file, at, f"the quality check '{check_id}' looks at the whole "
                                    f"{'course' if item.scope == COURSE_SCOPE else 'page'}, so it cannot be turned "
                                    f"off for one {'question' if where == 'question' else 'lesson'}",
                                    "turn it off under 'quality: allow:' in course.yaml"
                                    + ("" if item.scope == COURSE_SCOPE else ", or in the lesson's front matter"))
            else:
                out[check_id] = reason.strip()
        return out

    def _check_asset_sizes(self) -> None:
        """Say when an image or file is so large that learners on a phone will wait for it.
        (Whether each can be read and packaged was checked where the course names it.)"""
        for rel in sorted(self.assets):
            path = self.root / rel
            try:
                size = path.stat().st_size
            except OSError:
                continue  # reported where the course names it
            image = path.suffix.lower() in IMAGE_SUFFIXES
            if size > (IMAGE_WARNING_BYTES if image else FILE_WARNING_BYTES):
                self.problems.warning(path, None, f"the {'image' if image else 'file'} is {size / 1e6:.1f} MB, "
                                      "which makes the module slow to open, above all on a phone",
                                      "save the image at the size it is shown (about 1,200 pixels wide is "
                                      "plenty) as a JPEG or a compressed PNG; most images fit in 300 KB"
                                      if image else "make the file smaller, or link to it on your website instead")

    def _check_unlisted_lessons(self, listed: set[str], course_file: Path, line: int | None) -> None:
        """A lesson file in lessons/ that course.yaml does not list never reaches learners: say so."""
        folder = self.root / "lessons"
        if not folder.is_dir():
            return
        for path in sorted(folder.glob("*.md")):
            if os.path.normpath(path.absolute()) not in listed:
                self.problems.warning(course_file, line, f"the lesson file 'lessons/{path.name}' is not listed in "
                                      "'lessons', so learners will not see it",
                                      "add it to 'lessons' where it belongs, or move it out of the lessons folder")

    def _catalogue(self, settings: dict, data, course_file: Path):
        """The interface strings in the course's language. Problems with the theme itself are
        reported where the theme is checked (build and validate), so they are looked up quietly."""
        theme = find_theme(settings["theme"], self.root, Problems(), course_file)
        if theme is None:
            theme = find_theme("default", self.root, Problems(), course_file)
        strings_node = data.get("strings") if isinstance(data.get("strings"), dict) else None
        return load_catalogue(theme.dirs, settings["language"], settings["strings"], self.problems, course_file,
                              data.line_of("language"), strings_node, self.extra_strings)
    def _check_edition_policy(self, settings: dict, raw, course_file: Path) -> None:
        """Each name in 'editions: allow' must be something a partnership edition can change."""
        allow = raw.get("allow") if isinstance(raw, dict) else None
        for i, name in enumerate(settings.get("allow") or []):
            if isinstance(name, str) and name not in schema.EDITION_OVERRIDES:
                self.problems.error(course_file, line_of(allow, i, line_of(raw, "allow")),
                                    f"'{shown(name)}' in 'editions: allow' is not something an edition can change",
                                    did_you_mean(name, schema.EDITION_OVERRIDES))

    def _start_page(self, settings: dict, course_file: Path) -> Page:
        return Page(id="start", kind="start", title=settings.get("title") or "",
                    menu_title=self.messages.t("menu.start"), file=course_file)

    def _local_information(self, settings: dict, course_file: Path, raw, line: int | None) -> Page:
        """The partnership's own page: set in course.yaml, so lessons stay untouched."""
        content, file, first = DEFAULT_LOCAL_INFORMATION, course_file, None
        if settings.get("content") and settings.get("file"):
            self.problems.error(course_file, raw.line if raw is not None else line,
                                "local_information has both 'content' and 'file'", "keep one of them")
        if settings.get("content"):
            content, first = settings["content"], raw.line_of("content") + 1
        elif settings.get("file"):
            path = self.root / settings["file"]
            contained = inside(path, self.root, self.problems, course_file, raw.line_of("file"),
                               f"local information file '{shown(settings['file'])}'")
            why = file_problem(path) if contained else ""
            if why:
                self.problems.error(course_file, raw.line_of("file"),
                                    f"the local information file '{shown(settings['file'])}' {why}",
                                    "check the path; it is relative to the course folder")
            elif contained:
                text = self._read(path)
                if text is not None:
                    content, file, first = text, path, 1
        rendered = self.md.render(content, Source(file, first or 1, self.root), self.problems)
        self.assets |= rendered.assets
        return Page(id=LOCAL_MARKER, kind="lesson", title=settings.get("title") or self.messages.t("local.default_title"),
                    menu_title=settings.get("menu_title") or self.messages.t("local.default_menu_title"),
                    body_html=rendered.html, file=file)

    def _completion_page(self, settings: dict, course_file: Path, raw) -> Page:
        """The page that ends the module: what the learner achieved, what is left, how to leave,
        and the record of learning to print. The runtime fills in the learner's part."""
        message = settings.get("message") or ""
        line = line_of(raw, "message") if message else None
        if line is not None and "\n" in message.rstrip("\n"):
            line += 1  # a block: 'message: |', the text from the next line
        rendered = self.md.render(message, Source(course_file, line or 1, self.root), self.problems)
        self.assets |= rendered.assets
        return Page(id=COMPLETION_MARKER, kind="completion",
                    title=settings.get("title") or self.messages.t("finish.default_title"),
                    menu_title=settings.get("menu_title") or self.messages.t("finish.default_menu_title"),
                    body_html=rendered.html, file=course_file)

    def _lesson(self, entry: str, course_file: Path, line: int | None) -> Page | None:
        path = self.root / entry
        if not entry.endswith(".md"):
            self.problems.error(course_file, line, f"the lesson '{shown(entry)}' is not a Markdown file",
                                "list lesson files ending in .md, 'assessment' to place the assessment, 'evaluation' the evaluation, "
                                "'local-information' the local information page, or 'completion' the completion page")
            return None
        if not inside(path, self.root, self.problems, course_file, line, f"lesson file '{shown(entry)}'"):
            return None
        why = file_problem(path)
        if why:
            self.problems.error(course_file, line, f"the lesson file '{shown(entry)}' {why}",
                                "check the path; it is relative to the course folder")
            return None
        text = self._read(path)
        if text is None:
            return None
        try:
            front, body, body_line = split_front_matter(text)
        except YAMLProblem as exc:
            self.problems.error(path, exc.line, exc.message, exc.hint, exc.column)
            return None
        if front is None:
            self.problems.error(path, 1, "the lesson has no front matter",
                                "start the file with:\n---\ntitle: The lesson title\n---")
            return None
        meta = self._read_yaml(path, front, offset=1)
        if meta is None:
            return None
        meta = schema.LESSON.check(meta, path, self.problems, 1, context="the front matter")
        rendered = self.md.render(body, Source(path, body_line, self.root), self.problems, allow_questions=True)
        self.assets |= rendered.assets
        checks = []
        for text, fence_line in rendered.questions:
            data = self._read_yaml(path, text, offset=fence_line)
            if data is not None:
                question = self._question(data, path, fence_line)
                if question:
                    checks.append(question)
        page_id = meta.get("id") or page_id_from(path.stem)
        if not page_id:
            self.problems.error(path, 1, f"the file name '{shown(path.name)}' gives the page no id",
                                "add an id to the front matter, like 'id: summary', or name the file after "
                                "the page, like '04-summary.md'")
            return None
        title = meta.get("title") or ""
        return Page(id=page_id, kind="lesson", title=title, menu_title=meta.get("menu_title") or title,
                    body_html=rendered.html, checks=checks, file=path,
                    allow=self._allow(meta.get("allow"), path, 1, "page"))

    def _assessment(self, settings: dict, course_file: Path, raw) -> Assessment | None:
        line = raw.line if raw is not None else None
        bank_path = self.root / settings["bank"] if settings.get("bank") else None
        questions: list[Question] = []
        errors_before = len(self.problems.errors)
        if bank_path is not None:
            why = file_problem(bank_path)
            if not inside(bank_path, self.root, self.problems, course_file, raw.line_of("bank") if raw else line,
                          f"question bank '{shown(settings['bank'])}'"):
                pass
            elif why:
                self.problems.error(course_file, raw.line_of("bank") if raw else line,
                                    f"the question bank '{shown(settings['bank'])}' {why}",
                                    "check the path; it is relative to the course folder")
            else:
                data = self._read_yaml(bank_path)
                if data is not None:
                    bank = schema.BANK.check(data, bank_path, self.problems)
                    raw_questions = bank.get("questions") or []
                    if isinstance(data, dict) and "questions" in data and not raw_questions:
                        self.problems.error(bank_path, data.line_of("questions"), "the question bank is empty",
                                            "add questions under 'questions:'")
                    for i, item in enumerate(raw_questions):
                        q = self._question(item, bank_path, raw_questions.line_of(i), in_bank=True)
                        if q:
                            questions.append(q)
        if len(self.problems.errors) > errors_before:
            # The bank is broken: what the draw asks of it cannot be judged until it is fixed.
            return Assessment(title=settings["title"] or self.messages.t("assessment.default_title"), introduction_html="", questions=questions,
                              draw=len(questions), topics={}, pass_mark=settings["pass_mark"],
                              attempts=settings["attempts"], shuffle=settings["shuffle"])
        topics = self._topics(settings, raw, questions, course_file)
        draw = settings.get("questions") or (sum(topics.values()) if topics else len(questions))
        if topics and settings.get("questions") and settings["questions"] != sum(topics.values()):
            self.problems.error(course_file, raw.line_of("questions"),
                                f"the assessment draws {settings['questions']} questions but its topics add up "
                                f"to {sum(topics.values())}", "make 'questions' the sum of the topics, or leave it out")
        if questions and draw > len(questions):
            self.problems.error(course_file, raw.line_of("questions") if raw else line,
                                f"the assessment draws {draw} questions but the bank has only {len(questions)}",
                                f"set 'questions:' to {len(questions)} or fewer, or add questions to the bank")
            draw = len(questions)
        return Assessment(
            title=settings["title"] or self.messages.t("assessment.default_title"),
            introduction_html=self._markdown(settings["introduction"], course_file,
                                             raw.line_of("introduction") if raw else None),
            questions=questions, draw=draw, topics=topics, pass_mark=settings["pass_mark"],
            attempts=settings["attempts"], shuffle=settings["shuffle"],
        )

    def inline(self, text: str, file: Path, line: int | None) -> str:
        return self._markdown(text, file, line, inline=True)

    def block(self, text: str, file: Path, line: int | None) -> str:
        return self._markdown(text, file, line)

    def _topics(self, settings: dict, raw, questions: list[Question], course_file: Path) -> dict[str, int]:
        topics = settings.get("topics") or {}
        line = raw.line_of("topics") if raw is not None else None
        out: dict[str, int] = {}
        for topic, count in topics.items():
            tline = line_of(topics, topic, line)
            available = sum(1 for q in questions if q.topic == topic)
            if not isinstance(count, int) or isinstance(count, bool) or count < 1:
                self.problems.error(course_file, tline, f"the number to draw from topic '{topic}' must be a whole "
                                    "number of at least 1")
            elif available == 0:
                known = sorted({q.topic for q in questions if q.topic})
                self.problems.error(course_file, tline, f"no question in the bank has the topic '{topic}'",
                                    did_you_mean(str(topic), known) if known else "give questions a 'topic:'")
            elif count > available:
                self.problems.error(course_file, tline, f"topic '{topic}' draws {count} questions but the bank has "
                                    f"{available}", f"draw {available} or fewer, or add questions on '{topic}'")
            else:
                out[str(topic)] = count
        return out

    def _question(self, data, file: Path, line: int | None, in_bank: bool = False) -> Question | None:
        qid = data.get("id") if isinstance(data, dict) else None
        context = f"question '{shown(qid)}'" if isinstance(qid, (str, int)) and qid != "" else "a question"
        qtype = data.get("type", "single") if isinstance(data, dict) else "single"
        if not isinstance(qtype, str) or qtype not in schema.QUESTION_RECORDS:
            # Report the type itself; check the rest as the most common type would be.
            schema.check_value(qtype, schema.QUESTION_COMMON["type"], file, self.problems,
                               line_of(data, "type", line), "type", context)
            return None
        checked = schema.QUESTION_RECORDS[qtype].check(data, file, self.problems, line, context=context)
        if not checked or not checked.get("id"):
            return None
        qid = checked["id"]
        qline = line_of(data, "id", line)
        if qid in self.question_ids:
            other_file, other_line = self.question_ids[qid]
            self.problems.error(file, qline, f"the question id '{qid}' is used twice "
                                f"(also at {other_file.name}:{other_line})", "give every question its own id")
        else:
            self.question_ids[qid] = (file, qline)
        if in_bank and qtype in schema.UNSCORED_TYPES:
            self.problems.error(file, line_of(data, "type", line),
                                f"'{qid}' is a {qtype} question, which is never marked, so it cannot be in the "
                                "assessment bank",
                                "ask it in a lesson (in a question block) or on the evaluation page "
                                "('evaluation:' in course.yaml)")
        if in_bank and qtype == "scenario":
            self.problems.error(file, line_of(data, "type", line),
                                f"scenario '{qid}' is in the assessment bank",
                                "place scenarios in a lesson; set 'scored: true' to count and report its decisions")
        feedback = checked.get("feedback") or {}
        question = Question(
            id=qid, type=qtype, topic=checked.get("topic") or "",
            context_html=self.block(checked.get("context") or "", file, line_of(data, "context", line)),
            prompt_html=self.inline(checked.get("prompt") or "", file, line_of(data, "prompt", line)),
            correct_html=self.block(feedback.get("correct") or "", file, line),
            incorrect_html=self.block(feedback.get("incorrect") or "", file, line),
            allow=self._allow(checked.get("allow"), file, line_of(data, "allow", line), "question"),
            file=file, line=qline,
        )
        BUILDERS[qtype](self, question, checked, data, file, line)
        return question

    def _evaluation(self, settings: dict, course_file: Path, raw) -> Page:
        """The end-of-module evaluation: unmarked questions the learner may answer or leave. The
        runtime never waits for this page (completion rule 'pages' leaves it out)."""
        raw_questions = raw.get("questions") if raw is not None else None
        checks = []
        for i, item in enumerate(settings.get("questions") or []):
            qline = line_of(raw_questions, i, raw.line_of("questions") if raw is not None else None)
            if not isinstance(item, dict):
                continue  # reported by the schema
            qtype = item.get("type", "single")
            if qtype not in schema.UNSCORED_TYPES:
                self.problems.error(course_file, line_of(item, "type", qline),
                                    f"question '{shown(item.get('id', i + 1))}' of the evaluation is a "
                                    f"'{shown(qtype)}' question; the evaluation holds only confidence and "
                                    "reflection questions",
                                    "write 'type: confidence' (a scale) or 'type: reflection' (free text); "
                                    "knowledge checks belong in lessons")
                continue
            question = self._question(item, course_file, qline)
            if question:
                checks.append(question)
        optional = f'<p class="evaluation__optional">{escape(self.messages.t("evaluation.optional"))}</p>\n'
        intro = self._markdown(settings.get("introduction") or "", course_file,
                               raw.line_of("introduction") if raw is not None else None)
        body = optional + intro + "".join(f"<!--question:{i}-->\n" for i in range(len(checks)))
        return Page(id=EVALUATION_MARKER, kind="evaluation",
                    title=settings.get("title") or self.messages.t("evaluation.default_title"),
                    menu_title=settings.get("menu_title") or self.messages.t("evaluation.default_menu_title"),
                    body_html=body, checks=checks, file=course_file)

    def _check_pairs(self, pages: list[Page], course_file: Path) -> None:
        """Each confidence question with 'pre' asks again, later, a statement asked before."""
        order = [q for p in pages for q in p.checks]
        position = {q.id: i for i, q in enumerate(order)}
        paired: dict[str, Question] = {}
        for q in order:
            if q.type != "confidence" or not q.pre:
                continue
            file, line = q.file or course_file, q.line
            pre = next((o for o in order if o.id == q.pre), None)
            if pre is None:
                known = [o.id for o in order if o.type == "confidence" and o is not q]
                self.problems.error(file, line, f"the 'pre' of question '{q.id}' is '{q.pre}', which is not a "
                                    "question in the lessons or the evaluation",
                                    did_you_mean(q.pre, known) if known else
                                    "set 'pre' to the id of the confidence question asked before the teaching")
            elif pre is q:
                self.problems.error(file, line, f"question '{q.id}' names itself as its 'pre'",
                                    "set 'pre' to the id of the question asked before the teaching")
            elif pre.type != "confidence":
                self.problems.error(file, line, f"the 'pre' of question '{q.id}' is '{pre.id}', which is a "
                                    f"{pre.type} question, not a confidence question",
                                    "pair a confidence question with another confidence question")
            elif position[pre.id] > position[q.id]:
                self.problems.error(file, line, f"question '{q.id}' comes before its 'pre' question '{pre.id}'",
                                    "ask the 'pre' question first: put it on an earlier page")
            elif pre.pre:
                self.problems.error(file, line, f"the 'pre' of question '{q.id}' is '{pre.id}', which itself "
                                    "asks again an earlier question", f"set 'pre' to '{pre.pre}'")
            elif pre.id in paired:
                self.problems.error(file, line, f"questions '{paired[pre.id].id}' and '{q.id}' both ask "
                                    f"'{pre.id}' again", "ask each statement again once")
            elif pre.scale != q.scale:
                self.problems.error(file, line, f"the scale of question '{q.id}' is not the scale of its 'pre' "
                                    f"question '{pre.id}'", "use the same scale for both, so the learner's change "
                                    "can be shown")
            else:
                paired[pre.id] = q
                pre.post = q.id

    def _check_saved_size(self, course: Course, course_file: Path) -> None:
        """Reflections are saved whole: say when they could take learners' saved progress past
        what SCORM 1.2 LMSs keep."""
        from .state import SCORM12_LIMIT, worst_case_state  # state needs the model only
        reflections = [q for q in course.questions if q.type == "reflection"]
        if not reflections:
            return
        size = len(worst_case_state(course))
        if size > SCORM12_LIMIT:
            q = reflections[0]
            self.problems.warning(q.file or course_file, q.line,
                                  f"with its reflection questions, a learner's saved progress can reach {size:,} "
                                  f"characters, more than the {SCORM12_LIMIT:,} a SCORM 1.2 LMS keeps",
                                  "lower 'max_length' of the reflection questions (it counts twice, for "
                                  "characters such as quotation marks), or ask fewer of them")

    def _check_unique_pages(self, pages: list[Page], course_file: Path) -> None:
        seen: dict[str, Page] = {}
        for page in pages:
            if page.id in seen:
                self.problems.error(page.file or course_file, 1,
                                    f"the page id '{page.id}' is used twice (also by {seen[page.id].file.name if seen[page.id].file else 'the course'})",
                                    "set a different 'id:' in the lesson's front matter")
            seen[page.id] = page


def page_id_from(stem: str) -> str:
    """A page id from a lesson's file name: '04 Summary Page' -> 'summary-page', 'été' -> 'ete'."""
    text = unicodedata.normalize("NFKD", re.sub(r"^\d+[-_ ]*", "", stem))
    text = text.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80]


def contrast_with_white(colour: str) -> float:
    """The WCAG contrast ratio of white against a '#rrggbb' colour."""
    def channel(hex2: str) -> float:
        c = int(hex2, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(colour[i:i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)


def load_course(root: Path, problems: Problems | None = None, strings: dict | None = None) -> Course:
    """Load a course; `strings` are interface strings an edition replaces (checked by the edition)."""
    return CourseLoader(root, problems, strings).load()
