"""Benchmark data: many assets over a 5 km square around a project, each with 1-3 of its tags."""
import math
import random
from pathlib import Path

from sqlalchemy import insert, select

from rwflask.extensions import db
from rwflask.models import Asset, Language, Project, Tag
from rwflask.models.asset import asset_tag
from rwflask.models.base import utcnow
from rwflask.ops import demo, sample_audio
from rwflask.services import generations, media

SPREAD_M = 5000
BATCH = 5000
TONE_NAME = "bench-tone.mp3"


def target_project(project_id: int | None) -> Project | None:
    """The given project, or the demo project (None when there is no such project)."""
    if project_id is not None:
        return db.session.get(Project, project_id)
    return db.session.scalar(select(Project).where(Project.name == demo.DEMO_NAME))


def add_assets(project: Project, count: int, media_root: Path, seed: int = 1) -> int:
    """Insert `count` ready audio assets in bulk (they all play one generated tone)."""
    tone = media_root / TONE_NAME
    if not tone.exists():
        sample_audio.tone_wav(tone.with_suffix(".wav"), 523.25, 20)
        media.convert_to_mp3(tone.with_suffix(".wav"), tone)
        tone.with_suffix(".wav").unlink()
    rng = random.Random(seed)
    tag_ids = db.session.scalars(select(Tag.id).where(Tag.project_id == project.id)).all() or []
    language_id = db.session.scalar(select(Language.id).where(Language.language_code == "en"))
    metres_per_degree_lat = 111_320.0
    metres_per_degree_lon = metres_per_degree_lat * math.cos(math.radians(project.latitude))
    now = utcnow()
    added = 0
    while added < count:
        n = min(BATCH, count - added)
        rows = []
        for _ in range(n):
            length = round(rng.uniform(5, 60), 2)
            rows.append({
                "project_id": project.id, "language_id": language_id,
                "latitude": project.latitude + rng.uniform(-0.5, 0.5) * SPREAD_M / metres_per_degree_lat,
                "longitude": project.longitude + rng.uniform(-0.5, 0.5) * SPREAD_M / metres_per_degree_lon,
                "file": TONE_NAME, "filename": TONE_NAME, "processing_state": "ready", "mediatype": "audio",
                "submitted": True, "description": "benchmark asset", "volume": 1.0, "weight": rng.randint(0, 99),
                "audio_length": length, "start_time": 0.0, "end_time": length, "created": now, "updated": now,
            })
        ids = db.session.execute(insert(Asset.__table__).returning(Asset.__table__.c.id), rows).scalars().all()
        if tag_ids:
            links = [{"asset_id": asset_id, "tag_id": tag_id} for asset_id in ids
                     for tag_id in rng.sample(tag_ids, rng.randint(1, min(3, len(tag_ids))))]
            db.session.execute(insert(asset_tag), links)
        generations.bump(db.session, generations.assets_key(project.id))  # Core inserts skip the ORM hook
        db.session.commit()
        added += n
    return added
