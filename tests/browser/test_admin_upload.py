"""End-to-end: the admin upload form driven in headless Chromium against the app on a real port.

The app is served by a Werkzeug server in a background thread (sharing the test database), and
audio is really converted by the session's Celery worker.
"""
import math
import re
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import shapely
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect
from sqlalchemy import func, select

from rwflask.extensions import db
from rwflask.models import Asset, Envelope, Session
from rwflask.services.users import create_admin
from tests.factories import (AssetFactory, ProjectFactory, SpeakerFactory, TagCategoryFactory, TagFactory,
                             UIGroupFactory, UIItemFactory, text_in)

PROJECT_LAT, PROJECT_LON = 42.3601, -71.0589
PASSWORD = "correct horse battery staple"
PROCESSING_DEADLINE_S = 90


# --- media -------------------------------------------------------------------------------------

def make_tone(path: Path, seconds: float, frequency: int, *codec: str) -> Path:
    """Write a sine tone of `seconds` at `frequency` Hz with ffmpeg (format from the file name)."""
    subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
                    "-i", f"sine=frequency={frequency}:duration={seconds}:sample_rate=44100", *codec, str(path)],
                   check=True, timeout=60)
    return path


# --- server and browser ------------------------------------------------------------------------

@pytest.fixture
def page(browser, live_server):
    """A page in a fresh browser context (no cookies); JavaScript errors are collected in `page.errors`."""
    context = browser.new_context(base_url=live_server)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    try:
        yield page
    finally:
        context.close()


def log_in(page, username: str, password: str) -> None:
    """Fill and submit the login form the page shows."""
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def login_url(base: str, next_path: str | None = None):
    """A URL predicate: the login page of `base`, asked to return to `next_path` (or to nothing)."""
    def matches(url: str) -> bool:
        parts = urlsplit(url)
        query = parse_qs(parts.query)
        return (f"{parts.scheme}://{parts.netloc}" == base and parts.path == "/admin/login"
                and query == ({} if next_path is None else {"next": [next_path]}))
    return matches


def expect_url(page, predicate) -> None:
    """Wait until the page's URL satisfies the predicate (a clear failure if it does not)."""
    try:
        page.wait_for_url(predicate, timeout=5_000)
    except PlaywrightTimeoutError:
        pytest.fail(f"unexpected URL {page.url}")


# --- data --------------------------------------------------------------------------------------

@pytest.fixture
def admin():
    return create_admin("curator", PASSWORD)


@pytest.fixture
def project_setup(english):
    """A project with an active speaker around it, a two-item speak question and one located asset."""
    project = ProjectFactory(name="Harbour Voices", latitude=PROJECT_LAT, longitude=PROJECT_LON,
                             languages=[english])
    speaker = SpeakerFactory(project=project, activeyn=True)
    group = UIGroupFactory(project=project, ui_mode="speak", select="multi", active=True,
                           tag_category=TagCategoryFactory(name="question"))
    tags = [TagFactory(project=project, tag_category=group.tag_category, loc_msg=[text_in(english, msg)])
            for msg in ("Memories of the harbour", "Sounds of the street")]
    for index, tag in enumerate(tags):
        UIItemFactory(ui_group=group, tag=tag, index=index, active=True)
    # North-west of the centre, inside the speaker (its square has a half side of 0.001 degree).
    existing = AssetFactory(project_id=project.id, latitude=PROJECT_LAT + 0.0006, longitude=PROJECT_LON - 0.0006)
    return {"project": project, "speaker": speaker, "tags": tags, "existing": existing}


# --- login -------------------------------------------------------------------------------------

def test_upload_page_without_login_redirects_to_login(page, live_server):
    page.goto("/admin/upload")
    expect_url(page, login_url(live_server, "/admin/upload"))
    expect(page.locator("form.login h2")).to_have_text("Staff login")
    expect(page.locator("#uploader")).to_have_count(0)


def test_wrong_password_shows_an_error(page, live_server, admin):
    page.goto("/admin/login")
    log_in(page, "curator", "not the password")
    expect(page.locator("p.error[role=alert]")).to_have_text("Unknown username or wrong password.")
    expect_url(page, login_url(live_server))
    page.goto("/admin/upload")
    expect_url(page, login_url(live_server, "/admin/upload"))


