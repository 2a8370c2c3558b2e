"""The text a learner reads: acronyms, reading time, figures and contacts."""
from __future__ import annotations

import re

from ..model import Course, Question
from . import COURSE_SCOPE, PAGE_SCOPE, QUESTION_SCOPE, Finding, check, line_in, reading_order, text_of, words

# -- acronyms --------------------------------------------------------------------------------

# Known to every adult reader in the UK, so never spelled out. A course adds its own under
# `quality: acronyms:` in course.yaml.
COMMON_ACRONYMS = {"UK", "GB", "EU", "UN", "NHS", "GP", "BBC", "TV", "PDF", "URL", "ID", "OK", "SMS", "FAQ",
                   "AM", "PM", "A&E", "Q&A", "COVID", "PIN", "DVD", "CD", "USB", "GOV", "ITV", "CCTV", "MP", "HM"}
# Words written in capitals for emphasis, and Roman numerals, are not acronyms.
NOT_ACRONYMS = {"NOT", "DO", "NO", "YES", "ALL", "NEVER", "ALWAYS", "STOP", "AND", "OR", "THE", "IF", "IS", "IT",
                "MUST", "NOW", "ONLY", "ANY", "YOU", "DON'T", "II", "III", "IV", "VI", "VII", "VIII", "IX", "XI",
                "XII"}
ACRONYM = re.compile(r"(?<![\w.@/-])(?:[A-Z][A-Z0-9&]*[A-Z0-9]|[A-Z]\d{1,3})(?:s|'s|’s)?(?![\w@/-]|\.\w)")
QUOTED = re.compile(r"\"[^\"]{0,400}\"|“[^”]{0,400}”|(?<![\w’])‘.{0,400}?’(?!\w)")
CAPITALS_RUN = re.compile(r"\b[A-Z]{2,}(?:\s+[A-Z]{2,})+\b")  # "DO NOT SHARE", "ACTS FAST"


def _expanded_here(text: str, start: int, end: int) -> bool:
    """Is the acronym at text[start:end] spelled out where it stands: "designated safeguarding
    lead (DSL)", "(UK GDPR)", "DSL (designated safeguarding lead)", "IIOC [indecent images of
    children]", "NOTA News (National Organisation ...)"?"""
    before, after = text[:start], text[end:]
    opened = re.search(r"[(\[]([^()\[\]]*)$", before)
    if opened and re.fullmatch(r"\s*(?:[A-Z][\w'’-]*\s+)?", opened.group(1)):
        return True  # the acronym opens a bracket that follows its expansion
    return bool(re.match(r"\s*(?:[A-Z][\w'’-]*\s+)?[(\[]\s*[A-Za-z][^)\]]{6,}[)\]]", after))


def _base(acronym: str) -> str:
    for ending in ("'s", "’s", "s"):
        if acronym.endswith(ending) and acronym[:-len(ending)].isupper() and len(acronym) > len(ending) + 1:
            return acronym[:-len(ending)]
    return acronym


@check("acronyms", "an acronym is used before it is spelled out", QUESTION_SCOPE)
def acronyms(course: Course):
    known = COMMON_ACRONYMS | set(course.quality_acronyms) | NOT_ACRONYMS
    seen: set[str] = set()
    for passage in reading_order(course):
        text = QUOTED.sub(lambda m: " " * len(m.group(0)), passage.text)  # others' words, quoted as said
        text = CAPITALS_RUN.sub(lambda m: " " * len(m.group(0)), text)
        for match in ACRONYM.finditer(text):
            acronym = _base(match.group(0))
            if acronym in seen or acronym in known or len(acronym) < 2:
                continue
            seen.add(acronym)
            if _expanded_here(text, match.start(), match.end()):
                continue
            q = passage.question
            line = (line_in(q.file, acronym, (q.line or 1) - 1, word=True) if q else None) or \
                (q.line if q else line_in(passage.file, acronym, word=True))
            yield Finding(passage.file, line, f"'{acronym}' is used before it is spelled out",
                          "where a learner first meets it, write it in full with the acronym in brackets, like "
                          "'designated safeguarding lead (DSL)'; if every reader of this course knows it, list "
                          "it under 'quality: acronyms:' in course.yaml", q, passage.page)


# -- reading time ----------------------------------------------------------------------------

WORDS_PER_MINUTE = 200
TOLERANCE = 0.20      # the estimate may be this far from the measured time...
TOLERANCE_MINUTES = 2  # ... or this many minutes, whichever is more


def _question_words(q: Question) -> int:
    """What a learner reads to answer a question and see its feedback."""
    if q.type == "scenario":
        return _best_path_words(q)
    return len(words(text_of(" ".join([q.context_html, q.prompt_html, q.correct_html or q.incorrect_html,
                                       *(o.html for o in q.options), *(i.html for i in q.items),
                                       *(t.html for t in q.targets),
                                       next((o.feedback_html for o in q.options if o.id in q.answer), "")]))))


def _best_path_words(q: Question) -> int:
    steps = {s.id: s for s in q.steps}
    step, total, seen = (q.steps[0] if q.steps else None), 0, set()
    while step and step.id not in seen:
        seen.add(step.id)
        choice = next((c for c in step.choices if c.best), step.choices[0] if step.choices else None)
        total += len(words(text_of(" ".join([step.html, step.prompt_html, *(c.html for c in step.choices)]))))
        if choice is None:
            break
        total += len(words(text_of(choice.consequence_html)))
        step = steps.get(choice.next) if choice.next else None
    return total + len(words(text_of(q.debrief_html)))


