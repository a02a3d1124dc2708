"""How loud each speaker is for a listener (the client mixer's rule, which fixes Roundware's server).

Inside the speaker's shape the volume rises linearly from `minvolume` at the edge to
`maxvolume` at `attenuation_distance` metres inside (and stays there); outside it is
`minvolume`. Global listeners hear every active speaker at `maxvolume`.
"""
import shapely

from rwflask import geo


def speaker_volume(speaker, latitude: float | None, longitude: float | None, geo_listen_enabled: bool) -> float:
    """The volume (0..maxvolume) of one active speaker at the listener's place."""
    if not geo_listen_enabled:
        return speaker.maxvolume
    if latitude is None or longitude is None or speaker.shape is None:
        return speaker.minvolume
    if not speaker.shape.covers(shapely.Point(longitude, latitude)):
        return speaker.minvolume
    if not speaker.attenuation_distance:
        return speaker.maxvolume
    depth = geo.distance_to_geometry_m(latitude, longitude, speaker.shape.boundary)
    share = min(1.0, depth / speaker.attenuation_distance)
    return speaker.minvolume + (speaker.maxvolume - speaker.minvolume) * share


def speaker_uri(speaker) -> str:
    """What to play for a speaker: its uri, or its backup when it has no uri."""
    return speaker.uri or speaker.backupuri