def test_non_staff_user_cannot_log_in(page, live_server):
    user = create_admin("visitor", PASSWORD)
    user.is_staff = False
    db.session.commit()
    page.goto("/admin/login")
    log_in(page, "visitor", PASSWORD)
    expect(page.locator("p.error[role=alert]")).to_have_text("This page is for staff members.")
    expect(page.locator("form.logout")).to_have_count(0)
    page.goto("/admin/upload")
    expect_url(page, login_url(live_server, "/admin/upload"))
    expect(page.locator("#uploader")).to_have_count(0)


def test_logout_ends_the_admin_session(page, live_server, admin):
    page.goto("/admin/upload")
    log_in(page, "curator", PASSWORD)
    expect_url(page, live_server + "/admin/upload")
    expect(page.locator("form.logout span")).to_have_text("curator")
    page.click("form.logout button")
    expect_url(page, login_url(live_server))
    expect(page.locator("form.logout")).to_have_count(0)
    page.goto("/admin/upload")
    expect_url(page, login_url(live_server, "/admin/upload"))
    expect(page.locator("#uploader")).to_have_count(0)


# --- the upload journey ------------------------------------------------------------------------

def test_staff_uploads_two_files_into_a_new_envelope(page, live_server, admin, project_setup, celery_worker,
                                                     client_for, app, tmp_path):
    project, speaker, tags, existing = (project_setup[k] for k in ("project", "speaker", "tags", "existing"))
    api_errors = []
    page.on("response", lambda r: api_errors.append(f"{r.status} {r.request.method} {r.url}")
            if "/api/2/" in r.url and r.status >= 400 else None)

    # Login: redirected there, a wrong password first, then back to the upload page.
    page.goto("/admin/upload")
    expect_url(page, login_url(live_server, "/admin/upload"))
    log_in(page, "curator", "wrong")
    expect(page.locator("p.error")).to_have_text("Unknown username or wrong password.")
    log_in(page, "curator", PASSWORD)
    expect_url(page, live_server + "/admin/upload")

    # The project is selected and its speak question offered.
    expect(page.locator("#project")).to_have_value(str(project.id))
    expect(page.locator("#project option:checked")).to_have_text(f"Harbour Voices (#{project.id})")
    tag_inputs = page.locator("#tags input.tag")
    expect(tag_inputs).to_have_count(2)
    expect(page.locator("#tags label")).to_have_text(["Memories of the harbour", "Sounds of the street"])
    assert [tag_inputs.nth(i).get_attribute("type") for i in range(2)] == ["checkbox", "checkbox"]
    assert [int(tag_inputs.nth(i).get_attribute("value")) for i in range(2)] == [t.id for t in tags]

    # The map shows the speaker zone and the existing asset inside it, north-west of the centre.
    speaker_path = page.locator("svg#map path.speaker")
    asset_dot = page.locator("svg#map circle.asset")
    expect(speaker_path).to_have_count(1)
    expect(asset_dot).to_have_count(1)
    expect(speaker_path.locator("title")).to_have_text(f"speaker {speaker.code}")
    expect(asset_dot.locator("title")).to_have_text(f"asset {existing.id}")
    zone, dot = speaker_path.bounding_box(), asset_dot.bounding_box()
    assert zone["width"] > 50 and zone["height"] > 50
    dot_x, dot_y = dot["x"] + dot["width"] / 2, dot["y"] + dot["height"] / 2
    assert zone["x"] < dot_x < zone["x"] + zone["width"] / 2
    assert zone["y"] < dot_y < zone["y"] + zone["height"] / 2

    # Clicking the middle of the speaker zone picks the project's place.
    speaker_path.click()
    latitude = page.input_value("#latitude")
    longitude = page.input_value("#longitude")
    assert re.fullmatch(r"-?\d+\.\d{6}", latitude) and re.fullmatch(r"-?\d+\.\d{6}", longitude)
    assert abs(float(latitude) - PROJECT_LAT) < 0.0001
    assert abs(float(longitude) - PROJECT_LON) < 0.0001
    expect(page.locator("#pick")).not_to_have_attribute("cx", "-20")

    # One tag, two files (different tones and containers), Upload.
    page.get_by_label("Sounds of the street").check()
    ticked = tags[1]
    expect(page.locator("#tags input.tag:checked")).to_have_count(1)
    files = [make_tone(tmp_path / "short-a4.wav", 2, 440),
             make_tone(tmp_path / "long-a5.ogg", 3, 880, "-c:a", "libvorbis")]
    page.set_input_files("input#files", [str(f) for f in files])
    page.click("#upload")

    ready = page.locator("#results li.result.ready")
    page.wait_for_function(
        """() => {
            const items = document.querySelectorAll("#results li.result.ready");
            return items.length === 2 && [...items].every((li) => {
                const audio = li.querySelector("audio");
                return audio && audio.getAttribute("src").endsWith(".mp3");
            });
        }""", timeout=PROCESSING_DEADLINE_S * 1000)
    expect(ready).to_have_count(2)
    expect(page.locator("#progress")).to_be_visible()
    assert page.eval_on_selector("#progress", "e => e.value") == 100
    expect(page.locator("#status")).to_have_text(re.compile(r"^Done: 2 file\(s\) in envelope #\d+\.$"))
    envelope_id = int(re.search(r"#(\d+)", page.inner_text("#status")).group(1))
    expect(page.locator("#upload")).to_be_enabled()
    expect(ready.nth(0)).to_contain_text("(short-a4.wav)")
    expect(ready.nth(1)).to_contain_text("(long-a5.ogg)")
    shown_ids = [int(ready.nth(i).get_attribute("data-asset-id")) for i in range(2)]

    # The converted MP3s are served to the page.
    for i in range(2):
        src = ready.nth(i).locator("audio").get_attribute("src")
        response = page.request.get(src)
        assert response.status == 200, src
        assert response.headers["content-type"] == "audio/mpeg"
        assert response.body()[:3] == b"ID3" or response.body()[0] == 0xFF
    assert page.errors == []
    assert api_errors == []

    # The database: one new envelope holding two processed, tagged, located assets.
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Envelope)) == 1
    envelope = db.session.get(Envelope, envelope_id)
    assert envelope is not None
    session = db.session.get(Session, envelope.session_id)
    assert session.project_id == project.id
    assert session.user_id == admin.id
    assert session.client_type == "rwflask-admin"
    new_assets = sorted(envelope.assets, key=lambda a: a.id)
    assert [a.id for a in new_assets] == shown_ids
    assert db.session.scalar(select(func.count()).select_from(Asset)) == 3
    media_root = Path(app.config["MEDIA_ROOT"])
    for asset, seconds, original in zip(new_assets, (2, 3), (".wav", ".ogg")):
        assert [t.id for t in asset.tags] == [ticked.id]
        assert asset.latitude == float(latitude)
        assert asset.longitude == float(longitude)
        assert asset.session_id == session.id
        assert asset.project_id == project.id
        assert asset.user_id == admin.id
        assert asset.mediatype == "audio"
        assert asset.processing_state == "ready"
        assert asset.file.endswith(original)
        assert asset.filename.endswith(".mp3")
        assert (media_root / asset.filename).is_file()
        assert math.isclose(asset.audio_length, seconds, abs_tol=0.1)

    # The API agrees.
    api = client_for(admin)
    body = api.get(f"/api/2/assets/?envelope_id={envelope_id}").json
    assert [a["id"] for a in body] == shown_ids
    for item in body:
        assert item["tag_ids"] == [ticked.id]
        assert item["envelope_ids"] == [envelope_id]
        assert item["session_id"] == session.id and item["project_id"] == project.id
        assert item["latitude"] == float(latitude) and item["longitude"] == float(longitude)
        assert item["filename"].endswith(".mp3") and item["file"].endswith(".mp3")
    envelope_body = api.get(f"/api/2/envelopes/{envelope_id}/").json
    assert envelope_body["session_id"] == session.id


def test_map_draws_an_asset_shape_around_its_zone(page, live_server, admin, project_setup):
    existing = project_setup["existing"]
    # A square of half side 0.0003 degree around the asset, inside the speaker zone.
    lat, lon, half = existing.latitude, existing.longitude, 0.0003
    existing.shape = shapely.geometry.MultiPolygon([shapely.geometry.box(lon - half, lat - half, lon + half, lat + half)])
    db.session.commit()
    page.goto("/admin/upload")
    log_in(page, "curator", PASSWORD)
    shape = page.locator("svg#map path.asset-shape")
    expect(shape).to_have_count(1)
    expect(shape.locator("title")).to_have_text(f"asset {existing.id} shape")
    area, dot = shape.bounding_box(), page.locator("svg#map circle.asset").bounding_box()
    dot_x, dot_y = dot["x"] + dot["width"] / 2, dot["y"] + dot["height"] / 2
    assert area["x"] < dot_x < area["x"] + area["width"] and area["y"] < dot_y < area["y"] + area["height"]
    speaker = page.locator("svg#map path.speaker").bounding_box()
    assert area["width"] < speaker["width"] / 2