def measured_minutes(course: Course) -> float:
    """Words at 200 a minute: the first page, every page, the knowledge checks (the best path
    through each scenario) and as many bank questions as an attempt draws, at their average
    length."""
    count = len(words(text_of(course.content_note_html + " " + " ".join(course.learning_outcomes))))
    for page in course.pages:
        count += len(words(text_of(page.body_html)))
        count += sum(_question_words(q) for q in page.checks)
    a = course.assessment
    if a and a.questions:
        count += sum(_question_words(q) for q in a.questions) / len(a.questions) * min(a.draw, len(a.questions))
    return count / WORDS_PER_MINUTE


@check("reading-time", "estimated_minutes is far from the time the text takes to read", COURSE_SCOPE)
def reading_time(course: Course):
    measured = measured_minutes(course)
    course_file = course.root / "course.yaml"
    if course.estimated_minutes is None:
        return  # the first page does not give a time, so nothing misleads
    if abs(course.estimated_minutes - measured) > max(TOLERANCE_MINUTES, TOLERANCE * measured):
        shorter = course.estimated_minutes < measured
        yield Finding(course_file, line_in(course_file, "estimated_minutes"),
                      f"estimated_minutes is {course.estimated_minutes}, but the course takes about "
                      f"{measured:.0f} minutes to read (at {WORDS_PER_MINUTE} words a minute: the lessons, the best "
                      "path through each scenario, and the questions an attempt draws)",
                      f"set estimated_minutes to about {max(1, round(measured))}"
                      + (", or shorten the text: learners and their managers plan their time by it" if shorter
                         else "; if activities or videos take longer than reading, say so with a reason under "
                              "'quality: allow: reading-time:'"))


# -- contacts --------------------------------------------------------------------------------

# A UK phone number: 0 or +44 and 9 or 10 more digits in groups ("0808 800 5000",
# "0800 1111", "+44 20 7946 0000"), or a 116 helpline ("116 123"). 999, 111, 101 and 112 are
# known to everyone and need no source.
PHONE = re.compile(r"(?<![\w£$.,/-])(?:(?:\+44\s?(?:\(0\)\s?)?|0)\d(?:[ -]?\d){6,9}|116[ -]?\d{3})(?![\w/-]|[.,]\d)")


def digits_of(number: str) -> str:
    digits = re.sub(r"\D", "", number.replace("(0)", ""))
    return "0" + digits[2:] if number.strip().startswith("+44") else digits


@check("contacts", "a phone number in the text is not in the course's contacts", QUESTION_SCOPE)
def contacts(course: Course):
    listed = {digits_of(c.number) for c in course.contacts}
    given: set[str] = set()
    for passage in reading_order(course):
        for match in PHONE.finditer(passage.text):
            given.add(digits_of(match.group(0)))
            if digits_of(match.group(0)) in listed:
                continue
            q = passage.question
            line = (line_in(q.file, match.group(0), (q.line or 1) - 1) if q else None) or \
                (q.line if q else line_in(passage.file, match.group(0)))
            yield Finding(passage.file, line, f"the phone number {match.group(0)} is not in the course's contacts",
                          "list it under 'contacts:' in course.yaml with the service's name and where the number "
                          "comes from (name:, number:, source:), so that it can be checked and kept up to date",
                          q, passage.page)
    course_file = course.root / "course.yaml"
    if course.edition:
        return  # an edition's page replaces the course's: the course's own list is its authors' to keep
    for contact in course.contacts:
        if digits_of(contact.number) not in given:
            yield Finding(course_file, line_in(course_file, contact.number),
                          f"the contact '{contact.name}' ({contact.number}) is not given anywhere in the course",
                          "remove it from 'contacts:', or check that the number is written the same in the text")


# -- figures ---------------------------------------------------------------------------------

FIGURE = re.compile(r"\b\d+(?:\.\d+)?\s?(?:%|per ?cent\b)|\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|"
                    r"ten)\s+in\s+(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twenty|a hundred)\b"
                    r"(?!\s+(?:minutes|hours|days|weeks|months|years))", re.I)
# A page names a source: a citation with a year "(NSPCC, 2023)", a link, "source:", or the
# sentence with the figure says whose it is ("the Kent toolkit puts it at", "Ofsted found").
CITATION = re.compile(r"\([^()]*\b(?:19|20)\d\d\b[^()]*\)|\bsources?:", re.I)
ATTRIBUTION = re.compile(r"\b(?:according to|puts? it at|estimates?|estimated|found|finds|reports?|reported|"
                         r"survey|study|studies|research|data|figures|statistics|analysis|review|census|"
                         r"(?:19|20)\d\d)\b", re.I)


def _sentence_at(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("? ", 0, start), text.rfind("! ", 0, start))
    right = min([i for i in (text.find(". ", end), text.find("? ", end), text.find("! ", end)) if i >= 0] or
                [len(text)])
    return text[left + 1:right]


@check("figures", "a figure on a page that names no source", PAGE_SCOPE)
def figures(course: Course):
    for page in course.pages:
        if page.kind != "lesson":
            continue  # the first page and the assessment's pass mark are the course's own figures
        text = text_of(page.body_html)
        if CITATION.search(text) or "<a " in page.body_html:
            continue
        for figure in FIGURE.finditer(text):
            if ATTRIBUTION.search(_sentence_at(text, figure.start(), figure.end())):
                continue
            yield Finding(page.file, line_in(page.file, figure.group(0)) or line_in(page.file, figure.group(0)[:2]),
                          f"the page '{page.title}' gives a figure ({figure.group(0)}) but names no source",
                          "say where the figure comes from and its year, like '(NSPCC, 2023)', link to it, or "
                          "list it in the references", page=page)
            break
