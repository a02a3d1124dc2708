"""`/rwmedia/` for browser clients on other origins: CORS on every answer, and an upload's final URL
that plays from the moment the asset is listed."""
from tests.factories import AssetFactory
from tests.support import audio
from tests.support.uploads import MEDIA


def test_media_answer_allows_any_origin_and_exposes_ranges(anonymous, private_media_root):
    response = anonymous.get("/rwmedia/existing.mp3", headers={"Origin": "http://localhost:8080"})

    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Content-Range" in response.headers["Access-Control-Expose-Headers"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_range_answer_carries_cors_headers(anonymous, private_media_root):
    response = anonymous.get("/rwmedia/existing.mp3", headers={"Origin": "http://other.example", "Range": "bytes=0-3"})

    assert response.status_code == 206
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_media_preflight_allows_range_requests(anonymous, private_media_root):
    response = anonymous.open("OPTIONS", "/rwmedia/existing.mp3", headers={
        "Origin": "http://localhost:8080", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "range"})

    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response.headers["Access-Control-Allow-Methods"]
    assert "Range" in response.headers["Access-Control-Allow-Headers"]


def test_asset_file_is_an_absolute_url_from_public_url(staff, private_media_root):
    asset = AssetFactory(file="a1.mp3", filename="a1.mp3", processing_state="ready")

    body = staff.get(f"/api/2/assets/{asset.id}/", headers={"Host": "evil.example"}).json

    assert body["file"] == MEDIA + "a1.mp3"


def test_unconverted_upload_plays_at_its_mp3_url(anonymous, staff, private_media_root):
    original = audio.tone(private_media_root, "wav", seconds=1.0)
    mp3 = original.stem + ".mp3"
    asset = AssetFactory(file=original.name, filename=mp3, processing_state="pending")

    listed = staff.get(f"/api/2/assets/{asset.id}/").json
    served = anonymous.get(MEDIA + mp3)
    as_listed = anonymous.get(listed["file"])

    assert listed["filename"] == mp3
    assert served.status_code == 200 and served.mimetype.startswith("audio/")
    assert served.data == original.read_bytes()
    assert "no-cache" in served.headers["Cache-Control"]
    assert as_listed.status_code == 200 and as_listed.mimetype.startswith("audio/")


def test_mp3_url_of_an_unknown_asset_is_404(anonymous, private_media_root):
    assert anonymous.get("/rwmedia/nobody.mp3").status_code == 404


def test_media_name_cannot_climb_out_of_the_media_root(anonymous, private_media_root):
    assert anonymous.get("/rwmedia/..%2F..%2Fetc%2Fpasswd").status_code == 404
    assert anonymous.get("/rwmedia/sub/../../secret").status_code == 404
