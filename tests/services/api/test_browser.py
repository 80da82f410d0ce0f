"""The page in a real headless Chromium (Debian's chromium and chromedriver, run by Selenium):
it renders the stories, their variants and relations; nothing from a fetched page runs; the
form works without script; a screenshot shows a rendered page."""

import io

import pytest
from PIL import Image
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.expected_conditions import staleness_of
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import Engine

from tests.services.api.conftest import WIDTH
from tests.services.api.sample import HOSTILE_TITLE, store_sample

pytestmark = pytest.mark.timeout(120)


def texts(driver: webdriver.Chrome, selector: str) -> list[str]:
    return [element.text for element in driver.find_elements(By.CSS_SELECTOR, selector)]


def test_the_page_renders_stories_and_runs_nothing_it_fetched(
    browser: webdriver.Chrome, api_url: str, engine: Engine
) -> None:
    store_sample(engine)
    browser.get(f"{api_url}/")
    assert texts(browser, "h2.story-title") == [
        "Putin and Macron hold crunch talks",
        "Valmere dockworkers walk out over automated cranes",
        HOSTILE_TITLE,  # shown as text, markup and all
    ]
    first = browser.find_element(By.CSS_SELECTOR, "article.story")
    assert [cell.text for cell in first.find_elements(By.CSS_SELECTOR, "td.relation")] == [
        "canonical",
        "near duplicate",
        "translation",
    ]
    assert [cell.text for cell in first.find_elements(By.CSS_SELECTOR, "td.outlet")] == [
        "EastWire",
        "NewsHub",
        "EuroDesk",
    ]
    # Neither the title's script, the text's onerror nor the javascript: URL ran or linked.
    assert browser.execute_script("return window.pwned === undefined") is True
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018 (reading it is the check)
    assert browser.find_elements(By.CSS_SELECTOR, "script, img, a[href^='javascript']") == []
    # The stylesheet loaded under the policy (the header is dark blue, not unstyled).
    header = browser.find_element(By.TAG_NAME, "header")
    assert header.value_of_css_property("background-color") == "rgba(29, 53, 87, 1)"


def test_the_filter_form_works_without_script(
    browser: webdriver.Chrome, api_url: str, engine: Engine
) -> None:
    store_sample(engine)
    browser.get(f"{api_url}/")
    browser.find_element(By.NAME, "entity").send_keys("Valmere")
    form = browser.find_element(By.CSS_SELECTOR, "form.filters")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    # The click only starts the navigation: read the page once the old one is gone.
    WebDriverWait(browser, 30).until(staleness_of(form))
    assert texts(browser, "h2.story-title") == [
        "Valmere dockworkers walk out over automated cranes"
    ]
    assert "entity=Valmere" in browser.current_url


def test_a_screenshot_of_the_page_shows_a_rendered_page(
    browser: webdriver.Chrome,
    api_url: str,
    engine: Engine,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    store_sample(engine)
    browser.get(f"{api_url}/")
    png = browser.get_screenshot_as_png()
    (tmp_path_factory.mktemp("screenshots") / "stories.png").write_bytes(png)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    viewport = browser.execute_script("return [window.innerWidth, window.innerHeight]")
    assert image.size == tuple(viewport)
    assert image.width == WIDTH
    pixels = image.width * image.height
    colors = image.getcolors(maxcolors=pixels) or []
    # Text, tables and the header: far from blank, and far from one flat colour.
    not_white = sum(count for count, rgb in colors if sum(rgb) < 3 * 240)
    assert not_white > pixels * 0.05
    assert len(colors) > 50
    # The header band across the top is the stylesheet's dark blue.
    assert image.getpixel((WIDTH // 2, 5)) == (29, 53, 87)
