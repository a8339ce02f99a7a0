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


def test_offering_id_beyond_the_integer_range_is_a_404_not_a_500(client):
    for url in ("/angebot/99999999999999999999",
                "/angebot/99999999999999999999/buchen?start=2026-12-08T13:00Z"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Seite nicht gefunden" in response.get_data(as_text=True)


def test_wrong_method_on_a_page_is_a_german_405_with_a_way_back(client):
    response = client.put("/datenschutz")
    page = response.get_data(as_text=True)
    assert response.status_code == 405 and "GET" in response.headers["Allow"]
    assert '<html lang="de">' in page and "So geht es hier nicht weiter" in page
    assert 'href="/"' in page and "Method Not Allowed" not in page
    english = client.put("/datenschutz?lang=en").get_data(as_text=True)
    assert "This does not work here" in english and "To the start page" in english


def test_expired_form_page_offers_a_way_back(app):
    app.config["WTF_CSRF_ENABLED"] = True
    response = app.test_client().post("/angebot/1/buchen", data={"name": "Frau Schmidt"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Formular abgelaufen" in page
    assert "Zur Startseite" in page
