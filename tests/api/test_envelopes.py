"""`envelopes/`: create, read and list, with who may see which."""
from sqlalchemy import func, select

from rwflask.extensions import db
from rwflask.models import Envelope
from tests.support.uploads import ENVELOPE_KEYS
from tests.factories import AssetFactory, EnvelopeFactory, SessionFactory


# --- envelopes/ ---------------------------------------------------------------------------------------------------

def test_post_envelope_returns_roundware_shape(participant, session):
    response = participant.post("/api/2/envelopes/", json={"session_id": session.id})

    assert response.status_code == 200
    assert list(response.json) == ENVELOPE_KEYS
    assert response.json["session_id"] == session.id and response.json["asset_ids"] == []
    assert db.session.get(Envelope, response.json["id"]) is not None


def test_post_envelope_form_encoded(participant, session):
    response = participant.post("/api/2/envelopes/", data={"session_id": str(session.id)})

    assert response.status_code == 200 and response.json["session_id"] == session.id


def test_post_envelope_with_unknown_session_is_400(participant):
    response = participant.post("/api/2/envelopes/", json={"session_id": 987654321})

    assert response.status_code == 400
    assert response.json["session_id"] == ["Session not found"]
    assert "detail" in response.json
    assert db.session.scalar(select(func.count()).select_from(Envelope)) == 0


def test_post_envelope_without_session_is_400(participant):
    response = participant.post("/api/2/envelopes/", json={})

    assert response.status_code == 400 and "session_id" in response.json


def test_post_envelope_in_another_participants_session_is_403(participant):
    other = SessionFactory()

    response = participant.post("/api/2/envelopes/", json={"session_id": other.id})

    assert response.status_code == 403


def test_get_envelope_lists_asset_ids(participant, envelope):
    first = AssetFactory(user_id=participant.user.id)
    second = AssetFactory(user_id=participant.user.id)
    for asset in (second, first):
        participant.patch(f"/api/2/envelopes/{envelope.id}/", json={"asset_id": asset.id})

    response = participant.get(f"/api/2/envelopes/{envelope.id}/")

    assert response.status_code == 200
    assert list(response.json) == ENVELOPE_KEYS
    assert response.json["asset_ids"] == [first.id, second.id]


def test_participant_lists_only_own_envelopes(participant, envelope):
    EnvelopeFactory(session_id=SessionFactory().id)

    response = participant.get("/api/2/envelopes/")

    assert [e["id"] for e in response.json] == [envelope.id]


def test_staff_lists_every_envelope(staff, envelope):
    other = EnvelopeFactory(session_id=SessionFactory().id)

    response = staff.get("/api/2/envelopes/")

    assert [e["id"] for e in response.json] == [envelope.id, other.id]


def test_participant_cannot_read_another_participants_envelope(participant):
    other = EnvelopeFactory(session_id=SessionFactory().id)

    assert participant.get(f"/api/2/envelopes/{other.id}/").status_code == 404


def test_staff_reads_any_envelope(staff):
    other = EnvelopeFactory(session_id=SessionFactory().id)

    response = staff.get(f"/api/2/envelopes/{other.id}/")

    assert response.status_code == 200 and response.json["id"] == other.id


def test_envelopes_filter_by_session_id(staff, envelope, session):
    EnvelopeFactory(session_id=SessionFactory().id)

    response = staff.get(f"/api/2/envelopes/?session_id={session.id}")

    assert [e["id"] for e in response.json] == [envelope.id]


def test_envelopes_filter_by_project_id(staff, envelope, project):
    EnvelopeFactory(session_id=SessionFactory().id)

    response = staff.get(f"/api/2/envelopes/?project_id={project.id}")

    assert [e["id"] for e in response.json] == [envelope.id]


def test_envelopes_filter_by_asset_id(staff, session):
    with_asset = EnvelopeFactory(session_id=session.id)
    EnvelopeFactory(session_id=session.id)  # one without the asset
    asset = AssetFactory()
    staff.patch(f"/api/2/envelopes/{with_asset.id}/", json={"asset_id": asset.id})

    response = staff.get(f"/api/2/envelopes/?asset_id={asset.id}")

    assert [e["id"] for e in response.json] == [with_asset.id]


def test_envelopes_filter_with_non_integer_is_400(staff):
    response = staff.get("/api/2/envelopes/?session_id=abc")

    assert response.status_code == 400 and "session_id" in response.json


def test_envelope_filters_do_not_widen_a_participants_view(participant, envelope):
    other_session = SessionFactory()
    EnvelopeFactory(session_id=other_session.id)

    response = participant.get(f"/api/2/envelopes/?session_id={other_session.id}")

    assert response.status_code == 200 and response.json == []
