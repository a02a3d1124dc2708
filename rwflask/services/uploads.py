"""The upload pipeline shared by `PATCH envelopes/:id/`, `POST assets/` and the admin form.

The file is checked by content and stored durably in the request (audio is decoded once to measure
it against the project's max_recording_length); converting audio to MP3 is left to a Celery worker.
A failed upload leaves no file and no row behind.
"""
import logging
import os
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from rwflask import access
from rwflask.errors import Forbidden, Invalid
from rwflask.extensions import db
from rwflask.models import Asset, Envelope, LocalizedString, Project, Session, Tag, User
from rwflask.models.base import utcnow
from rwflask.services import events, media, processing
from rwflask.services.speakers import listener_in_range
from rwflask.principal import Principal

log = logging.getLogger(__name__)
COPY_CHUNK = 1 << 20


def submitted_and_place(fields: dict, session: Session, project: Project,
                        caller: Principal) -> tuple[bool, float | None, float | None]:
    """The submitted cascade: an explicit value the caller may set; no location -> not submitted at the
    project's place; in range -> project.auto_submit; otherwise not submitted."""
    latitude, longitude = fields.get("latitude"), fields.get("longitude")
    # Only staff approve: a participant's `submitted=true` is not refused (clients send it blindly) but leaves
    # the project's rules to decide, as if it were absent; their explicit false (withholding) counts.
    if "submitted" in fields and access.may_set_submitted(caller, fields["submitted"]):
        return fields["submitted"], latitude, longitude
    if latitude is None or longitude is None:
        return False, project.latitude, project.longitude
    return (project.auto_submit if listener_in_range(session, project, latitude, longitude) else False), \
        latitude, longitude


def _save_upload(upload: FileStorage, limit: int) -> Path:
    """Copy the upload to a private temporary file, refusing more than `limit` bytes."""
    path = media.incoming_path()
    size = 0
    try:
        with path.open("wb") as out:
            while chunk := upload.stream.read(COPY_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise media.MediaError(f"The file is larger than the limit of {limit / (1024 * 1024):g} MB.")
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def _recording_limit(project: Project) -> float:
    """The longest recording the project accepts, in seconds: its max_recording_length, within the server's cap."""
    cap = current_app.config["MAX_RECORDING_SECONDS"]
    return min(project.max_recording_length or cap, cap)


def _measure(path: Path, media_type: str, project: Project) -> media.Probe:
    """Check the stored upload by content; audio is decoded (within the project's limit) to measure it."""
    probe = media.probe(path, media_type)
    if media_type != "audio":
        return probe
    seconds = media.measure_audio(path, _recording_limit(project), current_app.config["RECORDING_TOLERANCE_SECONDS"])
    return media.Probe(probe.extension, seconds)


def _related(model, ids: list[int] | None, field: str) -> list:
    if not ids:
        return []
    found = db.session.scalars(select(model).where(model.id.in_(ids))).all()
    # Roundware drops unknown tag ids silently; rwflask says which are unknown instead.
    missing = sorted(set(ids) - {r.id for r in found})
    if missing:
        raise Invalid(field, f"unknown id {missing[0]}")
    return sorted(found, key=lambda r: ids.index(r.id))


def _uploader(fields: dict, session: Session, caller: Principal) -> int | None:
    # The iOS app names its own user (0 when it does not know it): only crediting someone else needs staff.
    if fields.get("user_id") == 0:
        return session.user_id
    if fields.get("user_id") is not None and fields["user_id"] != caller.id:
        if not access.may_moderate(caller):
            raise Forbidden("Only staff may credit an upload to another user.")
        if db.session.get(User, fields["user_id"]) is None:
            raise Invalid("user_id", f"unknown id {fields['user_id']}")
        return fields["user_id"]
    return session.user_id


def upload_to_envelope(envelope: Envelope, upload: FileStorage, fields: dict, caller: Principal) -> Asset:
    """Store an uploaded file as a new asset of the envelope; audio is queued for conversion."""
    session = db.session.get(Session, envelope.session_id)
    project = db.session.get(Project, session.project_id)
    events.log(session.id, "start_upload", data={k: v for k, v in fields.items() if k != "file"},
               latitude=fields.get("latitude"), longitude=fields.get("longitude"), tags=fields.get("tag_ids"))
    db.session.commit()
    media_type = fields.get("media_type", "audio")
    tags = _related(Tag, fields.get("tag_ids"), "tag_ids")
    descriptions = _related(LocalizedString, fields.get("description_loc_ids"), "description_loc_ids")
    alt_texts = _related(LocalizedString, fields.get("alt_text_loc_ids"), "alt_text_loc_ids")
    user_id = _uploader(fields, session, caller)
    submitted, latitude, longitude = submitted_and_place(fields, session, project, caller)

    incoming = None
    stored = None
    try:
        incoming = _save_upload(upload, current_app.config["MAX_UPLOAD_BYTES"])
        probe = _measure(incoming, media_type, project)
        now = utcnow()
        name = media.stored_name(session.id, probe.extension, now)
        stored = media.media_root() / name
        os.replace(incoming, stored)
        incoming = None
        audio = media_type == "audio"
        asset = Asset(
            session_id=session.id, user_id=user_id, project_id=project.id, language_id=session.language_id,
            latitude=latitude, longitude=longitude, file=name, filename=media.playable_name(name) if audio else name,
            processing_state="pending" if audio else "ready", mediatype=media_type,
            submitted=submitted, description=fields.get("description") or "", volume=fields.get("volume", 1.0),
            weight=fields.get("weight", 50), audio_length=probe.duration if audio else None,
            start_time=0.0 if audio else None, end_time=probe.duration if audio else None,
            created=now, updated=now, tags=tags, loc_description=descriptions, loc_alt_text=alt_texts)
        envelope.assets.append(asset)
        db.session.add(asset)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        _discard(incoming, stored)
        raise
    if asset.processing_state == "pending":
        processing.queue_processing(asset.id)
    return asset


def _discard(*paths) -> None:
    for path in paths:
        if path is not None:
            Path(path).unlink(missing_ok=True)


def add_existing(envelope: Envelope, asset_id: int, caller: Principal) -> Asset:
    """Add an existing asset to the envelope (the asset_id variant of `PATCH envelopes/:id/`)."""
    asset = db.session.get(Asset, asset_id)
    # An asset the caller may not see answers as one that does not exist (as `GET assets/:id/` does).
    if asset is None or not access.may_see_asset(caller, asset.submitted, asset.user_id):
        raise Invalid(None, f"Invalid Asset ID Provided. No Asset exists with ID {asset_id}")
    if not access.may_edit_asset(caller, asset.user_id):
        raise Forbidden()
    if envelope not in asset.envelopes:
        asset.envelopes.append(envelope)
        asset.updated = utcnow()
        db.session.commit()
    return asset
