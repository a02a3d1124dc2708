"""What the `assets/` test modules share: the representation's keys and reading a list's ids."""

ASSET_KEYS = ["id", "description", "latitude", "longitude", "shape", "filename", "file", "volume", "submitted",
              "created", "updated", "weight", "start_time", "end_time", "user", "media_type",
              "audio_length_in_seconds", "tag_ids", "session_id", "project_id", "language_id", "envelope_ids",
              "description_loc_ids", "alt_text_loc_ids"]


def listed_ids(response) -> list[int]:
    """The ids of a 200 list response, in order."""
    assert response.status_code == 200, response.get_data(as_text=True)
    return [a["id"] for a in response.json]
