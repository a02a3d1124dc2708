"""The demo project that `flask rw seed-demo` creates: enough to try every client screen."""
from pathlib import Path

from shapely.geometry import MultiPolygon, Polygon
from sqlalchemy import select

from rwflask.extensions import db
from rwflask.models import (Asset, Audiotrack, Language, LocalizedString, Project, Session, Speaker, Tag,
                            TagCategory, UIGroup, UIItem, User)
from rwflask.models.base import utcnow
from rwflask import geo
from rwflask.services import media
from rwflask.ops import sample_audio

DEMO_NAME = "rwflask demo"
AMBIENT_NAME = "demo-ambient.mp3"
CENTRE = (42.3550, -71.0656)  # Boston Common: latitude, longitude
LANGUAGES = {"en": "English", "es": "Spanish", "fr": "French"}

PROJECT_TEXTS = {
    "sharing_message_loc": {"en": "Listen to what I recorded with Roundware!",
                            "es": "¡Escucha lo que grabé con Roundware!",
                            "fr": "Écoutez ce que j'ai enregistré avec Roundware !"},
    "out_of_range_message_loc": {"en": "You are out of range of this project. Come closer to hear it.",
                                 "es": "Estás fuera del alcance de este proyecto. Acércate para escucharlo.",
                                 "fr": "Vous êtes hors de portée de ce projet. Approchez-vous pour l'écouter."},
    "description_loc": {"en": "Voices of the Common, recorded by the people who walk it.",
                        "es": "Voces del parque, grabadas por quienes lo recorren.",
                        "fr": "Les voix du parc, enregistrées par celles et ceux qui s'y promènent."},
    "legal_agreement_loc": {"en": "By recording you agree that your recording may be played to others.",
                            "es": "Al grabar aceptas que tu grabación pueda escucharse por otras personas.",
                            "fr": "En enregistrant, vous acceptez que votre enregistrement soit diffusé."},
    "demo_stream_message_loc": {"en": "You are hearing a demo stream.",
                                "es": "Estás escuchando una transmisión de demostración.",
                                "fr": "Vous écoutez un flux de démonstration."},
}
CATEGORIES = {
    "question": {
        "header": {"listen": {"en": "What do you want to hear?", "es": "¿Qué quieres escuchar?",
                              "fr": "Que voulez-vous écouter ?"},
                   "speak": {"en": "What do you want to talk about?", "es": "¿De qué quieres hablar?",
                             "fr": "De quoi voulez-vous parler ?"}},
        "tags": {
            "memory": {"en": "A memory of this place", "es": "Un recuerdo de este lugar",
                       "fr": "Un souvenir de cet endroit"},
            "sound": {"en": "What do you hear right now?", "es": "¿Qué escuchas ahora mismo?",
                      "fr": "Qu'entendez-vous en ce moment ?"},
            "wish": {"en": "What would you change here?", "es": "¿Qué cambiarías aquí?",
                     "fr": "Que changeriez-vous ici ?"},
        },
    },
    "usertype": {
        "header": {"listen": {"en": "Whom do you want to hear?", "es": "¿A quién quieres escuchar?",
                              "fr": "Qui voulez-vous entendre ?"},
                   "speak": {"en": "Who are you?", "es": "¿Quién eres?", "fr": "Qui êtes-vous ?"}},
        "tags": {
            "visitor": {"en": "Visitor", "es": "Visitante", "fr": "Visiteur"},
            "resident": {"en": "Resident", "es": "Residente", "fr": "Habitant"},
        },
    },
}


def _strings(texts: dict, languages: dict) -> list[LocalizedString]:
    return [LocalizedString(localized_string=text, language=languages[code]) for code, text in texts.items()]


def _square(lat: float, lon: float, half_side_deg: float) -> MultiPolygon:
    return MultiPolygon([Polygon([(lon - half_side_deg, lat - half_side_deg), (lon - half_side_deg, lat + half_side_deg),
                                  (lon + half_side_deg, lat + half_side_deg), (lon + half_side_deg, lat - half_side_deg),
                                  (lon - half_side_deg, lat - half_side_deg)])])


def _languages() -> dict:
    languages = {}
    for code, name in LANGUAGES.items():
        language = db.session.scalar(select(Language).where(Language.language_code == code))
        if language is None:
            language = Language(language_code=code, name=name)
            db.session.add(language)
        languages[code] = language
    return languages


def _ui(project: Project, languages: dict) -> None:
    for group_index, (category_name, spec) in enumerate(CATEGORIES.items(), start=1):
        category = TagCategory(name=category_name, data="")
        tags = [Tag(project=project, tag_category=category, value=value, description=texts["en"], data="",
                    loc_msg=_strings(texts, languages)) for value, texts in spec["tags"].items()]
        db.session.add_all(tags)
        for mode in ("listen", "speak"):
            group = UIGroup(project=project, tag_category=category, name=f"{category_name} ({mode})", ui_mode=mode,
                            select="min_one" if mode == "listen" else "single", active=True, index=group_index,
                            header_text_loc=_strings(spec["header"][mode], languages))
            group.ui_items = [UIItem(tag=tag, index=i, active=True, default=(mode == "listen"))
                              for i, tag in enumerate(tags, start=1)]
            db.session.add(group)


