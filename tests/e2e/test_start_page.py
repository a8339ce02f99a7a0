"""The start page in a real browser: offerings listed, language switch, accessible."""


def test_start_page_in_chromium(live_server, page, a11y, shoot):
    page.goto(live_server.url + "/")
    assert page.get_by_role("heading", level=1).inner_text() == "Termin buchen"
    assert page.get_by_text("Beratung bei der Beratungslehrkraft").is_visible()
    a11y(page)
    page.get_by_role("link", name="English").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Book an appointment"
    shoot(page, "start-page")
