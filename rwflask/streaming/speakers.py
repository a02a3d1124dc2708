"""Speakers on a live stream: the node's feeds play the project's speakers, each slot its own volumes."""
from rwflask.playlist.speaker_mix import speaker_uri, speaker_volume
from rwflask.streaming import slots
from rwflask.streaming.state import LiveStream


def speaker_commands(live: LiveStream) -> list[str]:
    """Telnet commands giving each of the project's speakers a feed on the node and this slot its volumes
    at the listener's place (feeds no speaker plays are muted)."""
    state, session, node = live.state, live.session, live.node
    commands, volumes = [], {}
    for speaker in slots.project_speakers(session.project_id):
        feed, new = slots.feed_for(node, speaker_uri(speaker))
        if feed is None:
            continue
        if new:
            commands.append(f"feed{feed}.url {speaker_uri(speaker)}")
        volume = speaker_volume(speaker, state.latitude, state.longitude, session.geo_listen_enabled)
        volumes[feed] = max(volumes.get(feed, 0.0), volume)
    for feed in range(node.feeds):
        commands.append(f"var.set s{live.slot}_f{feed}={volumes.get(feed, 0.0):.4f}")
    return commands