DEMO_RECORDINGS = (
    ("en", "memory", "visitor", "I came here every Sunday with my grandmother to feed the ducks.", 0.0005, -0.0010),
    ("en", "sound", "resident", "Right now I hear the fountain, a dog barking, and traffic far away.", -0.0012, 0.0008),
    ("es", "wish", "resident", "Me gustaría que hubiera más bancos a la sombra de los árboles.", 0.0015, 0.0015),
    ("fr", "memory", "visitor", "Je me souviens d'un concert en plein air, un soir d'été.", -0.0008, -0.0018),
)


def seed_demo_media(project: Project, media_root: Path) -> int:
    """Give the demo project spoken recordings and its ambient sound (once); returns assets added."""
    ambient = media_root / AMBIENT_NAME
    if not ambient.exists():
        sample_audio.ambient_mp3(ambient)
    if db.session.scalar(select(Asset.id).where(Asset.project_id == project.id).limit(1)) is not None:
        return 0
    tags = {t.value: t for t in db.session.scalars(select(Tag).where(Tag.project_id == project.id))}
    languages = {lang.language_code: lang for lang in project.languages}
    for code, question, who, text, dlat, dlon in DEMO_RECORDINGS:
        name = media.stored_name(0, ".wav", utcnow())
        wav = sample_audio.speech_wav(media_root / name, text, voice=code)
        mp3_name = Path(name).stem + ".mp3"
        duration = media.probe(wav, "audio").duration
        media.convert_to_mp3(wav, media_root / mp3_name)
        db.session.add(Asset(
            project_id=project.id, language_id=languages[code].id, latitude=project.latitude + dlat,
            longitude=project.longitude + dlon, file=name, filename=mp3_name, processing_state="ready",
            mediatype="audio", submitted=True, description=text, audio_length=duration, start_time=0.0,
            end_time=duration, tags=[tags[question], tags[who]]))
    db.session.commit()
    return len(DEMO_RECORDINGS)


def seed_demo(ambient_uri: str) -> tuple[Project, bool]:
    """Create the demo project unless it exists; return it and whether it was created."""
    project = db.session.scalar(select(Project).where(Project.name == DEMO_NAME))
    if project is not None:
        return project, False
    languages = _languages()
    lat, lon = CENTRE
    project = Project(
        name=DEMO_NAME, owner="rwflask", latitude=lat, longitude=lon, audio_format="mp3", auto_submit=True,
        max_recording_length=60, sharing_url="https://roundware.org/", out_of_range_url=ambient_uri,
        recording_radius=200, listen_enabled=True, geo_listen_enabled=True, speak_enabled=True,
        geo_speak_enabled=True, out_of_range_distance=1000.0, languages=list(languages.values()),
        **{field: _strings(texts, languages) for field, texts in PROJECT_TEXTS.items()})
    db.session.add(project)
    _ui(project, languages)
    db.session.add(Audiotrack(
        project=project, minvolume=0.8, maxvolume=1.0, minduration=10, maxduration=30, mindeadair=1,
        maxdeadair=3, minfadeintime=0.1, maxfadeintime=0.5, minfadeouttime=0.1, maxfadeouttime=2,
        minpanpos=-0.5, maxpanpos=0.5, minpanduration=5, maxpanduration=10))
    shape = _square(lat, lon, 0.004)
    db.session.add(Speaker(
        project=project, activeyn=True, code="common", maxvolume=0.6, minvolume=0.0, uri=ambient_uri,
        backupuri="", shape=shape, boundary=geo.boundary(shape), attenuation_distance=100,
        attenuation_border=geo.attenuation_border(shape, 100)))
    db.session.flush()
    _admin_session(project, languages["en"])
    db.session.commit()
    return project, True


DEMO_STAFF_NAME = "rwflask-demo"


def _admin_session(project: Project, language: Language) -> None:
    # The Roundware admin app hard-codes session_id=1 (project detail, asset save): on a fresh
    # database this is session 1, owned by a staff user that cannot log in (no password).
    staff = db.session.scalar(select(User).where(User.username == DEMO_STAFF_NAME))
    if staff is None:
        staff = User(username=DEMO_STAFF_NAME, is_staff=True, is_active=True)
        db.session.add(staff)
        db.session.flush()
    db.session.add(Session(user_id=staff.id, project_id=project.id, language_id=language.id, starttime=utcnow(),
                           client_type="admin"))
