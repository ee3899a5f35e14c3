"""The French edition, the interface's words, bilingual metadata, the institution's
theme, and printing."""
from __future__ import annotations

import re
import zipfile

import pytest
from click.testing import CliRunner
from lxml import etree
from playwright.sync_api import expect

from conftest import COURSE_YML, ROOT, package_html, write_course
from scormgen.build import build
from scormgen.cli import cli
from scormgen.course import contrast, load_course
from scormgen.i18n import RUNTIME_MESSAGES, translations

FR = ROOT / "course_source" / "fr"
EN = ROOT / "course_source"


def interface_messages() -> set[str]:
    found = set(RUNTIME_MESSAGES) | {"Table", "(opens in a new tab)"}
    for template in (ROOT / "templates").glob("*.html"):
        found |= set(re.findall(r'_\("((?:[^"\\]|\\.)*)"\)', template.read_text(encoding="utf-8")))
    return found


def test_every_interface_word_has_a_french_translation():
    fr = translations("fr-CA")
    same_in_french = {"Notes", "Question"}
    missing = sorted(m for m in interface_messages() if fr.gettext(m) == m and m not in same_in_french)
    assert missing == []


def test_the_french_edition_mirrors_the_english_one():
    en, fr = load_course(EN), load_course(FR)
    assert fr.language == "fr-CA" and fr.id == "working-alliance-fr"
    assert [p.id for p in fr.pages] == [p.id for p in en.pages]
    assert [r.id for r in fr.reflections] == [r.id for r in en.reflections]
    assert [o.id for o in fr.objectives] == [o.id for o in en.objectives]
    # the same self-assessment: the same questions, options and right answers, scored alike
    def scoring(course):
        return [(q.id, q.type, [(o.id, o.correct) for o in q.options], q.answer, q.attempts) for q in course.questions]
    assert scoring(fr) == scoring(en) and len(en.questions) == 8
    assert fr.mastery_score == en.mastery_score
    assert all(p.title != q.title for p, q in zip(fr.pages, en.pages, strict=True)), "every title translated"
    assert fr.media and all(path.is_relative_to(FR) for path in fr.media.values()), "its own French diagram"


def test_french_packages_speak_french(tmp_path):
    built = {p.target.name: p.path for p in build(FR, tmp_path)}
    with zipfile.ZipFile(built["scorm2004-4th"]) as archive:
        html = package_html(archive)
        manifest = etree.fromstring(archive.read("imsmanifest.xml"))
    assert '<html lang="fr-CA">' in html
    for words in ("Suivant", "Précédent", "Pause-réflexion", "Soumettre ma réponse", "Mes notes",
                  "septembre 2016", '"Page {n} sur {total}"'):
        assert words in html, words
    lom = "{http://ltsc.ieee.org/xsd/LOM}"
    titles = {s.get("language"): s.text for s in manifest.iter(f"{lom}title") for s in s}
    assert titles["fr-CA"].startswith("Médecine intégrative")
    assert titles["en"] == "Integrative medicine: importance of the working alliance"
    with zipfile.ZipFile(built["cmi5"]) as archive:
        cmi5 = etree.fromstring(archive.read("cmi5.xml"))
    ns = "{https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd}"
    assert [s.get("lang") for s in cmi5.find(f"{ns}course/{ns}title")] == ["fr-CA", "en"]
    with zipfile.ZipFile(built["xapi"]) as archive:
        tincan = etree.fromstring(archive.read("tincan.xml"))
    assert [n.get("lang") for n in tincan.iter("{http://projecttincan.com/tincan.xsd}name")] == ["fr-CA", "en"]


def test_words_the_html_adds_to_a_french_course_are_french(tmp_path):
    course = write_course(tmp_path / "course", {"course.yml": COURSE_YML.replace("language: en", "language: fr-CA")
                          .replace("bio: Writes *test* courses.", "bio: Voir [son site](https://example.org)."),
                          "pages/second.md": "# Deuxième\n\n| a |\n|---|\n| 1 |\n\n[Lien](https://example.org)\n"})
    loaded = load_course(course)
    assert "(s'ouvre dans un nouvel onglet)" in loaded.authors[0].bio_html
    second = loaded.pages[1].parsed.html
    assert 'aria-label="Tableau"' in second and "(s'ouvre dans un nouvel onglet)" in second


def test_theme_sets_colours_fonts_and_logo(tmp_path):
    course = write_course(tmp_path / "course", {
        "course.yml": COURSE_YML + 'theme:\n  logo: media/square.png\n  logo_alt: The Faculty\n'
                                   '  accent: "#8f001a"\n  font: "Georgia, serif"\n'})
    [package] = build(course, tmp_path / "out", ["scorm12"])
    with zipfile.ZipFile(package.path) as archive:
        html = archive.read("index.html").decode()
    assert "--sg-accent:#8f001a;" in html and "--sg-font:Georgia, serif;" in html
    assert '<img class="sg-logo" src="media/square.png" alt="The Faculty">' in html


def test_a_theme_without_enough_contrast_is_refused(tmp_path, monkeypatch):
    write_course(tmp_path / "course", {"course.yml": COURSE_YML + 'theme:\n  accent: "#7fb3e0"\n'})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", "course", "--out", "out"])
    assert result.exit_code == 1
    assert result.output == (
        "Error: the course has 2 problems; nothing was written:\n"
        "  course/course.yml:27: the theme's colours give links (accent) on the background a contrast of "
        "2.23:1; WCAG AA asks for 4.5:1. Choose a darker or lighter colour. [SG131]\n"
        "  course/course.yml:27: the theme's colours give white text on the header and buttons (accent) a "
        "contrast of 2.23:1; WCAG AA asks for 4.5:1. Choose a darker or lighter colour. [SG131]\n")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("fore,back,ratio", [("#000000", "#ffffff", 21.0), ("#ffffff", "#ffffff", 1.0),
                                             ("#0b4f8a", "#ffffff", 8.4), ("#767676", "#ffffff", 4.54)])
def test_contrast_ratio(fore, back, ratio):
    assert round(contrast(fore, back), 2) == ratio


@pytest.mark.browser
def test_printing_a_page_and_the_learners_work(browser, real_packages_unpacked):
    page = browser.new_page()
    page.goto((real_packages_unpacked / "scorm12" / "index.html").as_uri())
    page.locator('[data-sg-goto="relationship-at-the-heart"]').click()
    block = page.locator("[data-sg-reflection]").first
    block.locator("textarea").fill("My printed answer\non two lines")
    block.locator('[data-sg-action="submit"]').click()
    page.locator('[data-sg-action="toggle-notes"]').click()
    page.locator("[data-sg-notes] textarea").fill("My printed notes")
    page.evaluate("window.scormgen.ui.preparePrint()")
    page.emulate_media(media="print")
    expect(page.locator(".sg-header")).to_be_hidden()
    expect(page.locator("[data-sg-toc]")).to_be_hidden()
    expect(page.locator("[data-sg-page-id] h1")).to_be_visible()
    expect(block.locator(".sg-printed-answer")).to_have_text("My printed answer\non two lines")
    expect(page.locator("[data-sg-print-work]")).to_be_hidden()
    page.evaluate("document.body.classList.add('sg-printing-work')")
    work = page.locator("[data-sg-print-work]")
    expect(work).to_be_visible()
    expect(work).to_contain_text("My printed notes")
    expect(work).to_contain_text("My printed answer")
    expect(page.locator("[data-sg-page-id] h1")).to_be_hidden()
    page.close()
