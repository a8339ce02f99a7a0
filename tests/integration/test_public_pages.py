"""The public start page, in German by default and in English on request."""


def test_start_page_lists_offerings_in_german(client, runner):
    runner.invoke(args=["demo", "seed"])
    page = client.get("/").get_data(as_text=True)
    assert "Termin buchen" in page
    assert "Beratung bei der Beratungslehrkraft" in page
    assert "Vertraulich" in page
    assert '<html lang="de">' in page


def test_english_is_selectable_and_sticks(client, runner):
    runner.invoke(args=["demo", "seed"])
    page = client.get("/?lang=en").get_data(as_text=True)
    assert "Book an appointment" in page and '<html lang="en">' in page
    assert "Counselling with the counselling teacher" in page
    assert "Book an appointment" in client.get("/").get_data(as_text=True)


def test_unknown_page_is_a_german_404(client):
    response = client.get("/gibt-es-nicht")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.get_data(as_text=True)
